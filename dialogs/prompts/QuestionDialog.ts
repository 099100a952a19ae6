import { Dialog, DialogEvents, type DialogContext, type DialogEvent } from 'botbuilder-dialogs';

/**
 * The base of this bot's prompts: the dialogs that wait for the person's reply, so the innermost dialog of almost
 * every turn.
 *
 * botbuilder tells the innermost dialog of each turn that an activity arrived (`activityReceived`), and the event then
 * climbs through every dialog above it, each step an async call. None of this bot's dialogs listens for it (none
 * overrides onPreBubbleEvent or onPostBubbleEvent; test/dialogs/dialogTree.test.ts checks that), so it stops here.
 * Every other event climbs as usual.
 */
export abstract class QuestionDialog<O extends object = {}> extends Dialog<O> {
  override async onDialogEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
    if (event.name === DialogEvents.activityReceived) return false;
    return super.onDialogEvent(dc, event);
  }
}
