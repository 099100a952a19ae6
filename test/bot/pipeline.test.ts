import { MemoryStorage, type Activity, type StoreItems, type TurnContext } from 'botbuilder';
import { TurnGuard } from '../../src/bot/middleware/TurnGuard';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

/** A storage whose next write fails, as a full disk or a lost connection would. */
class FlakyStorage extends MemoryStorage {
  failNextWrite = false;
  override async write(changes: StoreItems): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('disk full');
    }
    return super.write(changes);
  }
}

const contextFor = (conversationId: string, id: string): TurnContext =>
  ({ activity: { id, channelId: 'test', conversation: { id: conversationId } } }) as unknown as TurnContext;

describe('TurnGuard', () => {
  it('runs the turns of one conversation one at a time, in order, and other conversations in parallel', async () => {
    const guard = new TurnGuard();
    const events: string[] = [];
    const turn = (conversation: string, id: string, ms: number) =>
      guard.onTurn(contextFor(conversation, id), async () => {
        events.push(`start ${conversation}${id}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`end ${conversation}${id}`);
      });
    await Promise.all([turn('A', '1', 30), turn('A', '2', 1), turn('B', '1', 1)]);
    expect(events.indexOf('end A1')).toBeLessThan(events.indexOf('start A2'));
    expect(events.indexOf('end B1')).toBeLessThan(events.indexOf('end A1'));
  });

  it('processes a repeated activity id once', async () => {
    const guard = new TurnGuard();
    let runs = 0;
    const next = async (): Promise<void> => {
      runs += 1;
    };
    await guard.onTurn(contextFor('A', 'same'), next);
    await guard.onTurn(contextFor('A', 'same'), next);
    await guard.onTurn(contextFor('A', 'other'), next);
    expect(runs).toBe(2);
  });

  it('keeps serving a conversation after one of its turns failed', async () => {
    const guard = new TurnGuard();
    await expect(guard.onTurn(contextFor('A', '1'), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    let ran = false;
    await guard.onTurn(contextFor('A', '2'), async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});

describe('the turn pipeline over HTTP', () => {
  let running: RunningApp;
  const storage = new FlakyStorage();
  beforeAll(async () => {
    running = await startApp({}, storage);
  });
  afterAll(async () => running.stop());

  it('answers a channel retry (same activity id) only once', async () => {
    const first = activity('conv-retry', { text: 'hi' });
    const once = await post(running.base, first);
    const again = await post(running.base, first);
    expect(once.replies.length).toBe(2);
    expect(again.status).toBe(200);
    expect(again.replies).toEqual([]);
  });

  it('welcomes a person who joins, not the bot joining, and leaves other activities unanswered (an unknown invoke: 501)', async () => {
    const joined = (id: string) => activity('conv-kinds', { type: 'conversationUpdate', text: undefined, membersAdded: [{ id, name: id }] });
    expect((await post(running.base, joined('bot'))).replies).toEqual([]);
    const welcome = await post(running.base, joined('user-conv-kinds'));
    expect(welcome.replies.map((r) => r.text).join('\n')).toMatch(/^Hello! I am a guide/);
    const typing = await post(running.base, activity('conv-kinds', { type: 'typing', text: undefined }));
    expect(typing.status).toBe(200);
    expect(typing.replies).toEqual([]);
    const invoke = await post(running.base, activity('conv-kinds', { type: 'invoke', name: 'some/unknownInvoke', text: undefined, deliveryMode: undefined }));
    expect(invoke.status).toBe(501);
    // The welcome's question is still the open one: the next message answers it.
    const answer = await post(running.base, activity('conv-kinds', { text: 'English' }));
    expect(answer.replies.map((r) => r.text)).toContain('OK. I will write in English now.');
  });

  it('apologises in the person\'s language when a turn fails, and keeps their place', async () => {
    const say = (text: string): Promise<{ replies: Partial<Activity>[] }> => post(running.base, activity('conv-failure', { text }));
    await say('olá');
    await say('Português');
    const agreed = await say('Sim');
    expect(agreed.replies.map((r) => r.text)).toContain('Procura trabalho ou formação? Ou é um empregador?');

    storage.failNextWrite = true;
    const failed = await say('1');
    // What was sent before the save failed was sent; the last word is the apology.
    expect(failed.replies.at(-1)?.text).toMatch(/^Desculpe, houve um erro do meu lado\. .*\(Referência: [0-9a-f]{8}\)$/);

    // The person is still at the role question, in Portuguese: answering it again works.
    const retried = await say('1');
    expect(retried.replies.map((r) => r.text)).toEqual(['Em que posso ajudar?']);
  });
});

