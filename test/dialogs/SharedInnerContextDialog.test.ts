import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import {
  DialogSet,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from '../../dialogs/SharedInnerContextDialog';

/** Asks for a name and ends with it; counts the inner contexts botbuilder builds for it. */
class AskName extends SharedInnerContextDialog {
  built = 0;

  constructor(id: string, inner?: SharedInnerContextDialog) {
    super(id);
    this.addDialog(new TextPrompt(`${id}.text`));
    if (inner) this.addDialog(inner);
    this.addDialog(
      new WaterfallDialog(`${id}.flow`, [
        async (step: WaterfallStepContext) =>
          inner ? step.beginDialog(inner.id) : step.prompt(`${id}.text`, `${id}: your name?`),
        async (step: WaterfallStepContext) => step.endDialog(step.result),
      ]),
    );
    this.initialDialogId = `${id}.flow`;
  }

  /** Counts botbuilder's (private) createInnerDC, which builds a new inner context at every call. */
  countInnerContexts(): void {
    const target = this as unknown as { createInnerDC(...args: unknown[]): unknown };
    const build = target.createInnerDC.bind(this);
    target.createInnerDC = (...args) => {
      this.built += 1;
      return build(...args);
    };
  }
}

function harness(root: AskName, onEnded: (dc: DialogContext, result: unknown) => Promise<void>) {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  dialogs.add(root);
  return new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === 'empty') await dc.beginDialog(root.id);
    else if (result.status === 'complete') await onEnded(dc, result.result);
    await state.saveChanges(context);
  });
}

describe('SharedInnerContextDialog', () => {
  it('builds each level’s inner context once per turn while a nested question waits', async () => {
    const inner = new AskName('inner');
    const outer = new AskName('outer', inner);
    inner.countInnerContexts();
    outer.countInnerContexts();
    const adapter = harness(outer, async (dc, name) => {
      await dc.context.sendActivity(`hello ${String(name)}`);
    });
    await adapter.send('hi').assertReply('inner: your name?');
    outer.built = 0;
    inner.built = 0;
    // botbuilder walks to the innermost dialog for activityReceived, then continues: twice per level without sharing.
    await adapter.send('Amina').assertReply('hello Amina');
    expect(outer.built).toBe(1);
    expect(inner.built).toBe(1);
  });

  it('gives a component started again in the same turn its own stack, so its question is the one answered next', async () => {
    const dialog = new AskName('ask');
    let round = 0;
    const adapter = harness(dialog, async (dc, name) => {
      round += 1;
      await dc.context.sendActivity(`thanks ${String(name)}`);
      // Same outer context, same component: a new instance must not reuse the ended one's inner context.
      if (round === 1) await dc.beginDialog(dialog.id);
    });
    await adapter.send('hi').assertReply('ask: your name?');
    await adapter.send('Amina').assertReply('thanks Amina').assertReply('ask: your name?');
    await adapter.send('Yonas').assertReply('thanks Yonas');
    await adapter.send('again').assertReply('ask: your name?');
  });
});
