import { MemoryStorage } from 'botbuilder';
import { SECURITY_HEADERS } from '../../src/http/securityHeaders';
import { tryItToken } from '../helpers/directLineClient';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

describe('rate limits', () => {
  let running: RunningApp;
  const storage = new MemoryStorage();
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_CONVERSATION: 3, RATE_LIMIT_PER_IP: 1000 }, storage);
  });
  afterAll(async () => running.stop());

  it('asks a person who is too fast, once and in their language, to slow down, and stores nothing for those turns', async () => {
    const say = (text: string) => post(running.base, activity('conv-fast', { text, locale: 'pt-PT', from: { id: 'fast-person', name: '' } }));
    await say('olá');
    await say('Português');
    await say('1');
    const key = 'webchat/conversations/conv-fast/';
    const before = JSON.stringify((await storage.read([key]))[key]);
    const fourth = await say('1');
    const fifth = await say('2');
    expect(fourth.status).toBe(200);
    expect(fourth.replies.map((r) => r.text)).toEqual(['Está a enviar mensagens muito depressa. Espere um minuto e depois escreva outra vez.']);
    expect(fifth.replies).toEqual([]);
    expect(JSON.stringify((await storage.read([key]))[key])).toBe(before);
  });

  it('refuses the 4th Direct Line message in a minute with 429 and tells the person in the chat', async () => {
    const token = await tryItToken(running.base);
    const start = await fetch(`${running.base}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const { conversationId } = (await start.json()) as { conversationId: string };
    const send = (text: string) =>
      fetch(`${running.base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'someone' }, text }),
      });
    const statuses = [];
    for (const text of ['a', 'b', 'c', 'd']) statuses.push((await send(text)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const history = await fetch(`${running.base}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    const { activities } = (await history.json()) as { activities: Array<{ text?: string }> };
    expect(activities.at(-1)?.text).toBe('You are sending messages very fast. Please wait one minute, then write again.');
  });
});

describe('rate limit per address', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_IP: 5 });
  });
  afterAll(async () => running.stop());

  it('answers 429 to the 6th request in a minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await post(running.base, activity(`conv-ip-${i}`, { text: 'hi' }))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('security headers', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it.each(['/', '/healthz', '/static/chat.js', '/no-such-page'])('are on %s', async (route) => {
    const response = await fetch(`${running.base}${route}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe(SECURITY_HEADERS['X-Frame-Options']);
  });
});
