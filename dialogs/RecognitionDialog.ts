import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import { z } from 'zod';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CITY_IDS, CityIdSchema, pickText, type CityId, type CountryCode, type LocalizedText } from '../src/content/common';
import {
  routeFor,
  type CountryRecognitionRoute,
  type Profession,
  type RecognitionCatalog,
  type RecognitionCountry,
  type RequiredDocument,
} from '../src/content/recognitionSchema';
import type { Handoff, HandoffRequest } from '../src/handoff/HandoffRequest';
import { confidentMatch, matchProfession } from '../src/matching/matchProfession';
import { FreeTextPrompt, type FreeTextPromptOptions } from './prompts/FreeTextPrompt';
import {
  LocalizedChoicePrompt,
  yesNoChoices,
  type ChoicePromptOptions,
  type ChoiceResult,
  type ChoiceSpec,
} from './prompts/LocalizedChoicePrompt';

/** Ids of this dialog and of the prompts inside it (scoped to it). Add, don't rename: saved stacks name them. */
export const RecognitionDialogIds = {
  dialog: 'recognitionDialog',
  flow: 'recognitionDialog.flow',
  choice: 'recognitionDialog.choice',
  text: 'recognitionDialog.text',
} as const;

/** The country whose rules apply in each city. */
export const CITY_COUNTRY: Readonly<Record<CityId, CountryCode>> = {
  birmingham: 'GB',
  lisbon: 'PT',
  milan: 'IT',
  helsinki: 'FI',
};

/**
 * What the caller may already know (e.g. from a sentence such as "nursing diploma recognised in Lisbon"); each field
 * given skips its question. `professionId` wins over `professionText`; an unknown id is ignored and the question asked.
 */
