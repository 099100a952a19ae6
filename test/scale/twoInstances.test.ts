import type { Activity } from 'botbuilder';
import { parseConversationStateKey } from '../../src/privacy/stateKeys';
import { AzureBlobsStorage } from '../../src/storage/AzureBlobsStorage';
import { startAzurite, uniqueContainer, type Azurite } from '../helpers/azurite';
import { startAppWithLog, type RunningAppWithLog } from '../helpers/startAppWithLog';
import { activity, post } from '../helpers/testApp';
import { barrier, GatedStorage, signal } from './GatedStorage';

// Two instances of the bot, each with its own storage object (as two processes would have) on one Azurite container.

const CONSENT_QUESTION =
  'Gostaria de guardar a sua língua, as suas respostas e, só se pedir para falar com uma pessoa, as suas mensagens para os técnicos.\n' +
  'Assim pode continuar onde parou, e os técnicos podem ajudar melhor.\n' +
  'Apago tudo 90 dias depois da sua última mensagem, e só os técnicos veem estes dados, só quando pedir para falar com um.\n\n' +
  'Concorda?';
const MENU_BUTTONS = ['O meu diploma', 'Cursos de língua', 'Estágios e empregos', 'Falar com alguém'];
const CITY_QUESTION = 'Em que cidade quer aprender a língua?';
const LEVEL_INTRO = 'Agora vou fazer algumas perguntas curtas para saber o seu nível. As perguntas são sobre esta língua: português.';
const FIRST_LEVEL_QUESTION = 'Sabe ler e escrever as letras desta língua? Por exemplo: a, b, c.';

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

function blobs(container: string): AzureBlobsStorage {
  return new AzureBlobsStorage({ connectionString: azurite.connectionString, container });
}

function texts(replies: Partial<Activity>[]): Array<string | undefined> {
  return replies.map((reply) => reply.text);
}

function buttons(reply: Partial<Activity> | undefined): string[] | undefined {
  return reply?.suggestedActions?.actions.map((action) => String(action.title));
}

/** Posts a message of the conversation to one instance; fails the test on anything but 200. */
async function say(app: RunningAppWithLog, conversationId: string, text: string): Promise<Partial<Activity>[]> {
  const { status, replies } = await post(app.base, activity(conversationId, { text }));
  expect(status).toBe(200);
  return replies;
}

