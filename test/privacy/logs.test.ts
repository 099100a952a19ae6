import { MemoryStorage, type StoreItems } from 'botbuilder';
import { activity, post } from '../helpers/testApp';
import { startAppWithLog, type RunningAppWithLog } from '../helpers/startAppWithLog';

/** A storage whose next write fails with the error given. */
class FailingStorage extends MemoryStorage {
  failNextWrite: ((keys: string[]) => Error) | undefined;
  override async write(changes: StoreItems): Promise<void> {
    const fail = this.failNextWrite;
    if (fail) {
      this.failNextWrite = undefined;
      throw fail(Object.keys(changes));
    }
    return super.write(changes);
  }
}

const NAME = 'Zanele Okonkwo';
const PHONE = '+44 7700 900123';
const EMAIL = 'zanele.okonkwo@example.org';
const USER_ID = 'user-PLANTED7f3a';
const CONVERSATION_ID = 'conv-PLANTED9c1e';

/** Every planted value, and the forms a log line might carry it in. */
const PLANTED = [NAME, 'Okonkwo', PHONE, '7700 900123', '7700900123', EMAIL, 'zanele.okonkwo', USER_ID, 'PLANTED7f3a', CONVERSATION_ID, 'PLANTED9c1e'];

const CONFESSION = `My name is ${NAME}. Call me on ${PHONE} or write to ${EMAIL}.`;

function personal(fields: Parameters<typeof activity>[1] = {}) {
  return activity(CONVERSATION_ID, {
    from: { id: USER_ID, name: NAME },
    channelData: { clientActivityID: USER_ID, email: EMAIL },
    ...fields,
  });
}

function leaks(lines: string[], planted: string[]): Array<{ value: string; line: string }> {
  return lines.flatMap((line) => planted.filter((value) => line.includes(value)).map((value) => ({ value, line })));
}

async function directLineConversation(base: string, texts: string[]): Promise<string> {
  const generated = await fetch(`${base}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: { id: USER_ID, name: NAME } }),
  });
  const { token, conversationId } = (await generated.json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' });
  for (const text of texts) {
    const response = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', from: { id: USER_ID, name: NAME }, text }),
    });
    expect(response.status).toBe(200);
  }
  return conversationId;
}

describe('the logs, at trace level, through a whole conversation', () => {
  let running: RunningAppWithLog;
  let storage: FailingStorage;

  beforeEach(async () => {
    storage = new FailingStorage();
    running = await startAppWithLog({ level: 'trace', storage });
  });
  afterEach(async () => running.stop());

  it('never carry a name, phone number, email, user id or conversation id, even when a turn fails', async () => {
    const turns = [
      personal({ text: 'hi' }),
      personal({ text: 'English' }),
      personal({ text: CONFESSION }),
      personal({ text: NAME, value: { phone: PHONE }, attachments: [{ contentType: 'text/plain', content: EMAIL, name: `${NAME}.txt` }] }),
    ];
    for (const turn of turns) expect((await post(running.base, turn)).status).toBe(200);

    storage.failNextWrite = () => new Error('the disk is full');
    const failed = await post(running.base, personal({ text: `${CONFESSION} again` }));
    expect(failed.replies.map((r) => r.text).join('\n')).toMatch(/Sorry, something went wrong on my side/);

    // A body the server refuses, carrying the same values.
    expect((await post(running.base, { type: 'message', from: { id: USER_ID, name: NAME }, text: CONFESSION })).status).toBe(400);

    const dlConversation = await directLineConversation(running.base, ['hi', CONFESSION]);
    storage.failNextWrite = () => new Error('the disk is full');
    await directLineConversation(running.base, [CONFESSION]);

    // The log did record the failures: the test looks at real lines, not at an empty log.
    expect(running.lines.some((line) => line.includes('turn failed'))).toBe(true);
    expect(leaks(running.lines, [...PLANTED, dlConversation])).toEqual([]);
  });

  // Storages name the key they failed on (botbuilder's MemoryStorage: `Storage: error writing "<key>" due to eTag
  // conflict.`; the Cosmos DB and Blob storages likewise), and state keys hold the channel, user and conversation ids.
  it('never carry the ids when the failing storage names its key', async () => {
    await post(running.base, personal({ text: 'hi' }));
    storage.failNextWrite = (keys) => new Error(`Storage: error writing "${keys[0]}" due to eTag conflict.`);
    const failed = await post(running.base, personal({ text: 'English' }));
    expect(failed.replies.map((r) => r.text).join('\n')).toMatch(/Sorry, something went wrong on my side/);
    expect(leaks(running.lines, PLANTED)).toEqual([]);
  });
});
