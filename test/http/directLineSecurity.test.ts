import { ConfigError, loadConfig } from '../../src/config';
import { startApp, type RunningApp } from '../helpers/testApp';

interface Started {
  conversationId: string;
  token: string;
}

async function startConversation(base: string, authorization?: string): Promise<{ status: number; body: Started }> {
  const response = await fetch(`${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: authorization ? { Authorization: authorization } : {},
  });
  return { status: response.status, body: (await response.json()) as Started };
}

async function tokenFor(base: string): Promise<Started> {
  const response = await fetch(`${base}/api/tryit/token`, { method: 'POST' });
  const { token } = (await response.json()) as { token: string };
  return (await startConversation(base, `Bearer ${token}`)).body;
}

describe('the local Direct Line endpoint keeps conversations apart', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ DIRECTLINE_SECRET: 'a-secret-of-at-least-16-characters' });
  });
  afterAll(async () => running.stop());

  it('gives each conversation an unguessable id and token (at least 128 bits each)', async () => {
    const { conversationId, token } = await tokenFor(running.base);
    expect(Buffer.from(conversationId, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it("refuses to show one conversation's messages with another conversation's token, or with none (403)", async () => {
    const a = await tokenFor(running.base);
    const b = await tokenFor(running.base);
    const read = (id: string, token?: string) =>
      fetch(`${running.base}/v3/directline/conversations/${id}/activities`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect((await read(a.conversationId, a.token)).status).toBe(200);
    expect((await read(b.conversationId, a.token)).status).toBe(403);
    expect((await read(b.conversationId)).status).toBe(403);
    expect((await read('guessed-conversation-id', a.token)).status).toBe(403);
  });

  it('does not let a client speak as someone else in the middle of a conversation', async () => {
    const { conversationId, token } = await tokenFor(running.base);
    const send = (fromId: string) =>
      fetch(`${running.base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: fromId }, text: 'hello' }),
      });
    await send('first-client-id');
    await send('somebody-else');
    const history = await fetch(`${running.base}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    const { activities } = (await history.json()) as { activities: Array<{ from: { id: string; role?: string } }> };
    const people = new Set(activities.filter((a) => a.from.role === 'user').map((a) => a.from.id));
    expect(people.size).toBe(1);
    expect(people.has('somebody-else')).toBe(false);
  });

  it('needs the secret to start a conversation directly when one is configured', async () => {
    expect((await startConversation(running.base)).status).toBe(403);
    expect((await startConversation(running.base, 'Bearer wrong-secret-wrong-secret')).status).toBe(403);
    expect((await startConversation(running.base, 'Bearer a-secret-of-at-least-16-characters')).status).toBe(201);
  });
});

describe('production configuration', () => {
  const base = { NODE_ENV: 'production', MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'password' };
  it('refuses the Direct Line endpoint without a secret', () => {
    expect(() => loadConfig(base)).toThrow(ConfigError);
    expect(() => loadConfig(base)).toThrow(/DIRECTLINE_SECRET/);
  });
  it('accepts it with a secret, or switched off', () => {
    expect(loadConfig({ ...base, DIRECTLINE_SECRET: 'a-secret-of-at-least-16-characters' }).DIRECTLINE_ENABLED).toBe('true');
    expect(loadConfig({ ...base, DIRECTLINE_ENABLED: 'false' }).DIRECTLINE_ENABLED).toBe('false');
  });
});
