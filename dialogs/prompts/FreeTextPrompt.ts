import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { QuestionDialog } from './QuestionDialog';
import { renderText, type TextRef } from './LocalizedChoicePrompt';

export interface FreeTextPromptOptions {
  prompt: TextRef;
  /** Sent before the prompt again when the reply is empty or too long. Default: common:text.retry. */
  retry?: TextRef;
  /** Replies longer than this are refused with the retry text (default 500 characters). */
  maxLength?: number;
}

interface FreeTextState {
  options: FreeTextPromptOptions;
}

/**
 * Asks an open question; its text is an i18n key rendered at each prompt, so a language switch re-asks it in the new
 * language. Returns the reply, trimmed.
 */
export class FreeTextPrompt extends QuestionDialog<FreeTextPromptOptions> {
  override async beginDialog(dc: DialogContext, options?: FreeTextPromptOptions): Promise<DialogTurnResult> {
    if (!options) throw new TypeError('FreeTextPrompt needs a prompt');
    dc.activeDialog!.state = { options } satisfies FreeTextState;
    await dc.context.sendActivity(renderText(dc.context, options.prompt));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { options } = dc.activeDialog!.state as FreeTextState;
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const text = (activity.text ?? '').trim();
    if (text !== '' && text.length <= (options.maxLength ?? 500)) return dc.endDialog(text);
    await dc.context.sendActivity(MessageFactory.text(renderText(dc.context, options.retry ?? { key: 'common:text.retry' })));
    await dc.context.sendActivity(renderText(dc.context, options.prompt));
    return Dialog.EndOfTurn;
  }

  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const { options } = instance.state as FreeTextState;
    await context.sendActivity(renderText(context, options.prompt));
  }
}
