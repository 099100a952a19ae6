import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ActivityTypes,
  MemoryStorage,
  TestAdapter,
  type Activity,
  type Middleware,
  type StatePropertyAccessor,
  type Storage,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import {
  ConsistentConversationState,
  ConsistentUserState,
  NOT_STORED_ETAG,
  StateConflictError,
  saveTurnState,
} from '../../src/bot/ConsistentState';
import { StateConflictRetry } from '../../src/bot/middleware/StateConflictRetry';
import { LowdbStorage } from '../../src/storage/LowdbStorage';

interface Counter {
  count?: number;
  by?: string[];
}

/** Tags every outgoing message once per registered handler, as the locale middleware rewrites texts. */
const tagReplies: Middleware = {
  async onTurn(context, next) {
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      for (const activity of activities) if (activity.type === ActivityTypes.Message) activity.text = `[tag]${activity.text ?? ''}`;
      return sendNext();
    });
    await next();
  },
};

interface Harness {
  adapter: TestAdapter;
  storage: MemoryStorage;
  conversationState: ConsistentConversationState;
  userState: ConsistentUserState;
  counter: StatePropertyAccessor<Counter>;
  profile: StatePropertyAccessor<{ language?: string }>;
  /** How many times the bot's logic ran. */
  runs: () => number;
  errors: Error[];
  overwritten: string[];
}

/**
 * The bot pipeline in small: retry middleware, a send handler, and a logic that counts, replies, and saves the two states
 * like GuideBot. `meanwhile` runs inside the logic, after the state was read and before it is saved: where another
 * instance's turn would write.
 */
function harness(logic: (context: TurnContext, h: Harness, run: number) => Promise<void>, storage = new MemoryStorage()): Harness {
  let runs = 0;
  const conversationState = new ConsistentConversationState(storage);
  const userState = new ConsistentUserState(storage);
  const h: Harness = {
    adapter: undefined as unknown as TestAdapter,
    storage,
    conversationState,
    userState,
    counter: conversationState.createProperty<Counter>('counter'),
    profile: userState.createProperty<{ language?: string }>('profile'),
    runs: () => runs,
    errors: [],
    overwritten: [],
  };
  h.adapter = new TestAdapter(async (context) => {
    runs += 1;
    await logic(context, h, runs);
    await saveTurnState(context, [conversationState, userState], (state) => h.overwritten.push(state));
  });
  h.adapter.use(new StateConflictRetry({ states: [conversationState, userState] }));
  h.adapter.use(tagReplies);
  h.adapter.onTurnError = async (context, error) => {
    h.errors.push(error);
    await context.sendActivity(`apology: ${error.name}`);
  };
  return h;
}

/** Writes a conversation's state as another instance would: over whatever is stored. */
async function otherInstanceWrites(h: Harness, context: TurnContext, value: Counter): Promise<void> {
  const key = h.conversationState.getStorageKey(context) as string;
  const stored = (await h.storage.read([key]))[key] ?? {};
  await h.storage.write({ [key]: { ...stored, counter: value, eTag: '*' } });
}

async function count(h: Harness, context: TurnContext, name: string): Promise<number> {
  const counter = await h.counter.get(context, {});
  const next = { count: (counter.count ?? 0) + 1, by: [...(counter.by ?? []), name] };
  await h.counter.set(context, next);
  await context.sendActivity(`count is ${next.count}`);
  return next.count;
}

async function storedCounter(h: Harness): Promise<Counter | undefined> {
  const key = 'test/conversations/Convo1/';
  return ((await h.storage.read([key]))[key] as { counter?: Counter } | undefined)?.counter;
}

