import { TestAdapter, ConversationState, MemoryStorage } from 'botbuilder';
import {
  Dialog,
  DialogContainer,
  DialogSet,
  WaterfallDialog,
  type DialogContext,
  type DialogEvent,
  type DialogState,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { QuestionDialog } from '../../dialogs/prompts/QuestionDialog';
import { SharedInnerContextDialog } from '../../dialogs/SharedInnerContextDialog';
import { startApp, type RunningApp } from '../helpers/testApp';

function allDialogs(root: Dialog): Dialog[] {
  const found: Dialog[] = [root];
  if (root instanceof DialogContainer) for (const child of root.dialogs.getDialogs()) found.push(...allDialogs(child));
  return found;
}

describe('the bot’s dialog tree', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it('has no dialog that listens for events bubbling up (the prompts stop activityReceived, see QuestionDialog)', () => {
    const dialogs = allDialogs(running.app.runtime.mainDialog);
    expect(dialogs.length).toBeGreaterThan(20);
    const hooks = (dialog: Dialog) => dialog as unknown as Record<'onPreBubbleEvent' | 'onPostBubbleEvent', unknown>;
    const base = hooks(Dialog.prototype as Dialog);
    const listening = dialogs
      .filter((dialog) => hooks(dialog).onPreBubbleEvent !== base.onPreBubbleEvent || hooks(dialog).onPostBubbleEvent !== base.onPostBubbleEvent)
      .map((dialog) => dialog.id);
    expect(listening).toEqual([]);
  });

  it('waits for replies only in QuestionDialog prompts', () => {
    // What a person answers is the innermost dialog of a turn: a prompt that is not a QuestionDialog would let
    // activityReceived climb again (harmless, only slower).
    const prompts = allDialogs(running.app.runtime.mainDialog).filter((dialog) => /prompt/i.test(dialog.constructor.name));
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.filter((dialog) => !(dialog instanceof QuestionDialog)).map((dialog) => dialog.constructor.name)).toEqual([]);
  });
});

/** A prompt that ends on any reply; a parent that records the events that reach it. */
class Echo extends QuestionDialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity('say something');
    return Dialog.EndOfTurn;
  }
}

class Parent extends SharedInnerContextDialog {
  readonly heard: string[] = [];
  constructor() {
    super('parent');
    this.addDialog(new Echo('echo'));
    this.addDialog(new WaterfallDialog('flow', [async (step) => step.beginDialog('echo')]));
    this.initialDialogId = 'flow';
  }
  override async onPreBubbleEvent(_dc: DialogContext, event: DialogEvent): Promise<boolean> {
    this.heard.push(event.name);
    return false;
  }
}

it('a prompt stops activityReceived and lets other events climb to its parents', async () => {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  const parent = new Parent();
  dialogs.add(parent);
  const adapter = new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    if (context.activity.text === 'custom') {
      // The innermost context's own event, bubbling from the prompt.
      let leaf = dc;
      for (let child = leaf.child; child; child = child.child) leaf = child;
      await leaf.emitEvent('custom', undefined, true, false);
    } else {
      const result = await dc.continueDialog();
      if (result.status === 'empty') await dc.beginDialog('parent');
    }
    await state.saveChanges(context);
  });
  await adapter.send('hi').assertReply('say something');
  await adapter.send('custom');
  await adapter.send('hello');
  expect(parent.heard).toEqual(['custom']);
});