export const RecognitionDialogOptionsSchema = z
  .object({
    city: CityIdSchema.optional(),
    professionId: z.string().min(1).optional(),
    /** Free text naming the job; matched like a typed answer (asked to choose when unsure). */
    professionText: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type RecognitionDialogOptions = z.infer<typeof RecognitionDialogOptionsSchema>;

/** What the dialog returns when it ends, so the caller can go back to the menu (and remember the city). */
export const RecognitionResultSchema = z.object({
  /** Undefined when the job was not in the list. */
  professionId: z.string().optional(),
  city: CityIdSchema.optional(),
  /** Undefined when the job is unknown (general route). */
  regulated: z.boolean().optional(),
  handedOff: z.boolean(),
});
export type RecognitionResult = z.infer<typeof RecognitionResultSchema>;

export const QUALIFICATION_LEVELS = ['school', 'vocational', 'bachelor', 'master', 'doctorate'] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];
type Obtained = 'eu' | 'other' | 'dontKnow';
type Level = QualificationLevel | 'dontKnow';
type DocumentsAnswer = 'yes' | 'some' | 'no' | 'dontKnow';

/** What the dialog has learned; kept in the waterfall's values (saved with the dialog stack). */
interface RecognitionValues {
  professionId?: string;
  /** The name to show: the one the person typed when it is in their language, else the catalogue's first. */
  professionName?: string;
  professionText?: string;
  city?: CityId;
  obtained?: Obtained;
  level?: Level;
  documents?: DocumentsAnswer;
  /** "I don't know" answers in a row. */
  dontKnowStreak: number;
  englishNoteSent: boolean;
}

const NOT_IN_LIST = '__not-in-list__';
const DONT_KNOW = 'dontKnow';
/** The candidates offered when the match is unsure. */
const CANDIDATES_OFFERED = 3;
/** Split long lists into messages of at most this many characters (channels cut longer ones). */
const MAX_MESSAGE = 1400;
/** Sectors where working without checked documents puts people at risk: always a person's help. */
const SENSITIVE_SECTORS = new Set(['health', 'law']);

/**
 * The qualification-recognition guide. Asks the occupation (free text, any language, typos forgiven), the city, where
 * and at what level the qualification was obtained, and whether the documents are at hand; then says whether the job
 * is regulated there, who decides, the steps, the documents, cost and time where the source states them, and the
 * official link; and offers an adviser. Hands over to a person (and ends) when the case needs one.
 */
export class RecognitionDialog extends SharedInnerContextDialog {
  constructor(
    private readonly catalog: RecognitionCatalog,
    private readonly handoff: Handoff,
    id: string = RecognitionDialogIds.dialog,
  ) {
    super(id);
    for (const city of CITY_IDS) {
      if (!catalog.countries.some((country) => country.code === CITY_COUNTRY[city])) {
        throw new TypeError(`the recognition catalogue has no country ${CITY_COUNTRY[city]} (needed for ${city})`);
      }
    }
    this.addDialog(new LocalizedChoicePrompt(RecognitionDialogIds.choice));
    this.addDialog(new FreeTextPrompt(RecognitionDialogIds.text));
    this.addDialog(
      new WaterfallDialog(RecognitionDialogIds.flow, [
        this.askProfessionStep.bind(this),
        this.matchProfessionStep.bind(this),
        this.askCityStep.bind(this),
        this.askObtainedStep.bind(this),
        this.askLevelStep.bind(this),
        this.askDocumentsStep.bind(this),
        this.answerStep.bind(this),
        this.offerStep.bind(this),
      ]),
    );
    this.initialDialogId = RecognitionDialogIds.flow;
  }

  private async askProfessionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const parsed = RecognitionDialogOptionsSchema.safeParse(step.options ?? {});
    if (!parsed.success) throw new TypeError(`invalid RecognitionDialog options: ${parsed.error.message}`);
    const options = parsed.data;
    const values = this.values(step);
    values.dontKnowStreak = 0;
    values.englishNoteSent = false;
    if (options.city !== undefined) values.city = options.city;
    const known = options.professionId === undefined ? undefined : this.profession(options.professionId);
    if (known !== undefined) {
      values.professionId = known.id;
      values.professionName = displayName(known, getTurnLocale(step.context).lng);
      return step.next();
    }
    if (options.professionText !== undefined) return step.next(options.professionText);
    return step.beginDialog(RecognitionDialogIds.text, {
      prompt: { key: 'recognition:profession.prompt' },
    } satisfies FreeTextPromptOptions);
  }

  private async matchProfessionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    if (values.professionId !== undefined) return step.next();
    const text = step.result as string;
    values.professionText = text;
    const { t, lng } = getTurnLocale(step.context);
    const matches = matchProfession(this.catalog, text, lng);
    const confident = confidentMatch(matches);
    if (confident !== undefined) {
      values.professionId = confident.profession.id;
      values.professionName =
        confident.matchedLanguage === lng ? confident.matchedName : displayName(confident.profession, lng);
      await step.context.sendActivity(t('recognition:profession.understood', { name: values.professionName }));
      return step.next();
    }
    const candidates = matches.slice(0, CANDIDATES_OFFERED);
    if (candidates.length === 0) {
      await step.context.sendActivity(t('recognition:profession.notFound'));
      return step.next();
    }
    const labels = new Set<string>();
    const choices: ChoiceSpec[] = candidates.map((match) => {
      // The words that matched ("heating engineer") say better than the first name ("plumber") why it is offered,
      // unless another option already shows the same words ("professor" names two jobs in Portuguese).
      const matched = match.matchedLanguage === lng ? match.matchedName : undefined;
      const label = matched !== undefined && !labels.has(matched) ? matched : displayName(match.profession, lng);
      labels.add(label);
      return {
        value: match.profession.id,
        label: { literal: label },
        extraSynonyms: [...namesIn(match.profession, lng), ...namesIn(match.profession, 'en')],
      };
    });
    choices.push({
      value: NOT_IN_LIST,
      label: { key: 'recognition:profession.notInList' },
      synonymsKey: 'recognition:profession.notInListSynonyms',
    });
    return step.beginDialog(RecognitionDialogIds.choice, {
      prompt: { key: 'recognition:profession.choose' },
      choices,
    } satisfies ChoicePromptOptions);
  }

  private async askCityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const picked = step.result as ChoiceResult | undefined;
    if (values.professionId === undefined && picked !== undefined && picked.value !== NOT_IN_LIST) {
      const profession = this.profession(picked.value);
      if (profession !== undefined) {
        values.professionId = profession.id;
        values.professionName = displayName(profession, getTurnLocale(step.context).lng);
      }
    }
    if (values.city !== undefined) return step.next();
    return step.beginDialog(RecognitionDialogIds.choice, {
      prompt: { key: 'recognition:city.prompt' },
      choices: CITY_IDS.map((city) => ({
        value: city,
        label: { key: `recognition:city.${city}` },
        synonymsKey: `recognition:city.${city}Synonyms`,
      })),
    } satisfies ChoicePromptOptions);
  }

  private async askObtainedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const picked = step.result as ChoiceResult | undefined;
    if (values.city === undefined && picked !== undefined) values.city = CityIdSchema.parse(picked.value);
    // Where the qualification comes from changes the rules only inside the EU (automatic recognition of EU diplomas).
    if (!this.country(values).eu) return step.next();
    return step.beginDialog(RecognitionDialogIds.choice, {
      prompt: { key: 'recognition:obtained.prompt' },
      choices: [
        { value: 'eu', label: { key: 'recognition:obtained.eu' }, synonymsKey: 'recognition:obtained.euSynonyms' },
        { value: 'other', label: { key: 'recognition:obtained.other' }, synonymsKey: 'recognition:obtained.otherSynonyms' },
        dontKnowChoice(),
      ],
    } satisfies ChoicePromptOptions);
  }

  private async askLevelStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const picked = step.result as ChoiceResult | undefined;
    if (picked !== undefined) {
      values.obtained = picked.value as Obtained;
      if (this.countAnswer(values, picked.value)) return this.handOver(step, 'does-not-know', 'recognition:handoff.unsure');
    }
    return step.beginDialog(RecognitionDialogIds.choice, {
      prompt: { key: 'recognition:level.prompt' },
      choices: [
        ...QUALIFICATION_LEVELS.map((level) => ({
          value: level,
          label: { key: `recognition:level.${level}` },
          synonymsKey: `recognition:level.${level}Synonyms`,
        })),
        dontKnowChoice(),
      ],
    } satisfies ChoicePromptOptions);
  }

  private async askDocumentsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const picked = step.result as ChoiceResult;
    values.level = picked.value as Level;
    if (this.countAnswer(values, picked.value)) return this.handOver(step, 'does-not-know', 'recognition:handoff.unsure');
    return step.beginDialog(RecognitionDialogIds.choice, {
      prompt: { key: 'recognition:haveDocuments.prompt' },
      choices: [
        ...(['yes', 'some', 'no'] as const).map((answer) => ({
          value: answer,
          label: { key: `recognition:haveDocuments.${answer}` },
          synonymsKey: `recognition:haveDocuments.${answer}Synonyms`,
        })),
        dontKnowChoice(),
      ],
    } satisfies ChoicePromptOptions);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const picked = step.result as ChoiceResult;
    values.documents = picked.value as DocumentsAnswer;
    if (this.countAnswer(values, picked.value)) return this.handOver(step, 'does-not-know', 'recognition:handoff.unsure');

    const country = this.country(values);
    const profession = values.professionId === undefined ? undefined : this.profession(values.professionId);
    const route = profession === undefined ? undefined : routeFor(profession, country.code);
    if (profession === undefined || route === undefined) {
      await this.sendGeneralRoute(step, country);
      return this.offerAdviser(step);
    }
    if (route.regulated && values.documents === 'no') {
      await this.sendRegulatedWithoutDocuments(step, country, route);
      const sensitive = SENSITIVE_SECTORS.has(profession.sector);
      return this.handOver(
        step,
        sensitive ? 'regulated-health-or-law-without-documents' : 'regulated-without-documents',
        'recognition:handoff.withoutDocuments',
      );
    }
    await this.sendRoute(step, country, route);
    return this.offerAdviser(step);
  }

  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    if ((step.result as ChoiceResult).value === 'yes') return this.handOver(step, 'asked');
    await step.context.sendActivity(getTurnLocale(step.context).t('recognition:offer.declined'));
    return step.endDialog(this.result(values, false));
  }

  private offerAdviser(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(RecognitionDialogIds.choice, {
      prompt: { key: 'recognition:offer.prompt' },
      choices: yesNoChoices(),
    } satisfies ChoicePromptOptions);
  }

  /** Regulated or not, who decides, the steps, the documents, cost and time, the official link. */
  private async sendRoute(step: WaterfallStepContext, country: RecognitionCountry, route: CountryRecognitionRoute): Promise<void> {
    const values = this.values(step);
    const { t } = getTurnLocale(step.context);
    const say = this.writer(step);
    await this.sendVerdict(step, country, route);
    if (route.note !== undefined) await say([route.note], (note) => t('recognition:answer.note', { note }));
    if (route.regulated && country.eu && values.obtained === 'eu') {
      await step.context.sendActivity(t('recognition:answer.euQualification'));
    }
    await say(route.steps, (...steps) => numbered(t('recognition:answer.steps'), steps));
    if (route.documents.length > 0) {
      const notes = route.documents.map((doc) => doc.note).filter((note): note is LocalizedText => note !== undefined);
      await say(notes, (...noteTexts) => {
        let next = 0;
        const lines = route.documents.map((doc) => {
          const line = this.documentLine(step.context, doc);
          return doc.note === undefined ? line : `${line} (${noteTexts[next++] ?? ''})`;
        });
        return numbered(t('recognition:answer.documents'), lines);
      });
    }
    if (values.documents === 'some') await step.context.sendActivity(t('recognition:answer.someDocuments'));
    if (!route.regulated && (values.level === 'school' || values.level === 'vocational')) {
      const sv = country.schoolAndVocationalRoute;
      await say([sv.text], (text) => t('recognition:general.schoolAndVocational', { text, url: sv.url }));
    }
    await this.sendCostAndLink(step, route);
  }

  private async sendVerdict(step: WaterfallStepContext, country: RecognitionCountry, route: CountryRecognitionRoute): Promise<void> {
    const values = this.values(step);
    const { t } = getTurnLocale(step.context);
    const say = this.writer(step);
    await say([country.name], (countryName) =>
      t(route.regulated ? 'recognition:answer.regulated' : 'recognition:answer.notRegulated', {
        country: countryName,
        profession: values.professionName ?? '',
      }),
    );
    if (route.protectedTitle !== undefined) {
      await step.context.sendActivity(t('recognition:answer.protectedTitle', { title: route.protectedTitle }));
    }
    const authority = route.authority === undefined ? undefined : country.authorities.find((a) => a.id === route.authority);
    if (authority !== undefined) {
      // "Nursing and Midwifery Council (NMC)" needs no English gloss "Nursing and Midwifery Council".
      const sameName = authority.officialName.toLowerCase().includes(authority.englishName.toLowerCase());
      await step.context.sendActivity(
        t(sameName ? 'recognition:answer.whoDecidesSameName' : 'recognition:answer.whoDecides', {
          name: authority.officialName,
          englishName: authority.englishName,
          url: authority.url,
        }),
      );
    }
  }

  private async sendRegulatedWithoutDocuments(
    step: WaterfallStepContext,
    country: RecognitionCountry,
    route: CountryRecognitionRoute,
  ): Promise<void> {
    const { t } = getTurnLocale(step.context);
    await this.sendVerdict(step, country, route);
    const without = country.withoutDocuments;
    await this.writer(step)([without.text], (text) => t('recognition:answer.withoutDocuments', { text, url: without.url }));
  }

  private async sendCostAndLink(step: WaterfallStepContext, route: CountryRecognitionRoute): Promise<void> {
    const { t } = getTurnLocale(step.context);
    const say = this.writer(step);
    if (route.cost === undefined && route.duration === undefined) {
      await step.context.sendActivity(t('recognition:answer.feesOnOfficialPage', { url: route.sourceUrl }));
      return;
    }
    if (route.cost !== undefined) await say([route.cost], (cost) => t('recognition:answer.cost', { cost }));
    if (route.duration !== undefined) await say([route.duration], (duration) => t('recognition:answer.duration', { duration }));
    await step.context.sendActivity(t('recognition:answer.officialPage', { url: route.sourceUrl }));
  }

  /** Not in the list (or no route for the country): the comparability centre, and "apply directly to employers". */
  private async sendGeneralRoute(step: WaterfallStepContext, country: RecognitionCountry): Promise<void> {
    const values = this.values(step);
    const { t } = getTurnLocale(step.context);
    const say = this.writer(step);
    await say([country.name], (countryName) => t('recognition:general.intro', { country: countryName }));
    const centre = country.comparabilityCentre;
    await say([centre.whatItDoes], (text) =>
      t('recognition:general.centre', { name: centre.officialName, englishName: centre.englishName, text, url: centre.url }),
    );
    if (values.level === 'school' || values.level === 'vocational') {
      const sv = country.schoolAndVocationalRoute;
      await say([sv.text], (text) => t('recognition:general.schoolAndVocational', { text, url: sv.url }));
    }
    await step.context.sendActivity(t('recognition:general.employers'));
    if (country.regulatedProfessionsList !== undefined) {
      const list = country.regulatedProfessionsList;
      await step.context.sendActivity(t('recognition:general.regulatedList', { name: list.name, url: list.url }));
    }
    if (values.documents === 'no') {
      const without = country.withoutDocuments;
      await say([without.text], (text) => t('recognition:answer.withoutDocuments', { text, url: without.url }));
    } else if (values.documents === 'some') {
      await step.context.sendActivity(t('recognition:answer.someDocuments'));
    }
  }

  private documentLine(context: TurnContext, doc: RequiredDocument): string {
    const { t } = getTurnLocale(context);
    if (doc.kind === 'language-certificate' && doc.language !== undefined) {
      const language = t(`recognition:languageNames.${doc.language}`);
      return doc.languageLevel === undefined
        ? t('recognition:languageCertificate.withLanguage', { language })
        : t('recognition:languageCertificate.withLevel', { language, level: doc.languageLevel });
    }
    return t(`recognition:documents.${doc.kind}`);
  }

  /**
   * Returns a function that renders content texts in the person's language and sends the message; before the first
   * message that had to fall back to English, it sends (once per conversation with this dialog) the English-only note.
   */
  private writer(step: WaterfallStepContext) {
    const values = this.values(step);
    const { t, lng } = getTurnLocale(step.context);
    return async (texts: readonly LocalizedText[], render: (...picked: string[]) => string): Promise<void> => {
      const picked = texts.map((text) => pickText(text, lng));
      const messages = splitMessage(render(...picked.map((p) => p.text)));
      if (picked.some((p) => p.fallback) && !values.englishNoteSent) {
        values.englishNoteSent = true;
        await step.context.sendActivity(t('recognition:content.englishOnly'));
      }
      for (const message of messages) await step.context.sendActivity(message);
    };
  }

  /** Counts "I don't know" answers in a row; true when this is the second. */
  private countAnswer(values: RecognitionValues, answer: string): boolean {
    values.dontKnowStreak = answer === DONT_KNOW ? values.dontKnowStreak + 1 : 0;
    return values.dontKnowStreak >= 2;
  }

  private async handOver(step: WaterfallStepContext, reason: string, messageKey?: string): Promise<DialogTurnResult> {
    const values = this.values(step);
    if (messageKey !== undefined) await step.context.sendActivity(getTurnLocale(step.context).t(messageKey));
    const request: HandoffRequest = { topic: 'recognition', reason, summary: this.summary(values) };
    if (values.city !== undefined) request.city = values.city;
    await this.handoff.request(step.context, request);
    return step.endDialog(this.result(values, true));
  }

  /** What the adviser reads: English labels, values as ids or the person's own words. */
  private summary(values: RecognitionValues): Record<string, string> {
    const notAsked = 'not asked';
    const summary: Record<string, string> = {
      profession: values.professionId ?? 'not in the list',
      city: values.city ?? notAsked,
      obtained: describe(values.obtained, { eu: 'EU/EEA', other: 'outside the EU/EEA', dontKnow: "doesn't know" }) ?? notAsked,
      level: describe(values.level, { dontKnow: "doesn't know" }) ?? notAsked,
      documents: describe(values.documents, { yes: 'has them', some: 'has some', no: 'has none', dontKnow: "doesn't know" }) ?? notAsked,
    };
    if (values.professionId === undefined && values.professionText !== undefined) {
      summary['professionAsTyped'] = values.professionText.slice(0, 500);
    }
    const regulated = this.regulated(values);
    if (regulated !== undefined) summary['regulated'] = regulated ? 'yes' : 'no';
    return summary;
  }

  private result(values: RecognitionValues, handedOff: boolean): RecognitionResult {
    const result: RecognitionResult = { handedOff };
    if (values.professionId !== undefined) result.professionId = values.professionId;
    if (values.city !== undefined) result.city = values.city;
    const regulated = this.regulated(values);
    if (regulated !== undefined) result.regulated = regulated;
    return result;
  }

  private regulated(values: RecognitionValues): boolean | undefined {
    if (values.professionId === undefined || values.city === undefined) return undefined;
    const profession = this.profession(values.professionId);
    return profession === undefined ? undefined : routeFor(profession, CITY_COUNTRY[values.city])?.regulated;
  }

  private values(step: WaterfallStepContext): RecognitionValues {
    return step.values as RecognitionValues;
  }

  private profession(id: string): Profession | undefined {
    return this.catalog.professions.find((profession) => profession.id === id);
  }

  private country(values: RecognitionValues): RecognitionCountry {
    if (values.city === undefined) throw new ReferenceError('the city is not known yet');
    const code = CITY_COUNTRY[values.city];
    const country = this.catalog.countries.find((c) => c.code === code);
    if (country === undefined) throw new ReferenceError(`no recognition content for ${code}`);
    return country;
  }
}

