import { LANGUAGES } from '../../src/i18n/languages';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

describe('the HTTP server', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${running.base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${running.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('welcomes a person on their first message and asks for the language', async () => {
    const { status, replies } = await post(running.base, activity('conv-first', { text: 'hi' }));
    expect(status).toBe(200);
    expect(replies[0]?.text).toMatch(/^Hello! I am a guide/);
    expect(replies[1]?.text).toMatch(/Which language/);
    expect(replies[1]?.suggestedActions?.actions.map((a) => a.title)).toEqual(LANGUAGES.map((l) => l.nativeName));
  });
});
