import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

describe('bad input to /api/messages gets a clear 4xx, never a 500', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it('rejects a body over 256 KB with 413', async () => {
    const huge = activity('conv-huge', { text: 'x'.repeat(300 * 1024) });
    const { status } = await post(running.base, huge);
    expect(status).toBe(413);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const { status, body } = await post(running.base, '{"type": "message", ');
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'the body is not valid JSON' });
  });

  it('rejects a non-JSON content type with 400', async () => {
    const response = await fetch(`${running.base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(400);
  });

  it.each([
    ['type', { type: undefined }, ['type']],
    ['conversation.id', { conversation: undefined }, ['conversation.id']],
    ['from.id', { from: { name: 'no id' } }, ['from.id']],
    ['serviceUrl', { serviceUrl: undefined }, ['serviceUrl']],
    ['a serviceUrl that is not a URL', { serviceUrl: 'javascript:alert(1)' }, ['serviceUrl (an http or https URL)']],
    ['everything', { type: undefined, conversation: undefined, from: undefined, serviceUrl: undefined }, ['type', 'conversation.id', 'from.id', 'serviceUrl']],
  ])('an activity missing %s gets 400 naming what is missing', async (_what, fields, missing) => {
    const { status, body } = await post(running.base, activity('conv-missing', fields as never));
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'the activity is incomplete', missing });
  });

  it('rejects a JSON array body with 400', async () => {
    const { status } = await post(running.base, [1, 2, 3]);
    expect(status).toBe(400);
  });

  it('still serves after all that', async () => {
    const { status, replies } = await post(running.base, activity('conv-after-bad-input', { text: 'hello' }));
    expect(status).toBe(200);
    expect(replies.length).toBeGreaterThan(0);
  });
});
