// Not exported by the package's index: the class whose memory scopes each new configuration asks for.
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

describe('the dialog memory configuration', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it('is built on the first turn and lent to the next ones, and the conversation still moves on', async () => {
    const build = jest.spyOn(DialogsComponentRegistration.prototype, 'getMemoryScopes');
    try {
      const texts: string[] = [];
      for (const text of ['hi', 'English', 'Yes', 'Work or training']) {
        const { status, replies } = await post(running.base, activity('memory-config', { text }));
        expect(status).toBe(200);
        texts.push(replies.map((reply) => reply.text ?? '').join('\n'));
      }
      // Without the loan, botbuilder builds the memory scopes again at the first dialog context of every turn.
      expect(build).toHaveBeenCalledTimes(1);
      expect(texts[1]).toMatch(/keep|data|agree/i);
      expect(texts[3]).toContain('What can I help you with?');
    } finally {
      build.mockRestore();
    }
  });
});
