import { DirectLinePerson, tryItToken } from '../helpers/directLineClient';
import { ListableMemoryStorage } from '../../src/storage/ListableStorage';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

/** Every stored document, as text, to search for a person's traces. */
async function everything(storage: ListableMemoryStorage): Promise<Array<[string, string]>> {
  const found: Array<[string, string]> = [];
  for await (const key of storage.keys()) found.push([key, JSON.stringify((await storage.read([key]))[key])]);
  return found;
}

describe('"Delete my data" erases every trace of the person, through the real server', () => {
  let running: RunningApp;
  const storage = new ListableMemoryStorage();
  beforeAll(async () => {
    running = await startApp({}, storage);
  });
  afterAll(async () => running.stop());

  it('leaves no profile, conversation state, ticket, transcript or id behind, and audits the erasure without content', async () => {
    const userId = 'person-ERASE-ME-7f3a';
    const conversationId = 'conversation-ERASE-ME-91b2';
    const say = async (text: string) =>
      (await post(running.base, activity(conversationId, { text, from: { id: userId, name: '' } }))).replies.map((r) => r.text ?? '');
    await say('hello');
    await say('English');
    await say('Yes');
    await say('Work or training');
    const handedOver = await say('Talk to a person');
    expect(handedOver.join("\n")).toMatch(/a person from the advice team/);
    await say('My name is Amira Haddad, I need help');
    await say('back');
    // Before: the person's traces are in storage (profile, conversation, the ticket with their words).
    const before = await everything(storage);
    expect(before.some(([key, value]) => key.includes(userId) || value.includes('Amira Haddad'))).toBe(true);
    expect(before.some(([key]) => key.startsWith('handoff/tickets/'))).toBe(true);

    await say('privacy');
    const done = await say('Delete my data');
    expect(done.join('\n')).toMatch(/sure|delete/i);
    const erased = await say('Yes');
    expect(erased.join('\n')).toMatch(/deleted/i);

    const after = await everything(storage);
    const traces = after.filter(([key, value]) => key.includes(userId) || key.includes(conversationId) || value.includes(userId) || value.includes('Amira'));
    expect(traces).toEqual([]);
    expect(after.some(([key]) => key.startsWith('handoff/tickets/'))).toBe(false);
    const audit = after.filter(([key]) => key.startsWith('audit/erasures/'));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.[1]).toMatch(/"tickets":1/);
  });

  it('also forgets what was said through the local Direct Line channel', async () => {
    const person = new DirectLinePerson(running.base, await tryItToken(running.base), { webSocket: false });
    try {
      await person.botMessages(2);
      for (const [text, total] of [['English', 4], ['Yes', 6], ['my phone is +44 7700 900999', 8]] as const) {
        await person.say(text);
        await person.botMessages(total - 1);
      }
      await person.say('privacy');
      await person.botMessages(8);
      await person.say('Delete my data');
      await person.say('Yes');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stored = await everything(storage);
      expect(stored.filter(([, value]) => value.includes('900999'))).toEqual([]);
    } finally {
      person.end();
    }
  });
});