describe('StateConflictRetry with ConsistentConversationState, on MemoryStorage', () => {
  it('runs a turn again on fresh state when another instance saved first: one reply, both changes kept', async () => {
    const h = harness(async (context, harnessed, run) => {
      await count(harnessed, context, 'this turn');
      if (run === 2) await otherInstanceWrites(harnessed, context, { count: 10, by: ['other instance'] });
    });

    await h.adapter.send('first').assertReply('[tag]count is 1').startTest();
    // Turn 2 reads count 1; "the other instance" saves count 10 before this turn saves: conflict, and a second run.
    await h.adapter.send('second').assertReply('[tag]count is 11').startTest();

    expect(h.runs()).toBe(3);
    expect(h.errors).toEqual([]);
    expect(h.adapter.activeQueue).toHaveLength(0);
    expect(await storedCounter(h)).toEqual({ count: 11, by: ['other instance', 'this turn'] });
  });

  it('creates a conversation only if nobody created it meanwhile', async () => {
    const h = harness(async (context, harnessed, run) => {
      await count(harnessed, context, 'this turn');
      if (run === 1) await otherInstanceWrites(harnessed, context, { count: 5, by: ['other instance'] });
    });

    await h.adapter.send('first').assertReply('[tag]count is 6').startTest();

    expect(h.runs()).toBe(2);
    expect(await storedCounter(h)).toEqual({ count: 6, by: ['other instance', 'this turn'] });
  });

  it('gives up after one retry: the person gets the apology only, and the other instance’s state stays', async () => {
    const h = harness(async (context, harnessed, run) => {
      await count(harnessed, context, 'this turn');
      await otherInstanceWrites(harnessed, context, { count: 100 + run, by: ['other instance'] });
    });

    await h.adapter.send('first').assertReply('[tag]apology: StateConflictError').startTest();

    expect(h.runs()).toBe(2);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toBeInstanceOf(StateConflictError);
    expect(h.errors[0]?.message).not.toContain('Convo1');
    expect(h.adapter.activeQueue).toHaveLength(0);
    expect(await storedCounter(h)).toEqual({ count: 102, by: ['other instance'] });
  });

  it('delivers what was said before any other error, then the apology, as without it', async () => {
    const h = harness(async (context) => {
      await context.sendActivity('before the failure');
      throw new Error('the content is broken');
    });

    await h.adapter
      .send('first')
      .assertReply('[tag]before the failure')
      .assertReply('[tag]apology: Error')
      .startTest();
    expect(h.runs()).toBe(1);
  });

  it('sends typing indicators at once, and messages only after the state was saved', async () => {
    const seen: string[] = [];
    const storage = new (class extends MemoryStorage {
      override async write(changes: StoreItems): Promise<void> {
        seen.push('saved');
        return super.write(changes);
      }
    })();
    const h = harness(async (context, harnessed) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      await count(harnessed, context, 'this turn');
      seen.push('logic done');
    }, storage);
    h.adapter.use({
      async onTurn(context, next) {
        context.onSendActivities(async (_ctx, activities, sendNext) => {
          // Registered after the tagging handler: sees each activity when the bot sends it, whether or not it is held.
          seen.push(...activities.map((activity) => `handled ${activity.type}`));
          return sendNext();
        });
        await next();
      },
    });
    const delivered: string[] = [];
    const send = h.adapter.sendActivities.bind(h.adapter);
    h.adapter.sendActivities = async (context: TurnContext, activities: Partial<Activity>[]) => {
      delivered.push(...activities.map((activity) => `${activity.type}`));
      seen.push(...activities.map((activity) => `delivered ${activity.type}`));
      return send(context, activities);
    };

    await h.adapter.send('hi').assertReply((reply) => expect(reply.type).toBe('typing')).assertReply('[tag]count is 1').startTest();

    expect(seen).toEqual(['handled typing', 'delivered typing', 'handled message', 'logic done', 'saved', 'delivered message']);
    expect(delivered).toEqual(['typing', 'message']);
  });

  it('writes a state over a concurrent change once the turn was committed, instead of running it again', async () => {
    const h = harness(async (context, harnessed) => {
      await count(harnessed, context, 'this turn');
      await harnessed.profile.set(context, { language: 'ti' });
      // The same person changed their profile in another conversation, after this turn read it.
      const key = harnessed.userState.getStorageKey(context) as string;
      await harnessed.storage.write({ [key]: { profile: { language: 'uk' }, eTag: '*' } });
    });

    await h.adapter.send('first').assertReply('[tag]count is 1').startTest();

    expect(h.runs()).toBe(1);
    expect(h.overwritten).toEqual(['user']);
    const key = 'test/users/user1/';
    expect((await h.storage.read([key]))[key]).toMatchObject({ profile: { language: 'ti' } });
  });

  it('does not take a storage failure that only says "conflict" for one: nothing else wrote, so no second run', async () => {
    let failNext = false;
    const storage = new (class extends MemoryStorage {
      override async write(changes: StoreItems): Promise<void> {
        if (failNext) {
          failNext = false;
          throw new Error(`Storage: error writing "${Object.keys(changes)[0]}" due to eTag conflict.`);
        }
        return super.write(changes);
      }
    })();
    const h = harness(async (context, harnessed, run) => {
      await count(harnessed, context, 'this turn');
      if (run === 2) failNext = true;
    }, storage);

    await h.adapter.send('first').assertReply('[tag]count is 1').startTest();
    // Like any other failure: what was said goes out, then the apology.
    await h.adapter.send('second').assertReply('[tag]count is 2').assertReply('[tag]apology: Error').startTest();

    expect(h.runs()).toBe(2);
    expect(h.errors[0]).not.toBeInstanceOf(StateConflictError);
  });
});

