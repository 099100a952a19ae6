import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CITY_IDS, type CityId } from '../src/content/common';
import { CEFR_LEVELS, type CefrLevel, type Scheme } from '../src/content/schemesSchema';
import type { Handoff } from '../src/handoff/HandoffRequest';
import { OfferNotOpenError } from '../src/internships/errors';
import type { InternshipOffer } from '../src/internships/InternshipOffer';
import { offersFor } from '../src/internships/matchOffers';
import { checkContact, type FieldError } from '../src/internships/offerForm';
import type { OfferRepository } from '../src/internships/OfferRepository';
import {
  CITY_LANGUAGE,
  ContentPicker,
  EnglishNote,
  languageName,
  newcomerSchemeLines,
  offerCard,
  packMessages,
} from '../src/internships/present';
import type { ContactPreference } from '../src/internships/Referral';
import { WORK_FIELDS, type WorkField } from '../src/internships/workFields';
import { schemesFor, type AgeBand, type Person, type PersonResidence } from '../src/matching/eligibility';
import { DialogIds } from './ids';
import { FreeTextPrompt } from './prompts/FreeTextPrompt';
import { LocalizedChoicePrompt, yesNoChoices, type ChoicePromptOptions, type ChoiceResult, type ChoiceSpec } from './prompts/LocalizedChoicePrompt';

export const InternshipsDialogIds = {
  dialog: 'internshipsDialog',
  flow: 'internshipsDialog.flow',
  contact: 'internshipsDialog.contact',
  text: 'internshipsDialog.text',
} as const;

export interface InternshipsDialogOptions {
  /** The person's city when the bot already knows it; otherwise the dialog asks. */
  city?: CityId;
}

/** What the dialog hands back when it ends. Nothing about residence, age or registration leaves the dialog. */
export interface InternshipsDialogResult {
  city: CityId;
  /** The schemes shown as open ('eligible' or 'maybe'), in the order shown. */
  schemeIds: string[];
  /** The approved offers shown. */
  offerIds: string[];
  /** Set when the person agreed to be put in touch and the referral was recorded. */
  referralId?: string;
}

/** At most this many offers are listed, soonest start first. */
export const MAX_OFFERS_SHOWN = 5;

const AGE_CHOICES: ReadonlyArray<[key: string, band: AgeBand]> = [
  ['a16to17', '16-17'],
  ['a18to24', '18-24'],
  ['a25to29', '25-29'],
  ['a30to49', '30-49'],
  ['a50plus', '50+'],
  ['preferNot', 'unknown'],
];

const RESIDENCE_CHOICES: ReadonlyArray<[key: string, residence: PersonResidence]> = [
  ['refugee', 'refugee'],
  ['asylumSeeker', 'asylum-seeker'],
  ['temporaryProtection', 'temporary-protection'],
  ['euCitizen', 'eu-citizen'],
  ['workPermit', 'work-permit'],
  ['otherPermit', 'other-legal-resident'],
  ['dontKnow', 'unknown'],
  ['preferNot', 'prefer-not-to-say'],
];

interface Answers {
  city?: CityId;
  ageBand?: AgeBand;
  residence?: PersonResidence;
  registered?: boolean | 'unknown';
  languageLevel?: CefrLevel | 'unknown';
  field?: WorkField;
  schemeIds?: string[];
  offerIds?: string[];
  offerId?: string;
  consentAt?: string;
  preference?: ContactPreference;
}

interface ContactOptions {
  kind: 'phone' | 'email';
  error?: FieldError;
}

export function cityChoices(): ChoiceSpec[] {
  return CITY_IDS.map((city) => ({
    value: city,
    label: { key: `internships:cities.${city}` },
    synonymsKey: `internships:citySynonyms.${city}`,
  }));
}

export function levelChoices(extra: ChoiceSpec): ChoiceSpec[] {
  return [...CEFR_LEVELS.map((level) => ({ value: level, label: { key: `internships:level.choices.${level}` } })), extra];
}

export function fieldChoices(): ChoiceSpec[] {
  return WORK_FIELDS.map((field) => ({ value: field, label: { key: `internships:fields.${field}` } }));
}

/**
 * The newcomer's side of internships and jobs: a few plain eligibility questions (city, age band, residence with
 * "I prefer not to say", registration, language level, field), the schemes they can join with why and what to do
 * next, then internship offers that employers registered and an adviser approved. "I'm interested" records a referral
 * only after consent, and hands the case to an adviser.
 */
export class InternshipsDialog extends SharedInnerContextDialog {
  private readonly now: () => Date;

