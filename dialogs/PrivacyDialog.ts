import { MessageFactory, type Attachment, type BotState } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import { getTurnLocale } from '../src/bot/turnLocale';
import { personOf } from '../src/privacy/Person';
import type { PrivacyService } from '../src/privacy/PrivacyService';
import { summarise } from '../src/privacy/summarise';
import { LocalizedChoicePrompt, yesNoChoices, type ChoicePromptOptions, type ChoiceResult } from './prompts/LocalizedChoicePrompt';

export const PrivacyDialogIds = {
  privacy: 'privacyDialog',
  flow: 'privacyDialog.flow',
  choice: 'privacyDialog.choice',
} as const;

/** Channels that show a file attachment given as a data: URL (Web Chat, Direct Line clients, the Emulator). */
export const FILE_CHANNELS: readonly string[] = ['webchat', 'directline', 'emulator'];

export const EXPORT_FILE_NAME = 'my-data.json';

export interface PrivacyDialogDeps {
  privacy: PrivacyService;
  /**
   * The states the bot saves at the end of every turn (conversation and user state). After an erasure they are
   * forgotten for the rest of the turn, so the end-of-turn save writes nothing back.
   */
  states: readonly BotState[];
  retentionDays: number;
  sessionHours: number;
}

/** What the dialog returns when the person goes back. After an erasure it returns nothing: it ends every dialog. */
export interface PrivacyDialogResult {
  erased: false;
}

type Action = 'see' | 'export' | 'delete' | 'back';

/**
 * The person's own data: see what the bot keeps, get a copy (a JSON file where the channel takes files), or delete
 * it all. After a deletion every dialog ends, the caller's included, and the next message starts a fresh conversation.
 */
export class PrivacyDialog extends SharedInnerContextDialog {
  constructor(private readonly deps: PrivacyDialogDeps) {
    super(PrivacyDialogIds.privacy);
    this.addDialog(new LocalizedChoicePrompt(PrivacyDialogIds.choice));
    this.addDialog(
      new WaterfallDialog(PrivacyDialogIds.flow, [this.menuStep.bind(this), this.actStep.bind(this), this.deleteStep.bind(this)]),
    );
    this.initialDialogId = PrivacyDialogIds.flow;
  }

  private async menuStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const option = (value: Action) => ({
      value,
      label: { key: `privacy:menu.${value}` },
      synonymsKey: `privacy:menu.${value}Synonyms`,
    });
    return step.beginDialog(PrivacyDialogIds.choice, {
      prompt: { key: 'privacy:menu.prompt' },
      choices: [option('see'), option('export'), option('delete'), option('back')],
    } satisfies ChoicePromptOptions);
  }

  private async actStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const action = (step.result as ChoiceResult).value as Action;
    switch (action) {
      case 'see':
        await step.context.sendActivity(await this.summary(step));
        return step.replaceDialog(PrivacyDialogIds.flow);
      case 'export':
        await this.sendExport(step);
        return step.replaceDialog(PrivacyDialogIds.flow);
      case 'delete':
        return step.beginDialog(PrivacyDialogIds.choice, {
          prompt: { key: 'privacy:delete.confirm' },
          choices: yesNoChoices(),
        } satisfies ChoicePromptOptions);
      case 'back':
        return step.endDialog({ erased: false } satisfies PrivacyDialogResult);
    }
  }

  private async deleteStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = getTurnLocale(step.context);
    if ((step.result as ChoiceResult).value !== 'yes') {
      await step.context.sendActivity(t('privacy:delete.kept'));
      return step.replaceDialog(PrivacyDialogIds.flow);
    }
    try {
      await this.deps.privacy.erase(personOf(step.context));
    } catch {
      // The service keeps the state keys when a holder fails, so trying again later finishes the job.
      await step.context.sendActivity(t('privacy:delete.failed'));
      return step.replaceDialog(PrivacyDialogIds.flow);
    }
    // Said before the states are forgotten: middleware that notes what the bot says (the handoff relay keeps the last
    // messages in the conversation state) writes into the cache that is dropped next, not into a fresh one.
    await step.context.sendActivity(t('privacy:delete.done'));
    // Nothing of this turn may be written back: end every dialog (the caller's too), then forget the cached states.
    const ended = await step.cancelAllDialogs(true);
    for (const state of this.deps.states) await state.delete(step.context);
    return ended;
  }

  private async summary(step: WaterfallStepContext): Promise<string> {
    const { t } = getTurnLocale(step.context);
    const data = await this.deps.privacy.describe(personOf(step.context));
    return summarise(data, t, this.deps);
  }

  private async sendExport(step: WaterfallStepContext): Promise<void> {
    const { t } = getTurnLocale(step.context);
    if (!FILE_CHANNELS.includes(step.context.activity.channelId ?? '')) {
      await step.context.sendActivity(t('privacy:export.noFiles'));
      await step.context.sendActivity(await this.summary(step));
      return;
    }
    const data = await this.deps.privacy.exportData(personOf(step.context));
    const json = JSON.stringify(data, null, 2);
    const file: Attachment = {
      contentType: 'application/json',
      contentUrl: `data:application/json;base64,${Buffer.from(json, 'utf8').toString('base64')}`,
      name: EXPORT_FILE_NAME,
    };
    await step.context.sendActivity(MessageFactory.attachment(file, t('privacy:export.sent')));
  }
}
