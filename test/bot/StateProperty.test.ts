import { BotStatePropertyAccessor, MemoryStorage, TestAdapter, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { ConsistentConversationState, StateProperty } from '../../src/bot/ConsistentState';

interface Prefs {
  city?: string;
  seen: string[];
}

/** Runs the same accessor calls with botbuilder's accessor and ours on stored state; returns what each turn saw and what was stored. */
async function play(
  make: (state: ConsistentConversationState) => StatePropertyAccessor<Prefs>,
  turn: (context: TurnContext, prefs: StatePropertyAccessor<Prefs>, defaults: Prefs) => Promise<unknown>,
): Promise<{ seen: unknown; stored: unknown; defaults: Prefs }> {
  const storage = new MemoryStorage();
  await storage.write({ 'test/conversations/convo/': { other: 1, eTag: '*' } });
  const state = new ConsistentConversationState(storage);
  const prefs = make(state);
  const defaults: Prefs = { seen: [] };
  let seen: unknown;
  const adapter = new TestAdapter(async (context) => {
    seen = await turn(context, prefs, defaults);
    await state.saveChanges(context);
  });
  adapter.conversation.conversation.id = 'convo';
  await adapter.send('hi');
  const stored = (await storage.read(['test/conversations/convo/']))['test/conversations/convo/'];
  delete stored?.eTag;
  return { seen, stored, defaults };
}

const theirs = (state: ConsistentConversationState) => new BotStatePropertyAccessor<Prefs>(state, 'prefs');
const ours = (state: ConsistentConversationState) => state.createProperty<Prefs>('prefs');

describe('StateProperty (the states’ property accessor)', () => {
  it('is what ConsistentConversationState hands out', () => {
    expect(new ConsistentConversationState(new MemoryStorage()).createProperty('prefs')).toBeInstanceOf(StateProperty);
  });

  it.each<[string, (context: TurnContext, prefs: StatePropertyAccessor<Prefs>, defaults: Prefs) => Promise<unknown>]>([
    ['get without a default leaves a missing property missing', async (c, p) => p.get(c)],
    [
      'get with a default stores a copy: changing it does not change the default',
      async (c, p, d) => {
        const value = await p.get(c, d);
        value.seen.push('menu');
        return [value === d, await p.get(c)];
      },
    ],
    [
      'set, then get returns the same object, and it is saved',
      async (c, p) => {
        const value = { city: 'lisbon', seen: ['courses'] };
        await p.set(c, value);
        return (await p.get(c)) === value;
      },
    ],
    [
      'delete removes the property and keeps the rest of the state',
      async (c, p) => {
        await p.set(c, { seen: [] });
        await p.delete(c);
        return p.get(c);
      },
    ],
  ])('%s, as botbuilder’s accessor does', async (_name, turn) => {
    const expected = await play(theirs, turn);
    const actual = await play(ours, turn);
    expect(actual).toEqual(expected);
    // The stored state's other properties were read from storage first (the accessor loaded the state).
    expect(actual.stored).toMatchObject({ other: 1 });
    expect(actual.defaults).toEqual({ seen: [] });
  });
});
