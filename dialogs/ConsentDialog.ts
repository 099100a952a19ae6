import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CONSENT_VERSION, type ConsentRecord } from '../src/privacy/ConsentRecord';
import { LocalizedChoicePrompt, yesNoChoices, type ChoicePromptOptions, type ChoiceResult, type ChoiceSpec } from './prompts/LocalizedChoicePrompt';

export const ConsentDialogIds = {
  consent: 'consentDialog',
  flow: 'consentDialog.flow',
  choice: 'consentDialog.choice',
} as const;

export interface ConsentDialogSettings {
  /** Days the data is kept after the last message (RETENTION_DAYS), as the person is told. */
  retentionDays: number;
  /** Hours a conversation without consent is kept (SESSION_HOURS), as the person is told. */
  sessionHours: number;
  now?: () => Date;
  /** The version of the text being agreed to (default CONSENT_VERSION). */
  version?: number;
}

/** What the dialog returns: the answer, and the record to keep in the profile (`profile.consent`). */
export interface ConsentResult {
  consent: boolean;
  record: ConsentRecord;
}

const MORE = 'more';

/**
 * Asks, in the person's language, whether the bot may keep their data: what it keeps, why, for how long and who sees
 * it, in three short sentences, then "Do you agree?" (yes / no / tell me more). A "no" changes nothing the person can
 * get: only how long the bot remembers them.
 */
export class ConsentDialog extends SharedInnerContextDialog {
  private readonly now: () => Date;
  private readonly version: number;

  constructor(private readonly settings: ConsentDialogSettings) {
    super(ConsentDialogIds.consent);
    this.now = settings.now ?? (() => new Date());
    this.version = settings.version ?? CONSENT_VERSION;
    this.addDialog(new LocalizedChoicePrompt(ConsentDialogIds.choice));
    this.addDialog(
      new WaterfallDialog(ConsentDialogIds.flow, [this.askStep.bind(this), this.moreStep.bind(this), this.recordStep.bind(this)]),
    );
    this.initialDialogId = ConsentDialogIds.flow;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const more: ChoiceSpec = { value: MORE, label: { key: 'privacy:consent.more' }, synonymsKey: 'privacy:consent.moreSynonyms' };
    return step.beginDialog(ConsentDialogIds.choice, {
      prompt: { key: 'privacy:consent.prompt', params: { days: this.settings.retentionDays } },
      choices: [...yesNoChoices(), more],
    } satisfies ChoicePromptOptions);
  }

  private async moreStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = step.result as ChoiceResult;
    if (choice.value !== MORE) return step.next(choice);
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(
      t('privacy:consent.details', { days: this.settings.retentionDays, hours: this.settings.sessionHours }),
    );
    return step.beginDialog(ConsentDialogIds.choice, {
      prompt: { key: 'privacy:consent.promptAgain' },
      choices: yesNoChoices(),
    } satisfies ChoicePromptOptions);
  }

  private async recordStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const given = (step.result as ChoiceResult).value === 'yes';
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(
      given ? t('privacy:consent.given') : t('privacy:consent.refused', { hours: this.settings.sessionHours }),
    );
    const record: ConsentRecord = { given, at: this.now().toISOString(), version: this.version };
    return step.endDialog({ consent: given, record } satisfies ConsentResult);
  }
}