describe('two instances of the bot on one Azure Blob Storage container', () => {
  let container: string;
  let a: RunningAppWithLog;
  let b: RunningAppWithLog;

  beforeAll(async () => {
    container = uniqueContainer('two');
    a = await startAppWithLog({ level: 'info', storage: await AzureBlobsStorage.open({ connectionString: azurite.connectionString, container }) });
    b = await startAppWithLog({ level: 'info', storage: blobs(container) });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('are both ready: /readyz writes and reads a probe blob through Azurite', async () => {
    for (const app of [a, b]) {
      const ready = await fetch(`${app.base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', storage: 'ok' });
    }
  });

  it('keep one conversation whose turns alternate between them: welcome, language on A, consent on B, role on A, menu on B', async () => {
    const conversation = 'conv-alternating';

    const welcome = await say(b, conversation, 'hi');
    expect(welcome[0]?.text).toMatch(/^Hello! I am a guide/);
    expect(welcome[1]?.text).toBe('Which language do you want to use?');

    const language = await say(a, conversation, 'Português');
    expect(texts(language)).toEqual(['Está bem. Agora vou escrever em português.', CONSENT_QUESTION]);
    expect(buttons(language[1])).toEqual(['Sim', 'Não', 'Saber mais']);

    const consent = await say(b, conversation, 'Sim');
    expect(texts(consent)).toEqual([
      'Obrigado. Em qualquer momento, escreva "privacidade" para ver, copiar ou apagar os seus dados.',
      'Procura trabalho ou formação? Ou é um empregador?',
    ]);

    const role = await say(a, conversation, '1');
    expect(texts(role)).toEqual(['Em que posso ajudar?']);
    expect(buttons(role[0])).toEqual(MENU_BUTTONS);

    const menu = await say(b, conversation, 'Cursos de língua');
    expect(texts(menu)).toEqual([CITY_QUESTION]);
    expect(buttons(menu[0])).toEqual(['Birmingham', 'Lisboa', 'Milão', 'Helsínquia']);

    // What the retention job lists: the exact state keys, trailing slash included, though blob names drop it.
    const storage = blobs(container);
    const conversations: string[] = [];
    for await (const key of storage.keys('webchat/conversations/')) conversations.push(key);
    expect(conversations).toEqual([`webchat/conversations/${conversation}/`]);
    expect(parseConversationStateKey(conversations[0] ?? '')).toEqual({ channelId: 'webchat', conversationId: conversation });
    const user = (await storage.read([`webchat/users/user-${conversation}/`]))[`webchat/users/user-${conversation}/`];
    expect(user).toMatchObject({ profile: { language: 'pt', role: 'newcomer' } });
  });

  it('answer a message once when the channel sends it again and the load balancer gives it to the other instance', async () => {
    const conversation = 'conv-resent';
    await say(a, conversation, 'hi');
    const message = activity(conversation, { text: 'English' });
    const first = await post(a.base, message);
    expect(texts(first.replies)).toEqual(['OK. I will write in English now.', expect.stringMatching(/^I would like to keep your language/)]);

    // The channel timed out and sent the very same activity (same id) again; it lands on B.
    const again = await post(b.base, message);
    expect(again.status).toBe(200);
    expect(again.replies).toEqual([]);

    // The conversation goes on where it was: the consent question is still the open one.
    const consent = await say(b, conversation, 'Yes');
    expect(texts(consent)).toEqual([
      'Thank you. At any time, type "privacy" to see, copy or delete your data.',
      'Are you looking for work or training? Or are you an employer?',
    ]);
  });
});

describe('two turns of one conversation at the same moment, on two instances', () => {
  let a: RunningAppWithLog;
  let b: RunningAppWithLog;
  let gateA: GatedStorage;
  let gateB: GatedStorage;
  let storage: AzureBlobsStorage;

  beforeAll(async () => {
    const container = uniqueContainer('race');
    storage = blobs(container);
    gateA = new GatedStorage(blobs(container));
    gateB = new GatedStorage(blobs(container));
    a = await startAppWithLog({ level: 'info', storage: gateA });
    b = await startAppWithLog({ level: 'info', storage: gateB });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('keep both turns: the one that saves second runs again on the fresh state, and no reply is sent twice', async () => {
    const conversation = 'conv-race';
    const key = `webchat/conversations/${conversation}/`;
    await say(a, conversation, 'hi');
    await say(b, conversation, 'Português');
    await say(a, conversation, 'Sim');
    expect(texts(await say(b, conversation, '1'))).toEqual(['Em que posso ajudar?']);

    // Both turns read the conversation before either saves; A saves first, B only after A has.
    const bothRead = barrier(2);
    const aSaved = signal();
    gateA.afterFirstRead = { key, run: bothRead };
    gateB.afterFirstRead = { key, run: bothRead };
    gateA.afterFirstWrite = { key, run: aSaved.fire };
    gateB.beforeFirstWrite = { key, run: aSaved.wait };
    gateA.writes.length = 0;
    gateB.writes.length = 0;

    const [onA, onB] = await Promise.all([
      post(a.base, activity(conversation, { text: 'Cursos de língua' })),
      post(b.base, activity(conversation, { text: 'Lisboa' })),
    ]);

    expect([onA.status, onB.status]).toEqual([200, 200]);
    // A chose the topic from the menu; B's "Lisboa" was first taken as a (wrong) menu answer, then, run again on A's
    // state, as the answer to A's city question. Only the second run's replies reach the person.
    expect(texts(onA.replies)).toEqual([CITY_QUESTION]);
    expect(texts(onB.replies)).toEqual([LEVEL_INTRO, FIRST_LEVEL_QUESTION]);
    const all = [...onA.replies, ...onB.replies].map((reply) => reply.text);
    expect(new Set(all).size).toBe(all.length);

    expect(gateA.writes.filter((write) => write.key === key)).toEqual([{ key, ok: true }]);
    expect(gateB.writes.filter((write) => write.key === key)).toEqual([
      { key, ok: false },
      { key, ok: true },
    ]);
    const retried = b.lines.filter((line) => line.includes('the turn runs again on fresh state'));
    expect(retried).toHaveLength(1);
    const retry = JSON.parse(retried[0] ?? '{}') as { attempt?: number; state?: string; dropped?: number };
    expect(retry).toMatchObject({ attempt: 1, state: 'conversation' });
    // The first run's replies (the menu asked again, "Lisboa" not being a topic) were held back and dropped.
    expect(retry.dropped).toBeGreaterThan(0);
    expect(a.lines.some((line) => line.includes('the turn runs again'))).toBe(false);

    // Both effects are in the stored state: the course finder is open (A) with Lisbon chosen (B).
    const stored = JSON.stringify((await storage.read([key]))[key]);
    expect(stored).toContain('"city":"lisbon"');
    // And the conversation goes on from there, on either instance.
    expect(texts(await say(a, conversation, 'Sim'))).not.toContain(FIRST_LEVEL_QUESTION);
  });

  it('still runs the turns of one conversation one after the other on one instance: no conflict, no second run', async () => {
    const conversation = 'conv-one-instance';
    const key = `webchat/conversations/${conversation}/`;
    await say(a, conversation, 'hi');
    gateA.writes.length = 0;
    const retriesBefore = a.lines.filter((line) => line.includes('the turn runs again')).length;

    const results = await Promise.all(['Português', 'help', 'help'].map((text) => post(a.base, activity(conversation, { text }))));

    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    const writes = gateA.writes.filter((write) => write.key === key);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((write) => write.ok)).toBe(true);
    expect(a.lines.filter((line) => line.includes('the turn runs again'))).toHaveLength(retriesBefore);
  });
});
