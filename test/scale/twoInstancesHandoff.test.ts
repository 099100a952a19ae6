import nock from 'nock';
import { AzureBlobsStorage } from '../../src/storage/AzureBlobsStorage';
import { SHARED_TICKET_WATCH_MS } from '../../src/handoff/SharedTicketWatch';
import { ConsoleClient, addAdviser, startConsoleApp, type ConsoleTestApp } from '../console/consoleApp';
import { startAzurite, uniqueContainer, type Azurite } from '../helpers/azurite';
import { activity, post } from '../helpers/testApp';

// A city runs two instances behind a load balancer on one Azure Blob Storage container: a person's turns land on
// instance A, the adviser's console is signed in on instance B.

let azurite: Azurite;
let a: ConsoleTestApp;
let b: ConsoleTestApp;
const delivered: Array<{ conversation: string; text: string }> = [];

beforeAll(async () => {
  azurite = await startAzurite();
  const container = uniqueContainer('handoff');
  const blobs = () => new AzureBlobsStorage({ connectionString: azurite.connectionString, container });
  const options = { config: { STORAGE: 'azure-blobs' as const }, handoff: { watchSharedTicketsMs: 100 } };
  a = await startConsoleApp({ storage: blobs(), ...options });
  b = await startConsoleApp({ storage: blobs(), ...options });
  await addAdviser(blobs(), { username: 'ana', name: 'Ana Silva' });
  nock('https://webchat.botframework.com')
    .persist()
    .post(/\/v3\/conversations\/.+\/activities/)
    .reply(200, async (request: Request) => {
      const conversation = decodeURIComponent(/\/v3\/conversations\/([^/]+)\//.exec(new URL(request.url).pathname)?.[1] ?? '');
      delivered.push({ conversation, text: ((await request.json()) as { text: string }).text });
      return { id: `d-${delivered.length}` };
    });
}, 30_000);

afterAll(async () => {
  nock.cleanAll();
  await Promise.all([a?.stop(), b?.stop()]);
  await azurite?.stop();
});

/** The console's live stream on one instance: the ids of the tickets it says changed, as they come. */
function liveChanges(base: string, client: ConsoleClient): { changes: string[]; close(): void } {
  const controller = new AbortController();
  const changes: string[] = [];
  void (async () => {
    const response = await fetch(`${base}/console/api/events`, { headers: { Cookie: client.cookieHeader }, signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += new TextDecoder().decode(value);
      for (const match of text.matchAll(/event: change\ndata: (\{[^\n]*\})\n\n/g)) changes.push((JSON.parse(match[1]!) as { ticketId: string }).ticketId);
      const end = text.lastIndexOf('\n\n');
      if (end >= 0) text = text.slice(end + 2);
    }
  })().catch(() => undefined);
  return { changes, close: () => controller.abort() };
}

/** Waits, at most 10 s, until `ready()` holds. */
async function eventually(ready: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not within 10 s');
}

describe('a handoff across two instances on one Azure Blob Storage container', () => {
  it('watches for other instances\' tickets only with the shared storage, every 3 s by default', async () => {
    expect(a.app.runtime.handoff.watch).toBeDefined();
    expect(SHARED_TICKET_WATCH_MS).toBe(3_000);
    const single = await startConsoleApp();
    try {
      expect(single.app.runtime.handoff.watch).toBeUndefined();
    } finally {
      await single.stop();
    }
  });

  it('shows a ticket opened through instance A live on instance B, where the adviser takes it and answers the person', async () => {
    const ana = new ConsoleClient(b.base);
    expect((await ana.signIn('ana')).status).toBe(200);
    const live = liveChanges(b.base, ana);
    try {
      // The console connected: let B's watch take stock before the person writes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const person = (text: string) => post(a.base, activity('across', { text, from: { id: 'user-across', name: 'Person' } }));
      expect((await person('help me with my nursing diploma')).status).toBe(200);

      // Instance B hears of it without a reload, and its queue shows it.
      await eventually(() => live.changes.length > 0);
      const id = live.changes[0]!;
      const queue = await ana.get('/console/api/queue');
      expect(queue.body.waiting.map((ticket: { id: string }) => ticket.id)).toContain(id);

      // Taken and answered on B: the reply reaches the person's channel.
      expect((await ana.post(`/console/api/tickets/${id}/take`)).body).toMatchObject({ state: 'open', assignee: 'ana' });
      expect((await ana.post(`/console/api/tickets/${id}/reply`, { text: 'Olá! Which country is your diploma from?' })).status).toBe(202);
      await b.app.runtime.handoff.desk.drain();
      await eventually(() => delivered.some((d) => d.conversation === 'across' && d.text === 'Ana Silva (advice team): Olá! Which country is your diploma from?'));

      // The person answers through A: B's console hears of the change and shows the message.
      const before = live.changes.filter((changed) => changed === id).length;
      expect((await person('From Syria')).status).toBe(200);
      await eventually(() => live.changes.filter((changed) => changed === id).length > before);
      const ticket = await ana.get(`/console/api/tickets/${id}`);
      expect(ticket.body.transcript.map((entry: { text: string }) => entry.text)).toContain('From Syria');

      expect((await ana.post(`/console/api/tickets/${id}/close`, { outcome: 'answered' })).status).toBe(200);
      await b.app.runtime.handoff.desk.drain();
    } finally {
      live.close();
    }
  });
});