  constructor(
    private readonly schemes: readonly Scheme[],
    private readonly offers: OfferRepository,
    private readonly handoff: Handoff,
    options: { now?: () => Date } = {},
  ) {
    super(InternshipsDialogIds.dialog);
    this.now = options.now ?? (() => new Date());
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(new FreeTextPrompt(InternshipsDialogIds.text));
    this.addDialog(
      new WaterfallDialog(InternshipsDialogIds.flow, [
        this.cityStep.bind(this),
        this.ageStep.bind(this),
        this.residenceStep.bind(this),
        this.registeredStep.bind(this),
        this.languageStep.bind(this),
        this.fieldStep.bind(this),
        this.resultsStep.bind(this),
        this.interestStep.bind(this),
        this.consentStep.bind(this),
        this.preferenceStep.bind(this),
        this.referralStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(InternshipsDialogIds.contact, [this.askContactStep.bind(this), this.checkContactStep.bind(this)]));
    this.initialDialogId = InternshipsDialogIds.flow;
  }

  private answers(step: WaterfallStepContext): Answers {
    return step.values as Answers;
  }

  private choose(step: WaterfallStepContext, options: ChoicePromptOptions): Promise<DialogTurnResult> {
    return step.beginDialog(DialogIds.choice, options);
  }

  private async cityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(t('internships:newcomer.intro'));
    const known = (step.options as InternshipsDialogOptions | undefined)?.city;
    if (known && (CITY_IDS as readonly string[]).includes(known)) return step.next({ value: known, index: -1 } satisfies ChoiceResult);
    return this.choose(step, { prompt: { key: 'internships:newcomer.city.prompt' }, choices: cityChoices() });
  }

  private async ageStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.answers(step).city = (step.result as ChoiceResult).value as CityId;
    return this.choose(step, {
      prompt: { key: 'internships:newcomer.age.prompt' },
      choices: AGE_CHOICES.map(([key, band]) => ({ value: band, label: { key: `internships:newcomer.age.choices.${key}` } })),
    });
  }

