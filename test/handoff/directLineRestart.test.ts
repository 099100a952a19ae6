import { MemoryStorage, type Activity } from 'botbuilder';
import { DirectLineChannel, DirectLineError, StorageConversationStore } from '../../src/directline/DirectLineChannel';
import { createLogger } from '../../src/logger';

/**
 * The local Direct Line channel keeps its conversations in the bot's storage, so that after a restart the person's
 * client reconnects with its token and watermark, and an adviser's reply still reaches them.
 */
describe('local Direct Line conversations across a restart', () => {
  const storage = new MemoryStorage();
  const delivered: Array<Partial<Activity>> = [];
  const channel = (): DirectLineChannel =>
    new DirectLineChannel({
      bot: { id: 'bot', name: 'Bot', role: 'bot' },
      logger: createLogger('silent'),
      serviceUrl: () => 'http://127.0.0.1:1/_connector',
      deliver: async (activity) => void delivered.push(activity),
      store: new StorageConversationStore(storage),
      storedHistory: 3,
    });
  const streamUrl = (): string => 'ws://127.0.0.1:1/stream';

  it('resumes the conversation: token, person, watermark and greeting are remembered', async () => {
    const before = channel();
    const { conversationId, token } = await before.generateToken(undefined, { user: { id: 'person-7', name: 'Maryam' } });
    const auth = `Bearer ${token}`;
    expect((await before.start(auth, {}, streamUrl)).created).toBe(true);
    await before.post(auth, conversationId, { type: 'message', text: 'hello' });
    await before.receiveFromBot(conversationId, { type: 'message', text: 'one' });
    await before.receiveFromBot(conversationId, { type: 'message', text: 'two' });
    await before.receiveFromBot(conversationId, { type: 'message', text: 'three' });
    await before.flush();

    const after = channel();
    expect((await after.reconnect(auth, conversationId)).conversationId).toBe(conversationId);
    // Only the tail was kept (3 activities); watermarks go on from where they were.
    const tail = await after.activities(auth, conversationId, '1');
    expect(tail.activities.map((a) => a.text)).toEqual(['two', 'three']);
    expect(tail.watermark).toBe('3');
    const reply = await after.receiveFromBot(conversationId, { type: 'message', text: 'an adviser writes' });
    expect(reply.id).toBe(`${conversationId}|0000004`);
    expect(await after.members(conversationId)).toContainEqual(expect.objectContaining({ id: 'person-7', name: 'Maryam' }));

    const greetingsBefore = delivered.filter((a) => a.type === 'conversationUpdate').length;
    expect((await after.start(auth, {}, streamUrl)).created).toBe(false);
    expect(delivered.filter((a) => a.type === 'conversationUpdate')).toHaveLength(greetingsBefore);
    expect((await after.refresh(auth)).conversationId).toBe(conversationId);

    const seen: string[] = [];
    const unsubscribe = await after.subscribe(token, conversationId, '3', (activities) => seen.push(...activities.map((a) => a.text ?? '')));
    expect(seen).toEqual(['an adviser writes']);
    unsubscribe();
  });

  it('still refuses a wrong token and an unknown conversation', async () => {
    const before = channel();
    const { conversationId } = await before.generateToken(undefined, {});
    await before.flush();
    const after = channel();
    await expect(after.reconnect('Bearer not-the-token', conversationId)).rejects.toMatchObject({ status: 403 });
    await expect(after.receiveFromBot('no-such-conversation', { type: 'message', text: 'x' })).rejects.toBeInstanceOf(DirectLineError);
  });

  it('forgets idle conversations in the store too', async () => {
    let now = 1_000_000;
    const idle = new DirectLineChannel({
      bot: { id: 'bot', name: 'Bot' },
      logger: createLogger('silent'),
      serviceUrl: () => 'http://127.0.0.1:1/_connector',
      deliver: async () => undefined,
      store: new StorageConversationStore(storage),
      idleTimeoutMs: 1000,
      now: () => now,
    });
    const { conversationId } = await idle.generateToken(undefined, {});
    await idle.flush();
    now += 5000;
    expect(idle.sweep()).toBe(1);
    await idle.flush();
    expect(await new StorageConversationStore(storage).load(conversationId)).toBeUndefined();
  });
});
