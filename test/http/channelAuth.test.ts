import { generateKeyPairSync, createSign, type KeyObject } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import nock from 'nock';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

const APP_ID = '00000000-1111-2222-3333-444444444444';
const METADATA_HOST = 'https://login.botframework.com';
const KID = 'test-signing-key';

const channelKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims: Record<string, unknown>, key: KeyObject = channelKey.privateKey, kid = KID): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(head).sign(key).toString('base64url');
  return `${head}.${signature}`;
}

const now = (): number => Math.floor(Date.now() / 1000);
const SERVICE_URL = 'https://webchat.botframework.com/';
const goodClaims = (): Record<string, unknown> => ({
  iss: 'https://api.botframework.com',
  aud: APP_ID,
  serviceurl: SERVICE_URL,
  nbf: now() - 60,
  exp: now() + 3600,
});

/** Plays login.botframework.com: the OpenID metadata and the channel's signing keys. */
function serveChannelKeys(): void {
  const jwk = channelKey.publicKey.export({ format: 'jwk' });
  nock(METADATA_HOST)
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, { issuer: 'https://api.botframework.com', jwks_uri: `${METADATA_HOST}/v1/.well-known/keys` })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['webchat', 'directline', 'msteams'] }] });
}

describe('channel authentication with a Microsoft App ID', () => {
  let running: RunningApp;
  let storage: MemoryStorage;
  beforeAll(async () => {
    serveChannelKeys();
    storage = new MemoryStorage();
    running = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-with-expect-replies' }, storage);
  });
  afterAll(async () => running.stop());

  const postWith = async (authorization: string | undefined, conversation: string) => {
    const response = await fetch(`${running.base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body: JSON.stringify(activity(conversation, { text: 'hello', serviceUrl: SERVICE_URL })),
    });
    const text = await response.text();
    return { status: response.status, text };
  };

  const stored = async (conversation: string): Promise<number> => {
    const key = `webchat/conversations/${conversation}/`;
    return Object.keys(await storage.read([key])).length;
  };

  it.each<[string, () => string | undefined]>([
    ['no token', () => undefined],
    ['a malformed token', () => 'Bearer not-a-jwt'],
    ['a token for another bot (audience)', () => `Bearer ${sign({ ...goodClaims(), aud: 'some-other-app' })}`],
    ['a token from another issuer', () => `Bearer ${sign({ ...goodClaims(), iss: 'https://evil.example' })}`],
    ['an expired token', () => `Bearer ${sign({ ...goodClaims(), nbf: now() - 7200, exp: now() - 3600 })}`],
    ['a serviceUrl claim that does not match', () => `Bearer ${sign({ ...goodClaims(), serviceurl: 'https://elsewhere.example/' })}`],
    ['a token signed by another key', () => `Bearer ${sign(goodClaims(), strangerKey.privateKey)}`],
  ])('rejects %s with 401, writes no state and runs no bot code', async (name, header) => {
    const conversation = `auth-${name.replace(/\W+/g, '-')}`;
    const { status, text } = await postWith(header(), conversation);
    expect(status).toBe(401);
    expect(text).not.toContain('Hello! I am a guide');
    expect(await stored(conversation)).toBe(0);
  });

  it('accepts a valid channel token', async () => {
    const result = await post(running.base, activity('auth-valid', { text: 'hello', serviceUrl: SERVICE_URL }));
    expect(result.status).toBe(401);
    const { status, text } = await postWith(`Bearer ${sign(goodClaims())}`, 'auth-valid');
    expect(status).toBe(200);
    expect(text).toContain('Hello! I am a guide');
    expect(await stored('auth-valid')).toBe(1);
  });

  it('checks the token once per message: the turn runs on the server’s check', async () => {
    const auth = running.app.runtime.auth;
    const check = jest.spyOn(auth, 'authenticateRequest');
    try {
      const { status, text } = await postWith(`Bearer ${sign(goodClaims())}`, 'auth-once');
      expect(status).toBe(200);
      expect(text).toContain('Hello! I am a guide');
      expect(check).toHaveBeenCalledTimes(1);
    } finally {
      check.mockRestore();
    }
  });
});
