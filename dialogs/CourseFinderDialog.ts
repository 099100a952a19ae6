import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CITY_IDS, CityIdSchema, type CityId } from '../src/content/common';
import {
  CourseLevelSchema,
  CourseSlotSchema,
  type CourseGoal,
  type CourseLevel,
  type CourseProgramme,
  type CourseSlot,
  type TargetLanguage,
} from '../src/content/coursesSchema';
import type { Handoff } from '../src/handoff/HandoffRequest';
import { estimateLevel, type CanDoAnswer, type CanDoAnswers, type CanDoQuestion } from '../src/matching/estimateLevel';
import {
  rankCourses,
  type CourseMatch,
  type CourseQuery,
  type RelaxableConstraint,
  type RelaxSuggestion,
} from '../src/matching/rankCourses';
import { ContentText, cardActivity, courseCard, employerCard } from './CourseCard';
import { FreeTextPrompt } from './prompts/FreeTextPrompt';
import {
  LocalizedChoicePrompt,
  yesNoChoices,
  type ChoicePromptOptions,
  type ChoiceResult,
  type ChoiceSpec,
} from './prompts/LocalizedChoicePrompt';

/** Ids of this dialog and its inner dialogs. Renaming one strands saved conversations: add, don't rename. */
export const CourseFinderDialogIds = {
  main: 'courseFinderDialog',
  flow: 'courseFinderDialog.flow',
  level: 'courseFinderDialog.level',
  results: 'courseFinderDialog.results',
  employer: 'courseFinderDialog.employer',
  noProgramme: 'courseFinderDialog.noProgramme',
  choice: 'courseFinderDialog.choice',
  text: 'courseFinderDialog.text',
} as const;

const ids = CourseFinderDialogIds;

/** What the caller may already know; each answer given here is not asked again. */
export const CourseFinderOptionsSchema = z.object({
  city: CityIdSchema.optional(),
  /** 'unknown' = the person does not know their level: no level questions, no level filter. */
  level: z.union([CourseLevelSchema, z.literal('unknown')]).optional(),
  /** 'any' = any time of day. */
  slot: z.union([CourseSlotSchema, z.literal('any')]).optional(),
  /** 'employer' shows what language learning at work looks like in the city instead of searching courses. */
  audience: z.enum(['newcomer', 'employer']).optional(),
});
export type CourseFinderOptions = z.infer<typeof CourseFinderOptionsSchema>;

/** What the dialog returns when it ends. */
export interface CourseFinderResult {
  /** Ids of the programmes the person was shown, in the order shown. */
  shown: string[];
  /** true when the dialog handed the person over to an adviser. */
  handedOff: boolean;
}

/** The language taught in each city's courses, asked about in the level questions. */
export const CITY_LANGUAGE: Readonly<Record<CityId, TargetLanguage>> = {
  birmingham: 'en',
  lisbon: 'pt',
  milan: 'it',
  helsinki: 'fi',
};

/** Names people type for the cities whatever the chat's language (the local spelling). */
const CITY_SYNONYMS: Readonly<Record<CityId, string[]>> = {
  birmingham: ['Birmingham'],
  lisbon: ['Lisboa', 'Lisbon'],
  milan: ['Milano', 'Milan'],
  helsinki: ['Helsinki', 'Helsingfors'],
};

const PAGE_SIZE = 3;
/** More ways out than this would make the question too long; the adviser is always offered too. */
const MAX_RELAX_OPTIONS = 3;
const TIME_CHOICES = ['morning', 'afternoon', 'evening', 'weekend', 'any'] as const;
const PLACE_CHOICES = ['district', 'online', 'anywhere'] as const;
type PlaceChoice = (typeof PLACE_CHOICES)[number];
const GOAL_CHOICES: readonly CourseGoal[] = ['everyday', 'work', 'citizenship', 'profession'];

/** Everything the person answered: plain data, kept in dialog state and turned into a ranking query. */
interface FinderAnswers {
  city: CityId;
  level: CourseLevel | 'unknown';
  slot: CourseSlot | 'any';
  place: PlaceChoice;
  district?: string;
  freeOnly: boolean;
  needsChildcare: boolean;
  goal: CourseGoal;
}

