import { ConversationState, MemoryStorage, TestAdapter, UserState, type TurnContext } from 'botbuilder';
import { SessionTracker, consentFromProfile } from '../../src/privacy/SessionTracker';
import type { SessionRecord } from '../../src/privacy/SessionRecord';

const T0 = new Date('2025-06-01T08:00:00.000Z');

function pipeline(options: { tracker: boolean; consent?: unknown }) {
  const storage = new MemoryStorage();
  const write = jest.spyOn(storage, 'write');
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<object>('profile');
  const session = conversationState.createProperty<SessionRecord>('session');
  const step = conversationState.createProperty<number>('step');
  let clock = T0.getTime();
  // Like GuideBot: the turn's logic changes the dialog state, and the states are saved once, at the end.
  const adapter = new TestAdapter(async (context: TurnContext) => {
    if (options.consent !== undefined) await profile.set(context, { consent: options.consent });
    await step.set(context, ((await step.get(context)) ?? 0) + 1);
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  });
  if (options.tracker) adapter.use(new SessionTracker(session, consentFromProfile(profile), () => new Date(clock)));
  return {
    adapter,
    storage,
    write,
    tick: (ms: number) => (clock += ms),
    stored: async (): Promise<Record<string, unknown> | undefined> =>
      (await storage.read(['test/conversations/Convo1/']))['test/conversations/Convo1/'],
  };
}

describe('SessionTracker', () => {
  it('notes the last message, the channel, the user and consent in the conversation state', async () => {
    const bot = pipeline({ tracker: true });
    await bot.adapter.send('hello');
    expect((await bot.stored())?.['session']).toEqual({ lastSeen: T0.toISOString(), channelId: 'test', userId: 'user1', consent: false });
    bot.tick(60_000);
    await bot.adapter.send('again');
    expect((await bot.stored())?.['session']).toMatchObject({ lastSeen: new Date(T0.getTime() + 60_000).toISOString() });
  });

  it.each<[string, unknown, boolean]>([
    ['current consent', { given: true, at: '2025-05-01T00:00:00.000Z', version: 1 }, true],
    ['a refusal', { given: false, at: '2025-05-01T00:00:00.000Z', version: 1 }, false],
    ['a damaged record', { given: 'yes' }, false],
  ])('reads %s from the profile', async (_name, consent, expected) => {
    const bot = pipeline({ tracker: true, consent });
    await bot.adapter.send('one');
    // The profile is set during the first turn: the second turn's record sees it.
    await bot.adapter.send('two');
    expect((await bot.stored())?.['session']).toMatchObject({ consent: expected });
  });

  it('adds no storage write to a turn', async () => {
    const without = pipeline({ tracker: false });
    const withTracker = pipeline({ tracker: true });
    for (const bot of [without, withTracker]) {
      await bot.adapter.send('one');
      await bot.adapter.send('two');
    }
    expect(withTracker.write.mock.calls.length).toBe(without.write.mock.calls.length);
    expect(withTracker.write.mock.calls.length).toBe(2);
  });

  it('does not take the bot for the person', async () => {
    const bot = pipeline({ tracker: true });
    // A channel announcing the bot itself joining: from and recipient are both the bot.
    await bot.adapter.send({ type: 'conversationUpdate', from: { id: 'the-bot', name: 'Bot' }, recipient: { id: 'the-bot', name: 'Bot' } });
    expect((await bot.stored())?.['session']).toBeUndefined();
  });
});