  private async residenceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.answers(step).ageBand = (step.result as ChoiceResult).value as AgeBand;
    // The why and the way out ("I prefer not to say") are part of the question, so they are repeated with it.
    return this.choose(step, {
      prompt: { key: 'internships:newcomer.residence.prompt' },
      choices: RESIDENCE_CHOICES.map(([key, residence]) => ({
        value: residence,
        label: { key: `internships:newcomer.residence.choices.${key}` },
        ...(key === 'preferNot' ? { synonymsKey: 'internships:newcomer.residence.preferNotSynonyms' } : {}),
      })),
    });
  }

  private async registeredStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    answers.residence = (step.result as ChoiceResult).value as PersonResidence;
    const { t } = getTurnLocale(step.context);
    return this.choose(step, {
      prompt: { key: 'internships:newcomer.registered.prompt', params: { office: t(`internships:office.${answers.city!}`) } },
      choices: [
        ...yesNoChoices(),
        { value: 'unknown', label: { key: 'internships:answer.dontKnow' }, synonymsKey: 'internships:answer.dontKnowSynonyms' },
      ],
    });
  }

  private async languageStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    const said = (step.result as ChoiceResult).value;
    answers.registered = said === 'yes' ? true : said === 'no' ? false : 'unknown';
    const { lng } = getTurnLocale(step.context);
    return this.choose(step, {
      prompt: { key: 'internships:newcomer.language.prompt', params: { language: languageName(CITY_LANGUAGE[answers.city!], lng) } },
      choices: levelChoices({
        value: 'unknown',
        label: { key: 'internships:answer.dontKnow' },
        synonymsKey: 'internships:answer.dontKnowSynonyms',
      }),
    });
  }

  private async fieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.answers(step).languageLevel = (step.result as ChoiceResult).value as CefrLevel | 'unknown';
    return this.choose(step, { prompt: { key: 'internships:newcomer.field.prompt' }, choices: fieldChoices() });
  }

  private async resultsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    answers.field = (step.result as ChoiceResult).value as WorkField;
    const { t, lng } = getTurnLocale(step.context);
    const city = answers.city!;
    const cityName = t(`internships:cities.${city}`);
    const person: Person = {
      city,
      ageBand: answers.ageBand ?? 'unknown',
      residence: answers.residence ?? 'unknown',
      registeredUnemployed: answers.registered ?? 'unknown',
      languageLevel: answers.languageLevel ?? 'unknown',
      ...(answers.field && answers.field !== 'other' ? { field: answers.field } : {}),
    };

    const matches = schemesFor(this.schemes, person, 'newcomer');
    answers.schemeIds = matches.map((match) => match.scheme.id);
    if (matches.length === 0) {
      await step.context.sendActivity(t('internships:newcomer.schemes.none', { city: cityName }));
    } else {
      await step.context.sendActivity(t('internships:newcomer.schemes.intro', { city: cityName }));
      const note = new EnglishNote(t);
      for (const match of matches) {
        const picker = new ContentPicker(lng);
        const messages = packMessages(newcomerSchemeLines(match, person, t, lng, picker));
        for (const message of note.withNote(picker, messages)) await step.context.sendActivity(message);
      }
    }

    const approved = await this.offers.listByStatus('approved');
    const shown = offersFor(approved, {
      city,
      languageLevel: answers.languageLevel ?? 'unknown',
      ...(answers.field ? { field: answers.field } : {}),
    }).slice(0, MAX_OFFERS_SHOWN);
    answers.offerIds = shown.map((offer) => offer.id);
    if (shown.length === 0) {
      await step.context.sendActivity(t('internships:offers.none', { city: cityName }));
      return step.endDialog(this.result(answers));
    }
    await step.context.sendActivity(t('internships:offers.intro', { city: cityName }));
    for (const [i, offer] of shown.entries()) await step.context.sendActivity(offerCard(offer, i + 1, t, lng));
    return this.choose(step, { prompt: { key: 'internships:offers.prompt' }, choices: offerChoices(shown) });
  }

  private async interestStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    const chosen = (step.result as ChoiceResult).value;
    if (chosen === 'none') {
      const { t } = getTurnLocale(step.context);
      await step.context.sendActivity(t('internships:offers.noThanksDone'));
      return step.endDialog(this.result(answers));
    }
    answers.offerId = chosen;
    return this.choose(step, {
      prompt: { key: 'internships:interest.consent' },
      choices: yesNoChoices(),
    });
  }

  private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    if ((step.result as ChoiceResult).value !== 'yes') {
      const { t } = getTurnLocale(step.context);
      await step.context.sendActivity(t('internships:interest.declined'));
      return step.endDialog(this.result(answers));
    }
    answers.consentAt = this.now().toISOString();
    return this.choose(step, {
      prompt: { key: 'internships:interest.preference.prompt' },
      choices: (['chat', 'phone', 'email'] as const).map((preference) => ({
        value: preference,
        label: { key: `internships:interest.preference.choices.${preference}` },
        synonymsKey: `internships:interest.preference.synonyms.${preference}`,
      })),
    });
  }

  private async preferenceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    const preference = (step.result as ChoiceResult).value as ContactPreference;
    answers.preference = preference;
    if (preference === 'chat') return step.next(undefined);
    return step.beginDialog(InternshipsDialogIds.contact, { kind: preference } satisfies ContactOptions);
  }

  private async referralStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = this.answers(step);
    const contact = typeof step.result === 'string' ? step.result : undefined;
    const { t } = getTurnLocale(step.context);
    const { activity } = step.context;
    let offer: InternshipOffer | undefined;
    let referralId: string;
    try {
      const referral = await this.offers.addReferral({
        offerId: answers.offerId!,
        person: { channelId: activity.channelId, userId: activity.from.id },
        consentAt: answers.consentAt!,
        contactPreference: answers.preference!,
        ...(contact !== undefined ? { contact } : {}),
      });
      referralId = referral.id;
      offer = await this.offers.get(referral.offerId);
    } catch (error) {
      if (!(error instanceof OfferNotOpenError)) throw error;
      await step.context.sendActivity(t('internships:interest.notOpen'));
      return step.endDialog(this.result(answers));
    }
    const summary: Record<string, string> = {
      Offer: offer ? `${offer.role} – ${offer.company}` : answers.offerId!,
      'Offer id': answers.offerId!,
      'Referral id': referralId,
      City: answers.city!,
      'Kind of work': answers.field ?? 'other',
      'Language level': answers.languageLevel ?? 'unknown',
      'Contact preference': answers.preference!,
      'Consent given at': answers.consentAt!,
    };
    if (contact !== undefined) summary['Contact'] = contact;
    await this.handoff.request(step.context, {
      topic: 'internships',
      reason: 'internship-interest',
      summary,
      city: answers.city!,
    });
    return step.endDialog({ ...this.result(answers), referralId } satisfies InternshipsDialogResult);
  }

  private async askContactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ContactOptions;
    if (options.error) {
      const { t } = getTurnLocale(step.context);
      await step.context.sendActivity(t(options.error.key, options.error.params ?? {}));
    }
    return step.beginDialog(InternshipsDialogIds.text, {
      prompt: { key: `internships:interest.${options.kind}.prompt` },
      maxLength: 10_000,
    });
  }

  private async checkContactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ContactOptions;
    const checked = checkContact(String(step.result), options.kind);
    if (checked.ok) return step.endDialog(checked.value);
    return step.replaceDialog(InternshipsDialogIds.contact, { kind: options.kind, error: checked.error } satisfies ContactOptions);
  }

  private result(answers: Answers): InternshipsDialogResult {
    return { city: answers.city!, schemeIds: answers.schemeIds ?? [], offerIds: answers.offerIds ?? [] };
  }
}

/** "I'm interested" for one offer, "I'm interested: 2" for several; and "No, thanks". The number also works. */
function offerChoices(offers: readonly InternshipOffer[]): ChoiceSpec[] {
  const choices: ChoiceSpec[] = offers.map((offer, i) =>
    offers.length === 1
      ? { value: offer.id, label: { key: 'internships:offers.interested' }, synonymsKey: 'internships:offers.interestedSynonyms' }
      : { value: offer.id, label: { key: 'internships:offers.interestedIn', params: { n: i + 1 } } },
  );
  choices.push({ value: 'none', label: { key: 'internships:offers.noThanks' }, synonymsKey: 'internships:offers.noThanksSynonyms' });
  return choices;
}