describe('StateConflictRetry and proactive turns', () => {
  it('lets a proactive turn’s sends succeed or fail at once, where its own logic can see them', async () => {
    const h = harness(async () => undefined);
    // The channel refuses one message, as a person's channel does when they blocked the bot.
    const deliver = h.adapter.sendActivities.bind(h.adapter);
    h.adapter.sendActivities = async (context: TurnContext, activities: Partial<Activity>[]) => {
      if (activities.some((activity) => activity.text?.endsWith('blocked'))) throw Object.assign(new Error('refused'), { statusCode: 403 });
      return deliver(context, activities);
    };
    const outcome: string[] = [];

    await h.adapter.processActivity({ type: ActivityTypes.Event, name: 'ContinueConversation' }, async (context) => {
      await context.sendActivity('delivered');
      outcome.push('first sent');
      await context.sendActivity('blocked').catch((error: { statusCode?: number }) => outcome.push(`second refused ${error.statusCode}`));
    });

    expect(outcome).toEqual(['first sent', 'second refused 403']);
    expect(h.adapter.activeQueue.map((activity) => activity.text)).toEqual(['[tag]delivered']);
  });
});

describe('ConsistentConversationState', () => {
  /** A conversation state with a counter property, and an adapter for the turn contexts. */
  const countingState = (storage: Storage) => {
    const state = new ConsistentConversationState(storage);
    return { state, counter: state.createProperty<Counter>('counter'), adapter: new TestAdapter(async () => undefined) };
  };

  const context = (adapter: TestAdapter): TurnContext =>
    ({
      activity: { channelId: 'test', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' } },
      turnState: new Map(),
      adapter,
    }) as unknown as TurnContext;

  it('writes with the eTag it read, and with a never-stored eTag when nothing was stored', async () => {
    const writes: StoreItems[] = [];
    const storage = new (class extends MemoryStorage {
      override async write(changes: StoreItems): Promise<void> {
        writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
        return super.write(changes);
      }
    })();
    const { state, counter, adapter } = countingState(storage);

    const first = context(adapter);
    await counter.set(first, { count: 1 });
    await state.saveChanges(first);
    const second = context(adapter);
    await counter.set(second, { count: 2 });
    const readETag = (state.get(second) as { eTag?: string }).eTag;
    await state.saveChanges(second);

    expect(writes.map((change) => change['test/conversations/c1/']?.eTag)).toEqual([NOT_STORED_ETAG, readETag]);
    expect(readETag).toEqual(expect.any(String));
    expect(readETag).not.toBe('*');
  });

  it('clears against the version it read: a clear does not overrule a newer change', async () => {
    const storage = new MemoryStorage();
    const { state, counter, adapter } = countingState(storage);
    const setup = context(adapter);
    await counter.set(setup, { count: 1 });
    await state.saveChanges(setup);

    const turn = context(adapter);
    await state.load(turn);
    await storage.write({ 'test/conversations/c1/': { counter: { count: 2 }, eTag: '*' } });
    await state.clear(turn);

    await expect(state.saveChanges(turn)).rejects.toBeInstanceOf(StateConflictError);
    expect((await storage.read(['test/conversations/c1/']))['test/conversations/c1/']).toMatchObject({ counter: { count: 2 } });
  });

  it('saves nothing when nothing changed, and deletes the stored state on delete()', async () => {
    const storage = new MemoryStorage();
    const { state, counter, adapter } = countingState(storage);
    const setup = context(adapter);
    await counter.set(setup, { count: 1 });
    await state.saveChanges(setup);

    const turn = context(adapter);
    await counter.get(turn);
    expect(state.hasChanges(turn)).toBe(false);
    await storage.write({ 'test/conversations/c1/': { counter: { count: 7 }, eTag: '*' } });
    await state.saveChanges(turn); // unchanged: no write, so no conflict either
    await state.delete(turn);

    expect(await storage.read(['test/conversations/c1/'])).toEqual({});
    expect(state.get(turn)).toBeUndefined();
  });

  it('on LowdbStorage, which hands over the JSON it read and takes the JSON the state made: an unchanged turn writes nothing, a changed one writes exactly its change', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consistent-lowdb-'));
    const storage = await LowdbStorage.open({ dir });
    try {
      const { state, counter, adapter } = countingState(storage);
      const setup = context(adapter);
      await counter.set(setup, { count: 1 });
      await state.saveChanges(setup);
      const key = 'test/conversations/c1/';
      const firstETag = (await storage.read([key]))[key]?.eTag;

      const unchanged = context(adapter);
      await counter.get(unchanged);
      expect(state.hasChanges(unchanged)).toBe(false);
      await state.saveChanges(unchanged);
      expect((await storage.read([key]))[key]?.eTag).toBe(firstETag);

      const changed = context(adapter);
      const value = await counter.get(changed);
      value!.count = 2;
      expect(state.hasChanges(changed)).toBe(true);
      await state.saveChanges(changed);
      const stored = (await storage.read([key]))[key];
      expect(stored?.eTag).not.toBe(firstETag);
      expect(stored).toMatchObject({ counter: { count: 2 } });

      // The item read is the turn's to change: changing and writing it back stores the change, not the text it came from.
      const item = (await storage.read([key]))[key]!;
      item['counter'] = { count: 3 };
      await storage.write({ [key]: item });
      expect((await storage.read([key]))[key]).toMatchObject({ counter: { count: 3 } });
    } finally {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