interface LevelState {
  answers: CanDoAnswers;
}

interface ResultsState {
  answers: FinderAnswers;
  offset: number;
  shown: string[];
  englishNoteSent: boolean;
}

/** Options of the employer and no-programme flows: they only need the city. */
interface CityState {
  city: CityId;
}

/** Why the person is handed over (HandoffRequest.reason). */
type HandoffReason = 'asked' | 'nothing-fits' | 'no-programme-in-city' | 'no-programme-for-level' | 'employer-asked';

interface PresentedResults {
  reason: HandoffReason;
  suggestions: RelaxSuggestion[];
}

/** What each waterfall keeps between its steps (WaterfallStepContext.values, typed). */
interface StepValues {
  flow: Partial<FinderAnswers>;
  level: { question?: CanDoQuestion };
  results: { presented?: PresentedResults };
  employer: { shown?: string[] };
}

function valuesOf<K extends keyof StepValues>(step: WaterfallStepContext, _flow: K): StepValues[K] {
  return step.values as StepValues[K];
}

function queryOf(answers: FinderAnswers): CourseQuery {
  const query: CourseQuery = {
    city: answers.city,
    targetLanguage: CITY_LANGUAGE[answers.city],
    slots: answers.slot === 'any' ? [] : [answers.slot],
    freeOnly: answers.freeOnly,
    needsChildcare: answers.needsChildcare,
    goal: answers.goal,
  };
  if (answers.level !== 'unknown') query.level = answers.level;
  if (answers.place === 'online') query.online = true;
  if (answers.place === 'district' && answers.district !== undefined) query.district = answers.district;
  return query;
}

function relaxed(answers: FinderAnswers, drop: readonly RelaxableConstraint[]): FinderAnswers {
  const next: FinderAnswers = { ...answers };
  for (const constraint of drop) {
    switch (constraint) {
      case 'slots':
        next.slot = 'any';
        break;
      case 'place':
        next.place = 'anywhere';
        delete next.district;
        break;
      case 'freeOnly':
        next.freeOnly = false;
        break;
      case 'childcare':
        next.needsChildcare = false;
        break;
    }
  }
  return next;
}

/** The answers for the adviser: English labels, values as given. */
function summaryOf(
  answers: Partial<FinderAnswers>,
  shown: readonly string[],
  audience: 'newcomer' | 'employer',
): Record<string, string> {
  const summary: Record<string, string> = { Audience: audience };
  if (answers.city !== undefined) summary['City'] = answers.city;
  if (answers.level !== undefined) summary['Level (estimate)'] = answers.level;
  if (answers.slot !== undefined) summary['Time'] = answers.slot;
  if (answers.place !== undefined) summary['Place'] = answers.place;
  if (answers.district !== undefined) summary['District'] = answers.district;
  if (answers.freeOnly !== undefined) summary['Free courses only'] = answers.freeOnly ? 'yes' : 'no';
  if (answers.needsChildcare !== undefined) summary['Needs childcare'] = answers.needsChildcare ? 'yes' : 'no';
  if (answers.goal !== undefined) summary['Goal'] = answers.goal;
  // HandoffRequest caps each value at 500 characters.
  summary['Courses shown'] = shown.length > 0 ? shown.join(', ').slice(0, 500) : 'none';
  return summary;
}

function levelWords(t: TFunction, level: CourseLevel): string {
  return level === 'literacy' ? t('courses:reason.levelLiteracy') : level;
}

function asChoice(result: unknown): ChoiceResult {
  if (typeof result !== 'object' || result === null || typeof (result as ChoiceResult).value !== 'string') {
    throw new TypeError('expected the result of a choice prompt');
  }
  return result as ChoiceResult;
}

