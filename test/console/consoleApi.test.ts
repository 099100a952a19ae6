import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import type { OfferModeration, PendingOffer } from '../../src/console/OfferModeration';
import { HandoffStore } from '../../src/handoff/HandoffStore';
import { activity, post } from '../helpers/testApp';
import { ConsoleClient, PASSWORD, addAdviser, startConsoleApp, type ConsoleTestApp } from './consoleApp';

const XSS = '<img src=x onerror=alert(1)>';
const CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'public', 'console');

/** A person on the Web Chat channel asks for help through /api/messages (replies returned in the response). */
async function personAsks(base: string, conversation: string, text = `help me ${XSS}`): Promise<void> {
  const { status } = await post(base, activity(conversation, { text, from: { id: `user-${conversation}`, name: 'Person' } }));
  expect(status).toBe(200);
}

async function onlyTicketId(client: ConsoleClient): Promise<string> {
  const queue = await client.get('/console/api/queue');
  expect(queue.status).toBe(200);
  const id = queue.body.waiting[0]?.id as string | undefined;
  if (!id) throw new Error(`no waiting ticket: ${queue.raw}`);
  return id;
}

describe('the console API', () => {
  let running: ConsoleTestApp;
  const offers: PendingOffer[] = [];
  const decisions: string[] = [];
  const moderation: OfferModeration = {
    listPending: async () => offers,
    approve: async (id) => void decisions.push(`approve ${id}`),
    reject: async (id) => void decisions.push(`reject ${id}`),
  };

  beforeAll(async () => {
    running = await startConsoleApp({ offers: moderation });
    await addAdviser(running.storage, { username: 'ana', name: 'Ana Silva' });
    await addAdviser(running.storage, { username: 'bruno', name: 'Bruno', languages: ['it'], cities: ['milan'] });
    await addAdviser(running.storage, { username: 'root', name: 'Rita Admin', role: 'admin' });
  });
  afterAll(async () => running.stop());
  afterEach(() => nock.cleanAll());

  it('serves the console page with a CSP that allows no inline script, and a script that never uses innerHTML', async () => {
    const page = await fetch(`${running.base}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const script = fs.readFileSync(path.join(CONSOLE_DIR, 'console.js'), 'utf8');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect((await fetch(`${running.base}/console/static/console.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${running.base}/console/static/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('answers 401 to anything but the sign-in when nobody is signed in', async () => {
    const anonymous = new ConsoleClient(running.base);
    expect((await anonymous.get('/console/api/queue')).status).toBe(401);
    expect((await anonymous.get('/console/api/events')).status).toBe(401);
    expect((await anonymous.post('/console/api/tickets/whatever/take')).status).toBe(401);
    expect((await anonymous.get('/console/api/texts/pt')).body.texts.signIn.submit).toBe('Entrar');
  });

  it('signs in with an HttpOnly, SameSite=Strict session cookie and a CSRF token, and never returns the password hash', async () => {
    const client = new ConsoleClient(running.base);
    const result = await client.signIn('ana');
    expect(result.status).toBe(200);
    const cookie = result.headers.getSetCookie().find((line) => line.startsWith('console_session='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/console/);
    expect(result.body.adviser).toMatchObject({ username: 'ana', name: 'Ana Silva', role: 'adviser' });
    expect(JSON.stringify(result.body)).not.toContain('scrypt');
    expect(result.body.csrfToken).toMatch(/^[\w-]{32,}$/);
    expect((await client.get('/console/api/session')).body).toMatchObject({ signedIn: true, csrfToken: result.body.csrfToken });
  });

  it('refuses a sign-in without the login CSRF token', async () => {
    const client = new ConsoleClient(running.base);
    await client.get('/console/api/session');
    client.csrf = 'forged';
    expect((await client.post('/console/api/login', { username: 'ana', password: PASSWORD })).status).toBe(403);
  });

  it('refuses a POST without the session\'s CSRF token, or from another site', async () => {
    await personAsks(running.base, 'csrf-check');
    const client = new ConsoleClient(running.base);
    await client.signIn('ana');
    const id = await onlyTicketId(client);
    const token = client.csrf;
    client.csrf = '';
    expect((await client.post(`/console/api/tickets/${id}/take`)).status).toBe(403);
    client.csrf = token;
    expect((await client.post(`/console/api/tickets/${id}/take`, {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await client.get(`/console/api/tickets/${id}`)).body.state).toBe('pending');
    // Clean up: the next tests expect an empty queue.
    expect((await client.post(`/console/api/tickets/${id}/close`, { outcome: 'duplicate' })).status).toBe(200);
  });

  it('returns people\'s words as JSON that no browser can read as HTML', async () => {
    nock('https://webchat.botframework.com').persist().post(/.*/).reply(200, { id: 'sent' });
    await personAsks(running.base, 'xss-json');
    const client = new ConsoleClient(running.base);
    await client.signIn('ana');
    const id = await onlyTicketId(client);
    const ticket = await client.get(`/console/api/tickets/${id}`);
    expect(ticket.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ticket.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ticket.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(ticket.raw).not.toContain('<img');
    expect(ticket.raw).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
    expect(ticket.body.summary).toContainEqual({ label: 'Question', value: XSS });
    expect(ticket.body.transcript.some((entry: { text: string }) => entry.text === `help me ${XSS}`)).toBe(true);
    expect(JSON.stringify(ticket.body)).not.toContain('serviceUrl');
    await client.post(`/console/api/tickets/${id}/take`);
    await client.post(`/console/api/tickets/${id}/close`, { outcome: 'answered' });
    await running.app.runtime.handoff.desk.drain();
  });

  it('lets the adviser take, reply (delivered to the person\'s channel), transfer and close; the person rates', async () => {
    const delivered: string[] = [];
    nock('https://webchat.botframework.com')
      .persist()
      .post(/\/v3\/conversations\/.+\/activities/)
      .reply(200, async (request: Request) => {
        delivered.push(((await request.json()) as { text: string }).text);
        return { id: `d-${delivered.length}` };
      });
    await personAsks(running.base, 'full-flow', 'help me with my diploma');
    const ana = new ConsoleClient(running.base);
    await ana.signIn('ana');
    const id = await onlyTicketId(ana);
    expect((await ana.post(`/console/api/tickets/${id}/take`)).body).toMatchObject({ state: 'open', assignee: 'ana', assigneeName: 'Ana Silva' });
    expect((await ana.post(`/console/api/tickets/${id}/reply`, { text: 'Olá! Which diploma?' })).status).toBe(202);
    expect((await ana.post(`/console/api/tickets/${id}/take`)).status).toBe(409);
    expect((await ana.post(`/console/api/tickets/${id}/transfer`, { to: 'root' })).body.assignee).toBe('root');
    // Once transferred, the ticket is no longer Ana's to see.
    expect((await ana.post(`/console/api/tickets/${id}/reply`, { text: 'still me?' })).status).toBe(404);
    const rita = new ConsoleClient(running.base);
    await rita.signIn('root');
    expect((await rita.post(`/console/api/tickets/${id}/close`, { outcome: 'bogus' })).status).toBe(400);
    expect((await rita.post(`/console/api/tickets/${id}/close`, { outcome: 'referred' })).body).toMatchObject({ state: 'resolved', outcome: 'referred' });
    await running.app.runtime.handoff.desk.drain();
    expect(delivered).toEqual([
      'Ana Silva from the advice team is now in this chat. You can write here.',
      'Ana Silva (advice team): Olá! Which diploma?',
      'Now Rita Admin from the advice team will help you.',
      'The advice team has closed this conversation. You are back with the guide.',
      'One question: was the help useful? Choose a number from 1 (not useful) to 5 (very useful).',
    ]);
    const rated = await post(running.base, activity('full-flow', { text: '5', from: { id: 'user-full-flow', name: 'Person' } }));
    expect(rated.replies.map((r) => r.text)).toEqual(['Thank you for your answer. Write "menu" to see the topics.']);
    expect((await new HandoffStore(running.storage).get(id))?.satisfaction?.score).toBe(5);
  });

  it('marks a ticket undeliverable when the person\'s channel answers 403, and retries a 503', async () => {
    await personAsks(running.base, 'blocked');
    const ana = new ConsoleClient(running.base);
    await ana.signIn('ana');
    const id = await onlyTicketId(ana);
    const calls: number[] = [];
    nock('https://webchat.botframework.com')
      .post(/\/v3\/conversations\/blocked\/activities/)
      .reply(() => {
        calls.push(503);
        return [503, { error: { code: 'ServiceUnavailable' } }];
      })
      .post(/\/v3\/conversations\/blocked\/activities/)
      .reply(() => {
        calls.push(200);
        return [200, { id: 'ok' }];
      })
      .post(/\/v3\/conversations\/blocked\/activities/)
      .reply(() => {
        calls.push(403);
        return [403, { error: { code: 'BotBlocked', message: 'the user blocked the bot' } }];
      });
    await ana.post(`/console/api/tickets/${id}/take`);
    await running.app.runtime.handoff.desk.drain();
    await ana.post(`/console/api/tickets/${id}/reply`, { text: 'Hello?' });
    await running.app.runtime.handoff.desk.drain();
    expect(calls).toEqual([503, 200, 403]);
    const ticket = (await ana.get(`/console/api/tickets/${id}`)).body;
    expect(ticket).toMatchObject({ state: 'resolved', outcome: 'undeliverable', undeliverable: true });
    expect(ticket.transcript.find((e: { text: string }) => e.text === 'Hello?')?.delivery).toBe('failed');
    expect(ticket.transcript.find((e: { from: string; delivery?: string }) => e.from === 'bot' && e.delivery === 'sent')?.text).toBe(
      'Ana Silva from the advice team is now in this chat. You can write here.',
    );
    expect(ticket.transcript.at(-1).text).toMatch(/refused the message \(HTTP 403\)/);
  });

  it('pushes queue changes live over server-sent events', async () => {
    const ana = new ConsoleClient(running.base);
    await ana.signIn('ana');
    const controller = new AbortController();
    const response = await fetch(`${running.base}/console/api/events`, { headers: { Cookie: ana.cookieHeader }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const received = (async () => {
      let text = '';
      while (!text.includes('event: change')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    })();
    await personAsks(running.base, 'live');
    const text = await received;
    controller.abort();
    expect(text).toMatch(/event: change\ndata: \{"ticketId":"[\w-]+","kind":"created","state":"pending"\}/);
    const id = await onlyTicketId(ana);
    await ana.post(`/console/api/tickets/${id}/close`, { outcome: 'duplicate' });
  });

  it('gives canned replies in the person\'s language, with the English beside them', async () => {
    const ana = new ConsoleClient(running.base);
    await ana.signIn('ana');
    const canned = (await ana.get('/console/api/canned/pt')).body as Array<{ id: string; text: string; english: string }>;
    expect(canned.find((reply) => reply.id === 'hello')).toEqual({
      id: 'hello',
      text: 'Olá, sou da equipa de apoio. Li as suas mensagens. Como posso ajudar?',
      english: 'Hello, I am from the advice team. I have read your messages. How can I help you?',
    });
  });

  it('keeps the admin pages for admins: offers (approve, reject) and advisers (add, remove)', async () => {
    const ana = new ConsoleClient(running.base);
    await ana.signIn('ana');
    expect((await ana.get('/console/api/offers')).status).toBe(403);
    expect((await ana.post('/console/api/advisers', {})).status).toBe(403);

    const rita = new ConsoleClient(running.base);
    await rita.signIn('root');
    offers.splice(0, offers.length, { id: 'offer-1', employer: `Café ${XSS}`, title: 'Kitchen assistant', city: 'lisbon' });
    const listed = await rita.get('/console/api/offers');
    expect(listed.body).toEqual({ available: true, offers: [{ id: 'offer-1', employer: `Café ${XSS}`, title: 'Kitchen assistant', city: 'lisbon' }] });
    expect(listed.raw).not.toContain('<img');
    expect((await rita.post('/console/api/offers/offer-1/approve')).status).toBe(204);
    expect((await rita.post('/console/api/offers/offer-2/reject')).status).toBe(204);
    expect(decisions).toEqual(['approve offer-1', 'reject offer-2']);

    const newcomer = { username: 'carla', name: 'Carla', role: 'adviser', languages: ['it'], cities: ['milan'], topics: ['courses'] };
    expect((await rita.post('/console/api/advisers', { ...newcomer, password: 'short' })).status).toBe(400);
    expect((await rita.post('/console/api/advisers', { ...newcomer, languages: ['xx'], password: PASSWORD })).status).toBe(400);
    const added = await rita.post('/console/api/advisers', { ...newcomer, password: PASSWORD });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ username: 'carla', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
    expect((await rita.post('/console/api/advisers', { ...newcomer, password: PASSWORD })).status).toBe(409);

    const carla = new ConsoleClient(running.base);
    expect((await carla.signIn('carla')).status).toBe(200);
    expect((await rita.post('/console/api/advisers/carla/remove')).status).toBe(204);
    expect((await carla.get('/console/api/queue')).status).toBe(401);
    expect((await rita.post('/console/api/advisers/root/remove')).status).toBe(400);
  });

  it('signs out: the session cookie no longer works', async () => {
    const ana = new ConsoleClient(running.base);
    await ana.signIn('ana');
    const cookie = ana.cookieHeader;
    expect((await ana.post('/console/api/logout')).status).toBe(204);
    const replay = await fetch(`${running.base}/console/api/queue`, { headers: { Cookie: cookie } });
    expect(replay.status).toBe(401);
  });
});

describe('console sign-in throttling', () => {
  let running: ConsoleTestApp;
  beforeAll(async () => {
    running = await startConsoleApp();
    await addAdviser(running.storage, { username: 'ana' });
  });
  afterAll(async () => running.stop());

  it('answers 429 to the 6th failed sign-in from one address within 5 minutes, even with the right password', async () => {
    const client = new ConsoleClient(running.base);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.signIn('ana', `wrong password ${i}`)).status);
    statuses.push((await client.signIn('nobody', 'wrong again')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await client.signIn('ana');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(250);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(300);
  });
});
