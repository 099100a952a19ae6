import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CITY_IDS, type CityId } from '../src/content/common';
import type { Scheme, SchemeKind } from '../src/content/schemesSchema';
import { ContentPicker, EnglishNote, employerSchemeLines, lessonLines, packMessages } from '../src/internships/present';
import { endedProgrammes, schemesFor, type Person } from '../src/matching/eligibility';
import { DialogIds } from './ids';
import { cityChoices } from './InternshipsDialog';
import { LocalizedChoicePrompt, yesNoChoices, type ChoiceResult } from './prompts/LocalizedChoicePrompt';

export const EmployerSchemesDialogIds = {
  dialog: 'employerSchemesDialog',
  flow: 'employerSchemesDialog.flow',
} as const;

export interface EmployerSchemesDialogOptions {
  /** The company's city when the bot already knows it; otherwise the dialog asks. */
  city?: CityId;
}

export interface EmployerSchemesDialogResult {
  city: CityId;
  /** The schemes shown, in the order shown. */
  schemeIds: string[];
  /** Whether the employer asked for the lessons of programmes that ended. */
  readLessons: boolean;
}

/** How the answer is organised: duties first, then support, then the public-contract angle, then the rest. */
export const EMPLOYER_GROUPS = ['duty', 'support', 'socialValue', 'other'] as const;
export type EmployerGroup = (typeof EMPLOYER_GROUPS)[number];

const GROUP_OF: Record<SchemeKind, EmployerGroup> = {
  'employer-duty': 'duty',
  internship: 'support',
  'wage-subsidy': 'support',
  'hiring-incentive': 'support',
  'language-at-work': 'support',
  'social-value-procurement': 'socialValue',
  'business-support': 'other',
  other: 'other',
};

interface Answers {
  city?: CityId;
  schemeIds?: string[];
}

/**
 * The employer's question "what support is there if I hire a newcomer?": for a city, the current schemes for
 * employers (conditions, money only where the source states it, duties such as UK right-to-work checks, and the
 * social-value angle for businesses that bid for public contracts). Ended programmes appear only as what the city
 * learned, and only when the employer asks.
 */
export class EmployerSchemesDialog extends SharedInnerContextDialog {
  constructor(private readonly schemes: readonly Scheme[]) {
    super(EmployerSchemesDialogIds.dialog);
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(
      new WaterfallDialog(EmployerSchemesDialogIds.flow, [this.cityStep.bind(this), this.schemesStep.bind(this), this.lessonsStep.bind(this)]),
    );
    this.initialDialogId = EmployerSchemesDialogIds.flow;
  }

  private async cityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const known = (step.options as EmployerSchemesDialogOptions | undefined)?.city;
    if (known && (CITY_IDS as readonly string[]).includes(known)) return step.next({ value: known, index: -1 } satisfies ChoiceResult);
    return step.beginDialog(DialogIds.choice, { prompt: { key: 'internships:employer.city.prompt' }, choices: cityChoices() });
  }

  private async schemesStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = step.values as Answers;
    const city = (step.result as ChoiceResult).value as CityId;
    answers.city = city;
    const { t, lng } = getTurnLocale(step.context);
    const cityName = t(`internships:cities.${city}`);
    // The employer has not described anyone yet: every condition about the person stays open and is shown as stated.
    const unknownHire: Person = { city, ageBand: 'unknown', residence: 'unknown', registeredUnemployed: 'unknown' };
    const matches = schemesFor(this.schemes, unknownHire, 'employer');
    const ordered = EMPLOYER_GROUPS.flatMap((group) => matches.filter((match) => GROUP_OF[match.scheme.kind] === group));
    answers.schemeIds = ordered.map((match) => match.scheme.id);

    if (ordered.length === 0) {
      await step.context.sendActivity(t('internships:employer.none', { city: cityName }));
    } else {
      await step.context.sendActivity(t('internships:employer.intro', { city: cityName }));
      const note = new EnglishNote(t);
      let group: EmployerGroup | undefined;
      for (const { scheme } of ordered) {
        if (GROUP_OF[scheme.kind] !== group) {
          group = GROUP_OF[scheme.kind];
          await step.context.sendActivity(t(`internships:employer.groups.${group}`));
        }
        const picker = new ContentPicker(lng);
        const messages = packMessages(employerSchemeLines(scheme, t, picker));
        for (const message of note.withNote(picker, messages)) await step.context.sendActivity(message);
      }
    }

    if (endedProgrammes(this.schemes, city).length === 0) return step.endDialog(this.result(answers, false));
    return step.beginDialog(DialogIds.choice, {
      prompt: { key: 'internships:employer.lessons.prompt', params: { city: cityName } },
      choices: yesNoChoices(),
    });
  }

  private async lessonsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = step.values as Answers;
    const city = answers.city!;
    if ((step.result as ChoiceResult).value !== 'yes') return step.endDialog(this.result(answers, false));
    const { t, lng } = getTurnLocale(step.context);
    await step.context.sendActivity(t('internships:employer.lessons.intro', { city: t(`internships:cities.${city}`) }));
    const note = new EnglishNote(t);
    for (const scheme of endedProgrammes(this.schemes, city)) {
      const picker = new ContentPicker(lng);
      const messages = packMessages(lessonLines(scheme, t, picker));
      for (const message of note.withNote(picker, messages)) await step.context.sendActivity(message);
    }
    return step.endDialog(this.result(answers, true));
  }

  private result(answers: Answers, readLessons: boolean): EmployerSchemesDialogResult {
    return { city: answers.city!, schemeIds: answers.schemeIds ?? [], readLessons };
  }
}