/**
 * The language course finder: asks the city, estimates the level with a few can-do questions, asks about time, place,
 * cost, childcare and goal, and shows the best courses three at a time, each with why it fits, who pays and how to
 * enrol, from the content only. When nothing fits it says which wish to drop, or hands over to an adviser. With
 * `{ audience: 'employer' }` it shows what language learning at work looks like in the city instead.
 * Ends with a {@link CourseFinderResult}.
 */
export class CourseFinderDialog extends SharedInnerContextDialog {
  constructor(
    private readonly programmes: readonly CourseProgramme[],
    private readonly handoff: Handoff,
  ) {
    super(ids.main);
    this.addDialog(new LocalizedChoicePrompt(ids.choice));
    this.addDialog(new FreeTextPrompt(ids.text));
    this.addDialog(
      new WaterfallDialog(ids.flow, [
        this.cityStep.bind(this),
        this.levelStep.bind(this),
        this.timeStep.bind(this),
        this.placeStep.bind(this),
        this.districtStep.bind(this),
        this.costStep.bind(this),
        this.childcareStep.bind(this),
        this.goalStep.bind(this),
        this.searchStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(ids.level, [this.canDoAskStep.bind(this), this.canDoRecordStep.bind(this)]));
    this.addDialog(new WaterfallDialog(ids.results, [this.presentStep.bind(this), this.resultActionStep.bind(this)]));
    this.addDialog(
      new WaterfallDialog(ids.employer, [this.employerShowStep.bind(this), this.employerActionStep.bind(this)]),
    );
    this.addDialog(
      new WaterfallDialog(ids.noProgramme, [this.noProgrammeStep.bind(this), this.noProgrammeActionStep.bind(this)]),
    );
    this.initialDialogId = ids.flow;
  }

  override async beginDialog(outerDc: DialogContext, options?: CourseFinderOptions): Promise<DialogTurnResult> {
    const parsed = CourseFinderOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new TypeError(`CourseFinderDialog: invalid options (${fields})`);
    }
    return super.beginDialog(outerDc, parsed.data);
  }

  private choose(step: WaterfallStepContext, options: ChoicePromptOptions): Promise<DialogTurnResult> {
    return step.beginDialog(ids.choice, options);
  }

  private askYesNo(step: WaterfallStepContext, key: string): Promise<DialogTurnResult> {
    return this.choose(step, { prompt: { key }, choices: yesNoChoices() });
  }

  // Main flow -------------------------------------------------------------------------------------------------------

  private async cityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CourseFinderOptions;
    if (options.city !== undefined) return step.next({ value: options.city, index: -1 } satisfies ChoiceResult);
    return this.choose(step, {
      prompt: { key: 'courses:city.prompt' },
      choices: CITY_IDS.map((city) => ({
        value: city,
        label: { key: `courses:city.${city}` },
        extraSynonyms: CITY_SYNONYMS[city],
      })),
    });
  }