function dontKnowChoice(): ChoiceSpec {
  return { value: DONT_KNOW, label: { key: 'recognition:dontKnow.label' }, synonymsKey: 'recognition:dontKnow.synonyms' };
}

function namesIn(profession: Profession, lng: string): string[] {
  return (profession.names as Record<string, string[] | undefined>)[lng] ?? [];
}

/** The occupation's first name in the person's language, or in English when it has none. */
export function displayName(profession: Profession, lng: string): string {
  return namesIn(profession, lng)[0] ?? profession.names.en[0] ?? profession.id;
}

function describe<T extends string>(value: T | undefined, labels: Partial<Record<T, string>>): string | undefined {
  if (value === undefined) return undefined;
  return labels[value] ?? value;
}

/** "Header:\n1. a\n2. b" */
function numbered(header: string, items: readonly string[]): string {
  return [header, ...items.map((item, i) => `${i + 1}. ${item}`)].join('\n');
}

/** Splits a long text at line breaks into messages no longer than MAX_MESSAGE (a single longer line stays whole). */
function splitMessage(text: string): string[] {
  if (text.length <= MAX_MESSAGE) return [text];
  const messages: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current !== '' && current.length + 1 + line.length > MAX_MESSAGE) {
      messages.push(current);
      current = line;
    } else {
      current = current === '' ? line : `${current}\n${line}`;
    }
  }
  if (current !== '') messages.push(current);
  return messages;
}