  private async levelStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CourseFinderOptions;
    const city = CityIdSchema.parse(asChoice(step.result).value);
    valuesOf(step, 'flow').city = city;
    if (options.audience === 'employer') return step.replaceDialog(ids.employer, { city } satisfies CityState);
    // No questions about level or time when the city has no course at all: say so at once.
    const inCity = rankCourses(this.programmes, { city, targetLanguage: CITY_LANGUAGE[city] });
    if (inCity.noMatchCause === 'no-programme-in-city') {
      return step.replaceDialog(ids.noProgramme, { city } satisfies CityState);
    }
    if (options.level !== undefined) return step.next(options.level);
    const { t } = getTurnLocale(step.context);
    const language = t(`courses:language.${CITY_LANGUAGE[city]}`);
    await step.context.sendActivity(t('courses:level.intro', { language }));
    return step.beginDialog(ids.level, { answers: {} } satisfies LevelState);
  }

  private async timeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CourseFinderOptions;
    const level = step.result as CourseLevel | 'unknown';
    valuesOf(step, 'flow').level = level;
    if (options.level === undefined) {
      const { t } = getTurnLocale(step.context);
      if (level === 'unknown') await step.context.sendActivity(t('courses:level.unknown'));
      else if (level === 'literacy') await step.context.sendActivity(t('courses:level.resultLiteracy'));
      else await step.context.sendActivity(t('courses:level.result', { level }));
    }
    if (options.slot !== undefined) return step.next({ value: options.slot, index: -1 } satisfies ChoiceResult);
    return this.choose(step, {
      prompt: { key: 'courses:time.prompt' },
      choices: TIME_CHOICES.map((slot) => ({ value: slot, label: { key: `courses:time.${slot}` } })),
    });
  }

  private async placeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    valuesOf(step, 'flow').slot = asChoice(step.result).value as CourseSlot | 'any';
    return this.choose(step, {
      prompt: { key: 'courses:place.prompt' },
      choices: PLACE_CHOICES.map((place) => ({ value: place, label: { key: `courses:place.${place}` } })),
    });
  }

  private async districtStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const place = asChoice(step.result).value as PlaceChoice;
    valuesOf(step, 'flow').place = place;
    if (place !== 'district') return step.next();
    return step.beginDialog(ids.text, { prompt: { key: 'courses:place.districtPrompt' }, maxLength: 100 });
  }

  private async costStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (typeof step.result === 'string') valuesOf(step, 'flow').district = step.result;
    return this.askYesNo(step, 'courses:cost.prompt');
  }

  private async childcareStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    valuesOf(step, 'flow').freeOnly = asChoice(step.result).value === 'yes';
    return this.askYesNo(step, 'courses:childcare.prompt');
  }

  private async goalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    valuesOf(step, 'flow').needsChildcare = asChoice(step.result).value === 'yes';
    return this.choose(step, {
      prompt: { key: 'courses:goal.prompt' },
      choices: GOAL_CHOICES.map((goal) => ({ value: goal, label: { key: `courses:goal.${goal}` } })),
    });
  }

  private async searchStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = valuesOf(step, 'flow');
    const { city, level, slot, place } = values;
    if (city === undefined || level === undefined || slot === undefined || place === undefined) {
      throw new ReferenceError('the course finder reached the search without all answers');
    }
    const answers: FinderAnswers = {
      city,
      level,
      slot,
      place,
      freeOnly: values.freeOnly === true,
      needsChildcare: values.needsChildcare === true,
      goal: asChoice(step.result).value as CourseGoal,
    };
    if (values.district !== undefined) answers.district = values.district;
    const results: ResultsState = { answers, offset: 0, shown: [], englishNoteSent: false };
    return step.replaceDialog(ids.results, results);
  }

  // Level questions: one can-do question per turn until estimateLevel decides -----------------------------------------

  private async canDoAskStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { answers } = step.options as LevelState;
    const estimate = estimateLevel(answers);
    if (estimate.status === 'known') return step.endDialog(estimate.level);
    if (estimate.status === 'unknown') return step.endDialog('unknown');
    valuesOf(step, 'level').question = estimate.question;
    const choices: ChoiceSpec[] = [
      ...yesNoChoices(),
      { value: 'unsure', label: { key: 'courses:level.unsure' }, synonymsKey: 'courses:level.unsureSynonyms' },
    ];
    return this.choose(step, { prompt: { key: `courses:level.${estimate.question}` }, choices });
  }

  private async canDoRecordStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { answers } = step.options as LevelState;
    const { question } = valuesOf(step, 'level');
    if (question === undefined) throw new ReferenceError('no can-do question was asked');
    const answer = asChoice(step.result).value as CanDoAnswer;
    return step.replaceDialog(ids.level, { answers: { ...answers, [question]: answer } } satisfies LevelState);
  }

  // Results ----------------------------------------------------------------------------------------------------------

  private async presentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as ResultsState;
    const { t } = getTurnLocale(step.context);
    const ranking = rankCourses(this.programmes, queryOf(state.answers));
    const city = t(`courses:city.${state.answers.city}`);

    if (ranking.matches.length > 0) {
      valuesOf(step, 'results').presented = { reason: 'asked', suggestions: [] } satisfies PresentedResults;
      await this.sendPage(step.context, state, ranking.matches, city);
      const choices: ChoiceSpec[] = [];
      if (state.offset + PAGE_SIZE < ranking.matches.length) {
        choices.push({ value: 'more', label: { key: 'courses:results.moreButton' } });
      }
      choices.push({ value: 'adviser', label: { key: 'courses:results.adviserButton' } });
      choices.push({ value: 'done', label: { key: 'courses:results.doneButton' } });
      return this.choose(step, { prompt: { key: 'courses:results.prompt' }, choices });
    }

    if (ranking.noMatchCause === 'preferences') {
      const suggestions = ranking.relaxSuggestions.slice(0, MAX_RELAX_OPTIONS);
      valuesOf(step, 'results').presented = { reason: 'nothing-fits', suggestions } satisfies PresentedResults;
      const and = t('courses:list.and');
      const lines = suggestions.map(
        (suggestion) =>
          `- ${t('courses:nothing.suggestion', {
            change: suggestion.relax.map((constraint) => t(`courses:relax.phrase.${constraint}`)).join(and),
            count: suggestion.matchCount,
          })}`,
      );
      await step.context.sendActivity([t('courses:nothing.intro'), ...lines].join('\n'));
      const choices: ChoiceSpec[] = suggestions.map((suggestion, index) => ({
        value: `relax-${index}`,
        label: { literal: suggestion.relax.map((constraint) => t(`courses:relax.label.${constraint}`)).join(' + ') },
      }));
      choices.push({ value: 'adviser', label: { key: 'courses:results.adviserButton' } });
      choices.push({ value: 'done', label: { key: 'courses:nothing.stopButton' } });
      return this.choose(step, { prompt: { key: 'courses:nothing.prompt' }, choices });
    }

    const reason: HandoffReason =
      ranking.noMatchCause === 'no-programme-for-level' ? 'no-programme-for-level' : 'no-programme-in-city';
    valuesOf(step, 'results').presented = { reason, suggestions: [] } satisfies PresentedResults;
    const level = state.answers.level;
    await step.context.sendActivity(
      reason === 'no-programme-for-level' && level !== 'unknown'
        ? t('courses:noMatch.level', { city, level: levelWords(t, level) })
        : t('courses:noMatch.city', { city }),
    );
    return this.choose(step, {
      prompt: { key: 'courses:noMatch.adviserPrompt' },
      choices: yesNoChoices().map((choice) => ({ ...choice, value: choice.value === 'yes' ? 'adviser' : 'done' })),
    });
  }

  private async sendPage(
    context: TurnContext,
    state: ResultsState,
    matches: readonly CourseMatch[],
    city: string,
  ): Promise<void> {
    const { t, lng } = getTurnLocale(context);
    const page = matches.slice(state.offset, state.offset + PAGE_SIZE);
    const content = new ContentText(lng);
    const cards = page.map((match) => courseCard(t, match, city, content));
    const intro =
      state.offset === 0 ? t('courses:results.first', { total: matches.length }) : t('courses:results.more');
    await context.sendActivity(intro);
    if (content.fallback && !state.englishNoteSent) {
      await context.sendActivity(t('courses:content.englishOnly'));
      state.englishNoteSent = true;
    }
    for (const [index, card] of cards.entries()) {
      await context.sendActivity(cardActivity(context, t, card, state.offset + index + 1));
    }
    for (const match of page) if (!state.shown.includes(match.programme.id)) state.shown.push(match.programme.id);
  }

  private async resultActionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as ResultsState;
    const { presented } = valuesOf(step, 'results');
    if (presented === undefined) throw new ReferenceError('no results were presented');
    const value = asChoice(step.result).value;
    if (value === 'more') {
      return step.replaceDialog(ids.results, { ...state, offset: state.offset + PAGE_SIZE } satisfies ResultsState);
    }
    const relax = /^relax-(\d+)$/.exec(value);
    const suggestion = relax?.[1] === undefined ? undefined : presented.suggestions[Number(relax[1])];
    if (suggestion !== undefined) {
      const answers = relaxed(state.answers, suggestion.relax);
      return step.replaceDialog(ids.results, { ...state, answers, offset: 0 } satisfies ResultsState);
    }
    if (value === 'adviser') {
      await this.handoff.request(step.context, {
        topic: 'courses',
        reason: presented.reason,
        summary: summaryOf(state.answers, state.shown, 'newcomer'),
        city: state.answers.city,
      });
      return step.endDialog({ shown: state.shown, handedOff: true } satisfies CourseFinderResult);
    }
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(t(state.shown.length > 0 ? 'courses:end.newcomer' : 'courses:end.later'));
    return step.endDialog({ shown: state.shown, handedOff: false } satisfies CourseFinderResult);
  }

  // A city without any course -----------------------------------------------------------------------------------------

  private async noProgrammeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { city } = step.options as CityState;
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(t('courses:noMatch.city', { city: t(`courses:city.${city}`) }));
    return this.askYesNo(step, 'courses:noMatch.adviserPrompt');
  }

  private async noProgrammeActionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { city } = step.options as CityState;
    if (asChoice(step.result).value === 'yes') {
      await this.handoff.request(step.context, {
        topic: 'courses',
        reason: 'no-programme-in-city' satisfies HandoffReason,
        summary: summaryOf({ city }, [], 'newcomer'),
        city,
      });
      return step.endDialog({ shown: [], handedOff: true } satisfies CourseFinderResult);
    }
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(t('courses:end.later'));
    return step.endDialog({ shown: [], handedOff: false } satisfies CourseFinderResult);
  }

  // Employer side ----------------------------------------------------------------------------------------------------

  private async employerShowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { city } = step.options as CityState;
    const { t, lng } = getTurnLocale(step.context);
    const cityName = t(`courses:city.${city}`);
    const active = this.programmes
      .filter((programme) => programme.city === city && programme.status === 'active')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const withProvision = active.flatMap((programme) =>
      programme.employerProvision === undefined ? [] : [{ programme, provision: programme.employerProvision }],
    );
    const shown: string[] = [];
    const content = new ContentText(lng);

    if (withProvision.length > 0) {
      const cards = withProvision.map(({ programme, provision }) => employerCard(programme, provision, content));
      await step.context.sendActivity(t('courses:employer.intro', { city: cityName }));
      if (content.fallback) await step.context.sendActivity(t('courses:content.englishOnly'));
      for (const [index, card] of cards.entries()) {
        await step.context.sendActivity(cardActivity(step.context, t, card, index + 1));
      }
      shown.push(...withProvision.map(({ programme }) => programme.id));
    } else {
      await step.context.sendActivity(t('courses:employer.none', { city: cityName }));
      const forWork = active.filter((programme) => programme.goals.includes('work'));
      if (forWork.length > 0) {
        const lines = forWork.map((programme, index) => {
          const url = programme.enrol.url ?? programme.sourceUrl;
          return `${index + 1}. ${content.pick(programme.name)}\n${programme.provider}\n${url}`;
        });
        if (content.fallback) await step.context.sendActivity(t('courses:content.englishOnly'));
        await step.context.sendActivity([t('courses:employer.workCourses', { city: cityName }), ...lines].join('\n'));
        shown.push(...forWork.map((programme) => programme.id));
      }
    }
    valuesOf(step, 'employer').shown = shown;
    return this.askYesNo(step, 'courses:employer.adviserPrompt');
  }

  private async employerActionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { city } = step.options as CityState;
    const shown = valuesOf(step, 'employer').shown ?? [];
    if (asChoice(step.result).value === 'yes') {
      await this.handoff.request(step.context, {
        topic: 'courses',
        reason: 'employer-asked' satisfies HandoffReason,
        summary: summaryOf({ city }, shown, 'employer'),
        city,
      });
      return step.endDialog({ shown, handedOff: true } satisfies CourseFinderResult);
    }
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(t('courses:end.employer'));
    return step.endDialog({ shown, handedOff: false } satisfies CourseFinderResult);
  }
}
