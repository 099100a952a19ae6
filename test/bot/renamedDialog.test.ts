import { MemoryStorage } from 'botbuilder';
import { activity, post, startApp, type RunningApp } from '../helpers/testApp';

describe('a deploy that renames a dialog', () => {
  let running: RunningApp;
  const storage = new MemoryStorage();
  beforeAll(async () => {
    running = await startApp({}, storage);
  });
  afterAll(async () => running.stop());

  it('restarts the person at the menu with a note, instead of failing on every message', async () => {
    const say = (text: string) => post(running.base, activity('conv-renamed', { text, from: { id: 'person-renamed', name: '' } }));
    for (const text of ['hi', 'English', 'Yes', 'Work or training', 'Language courses']) await say(text);
    // The saved stack names a dialog that this version of the bot no longer has.
    const key = 'webchat/conversations/conv-renamed/';
    const saved = (await storage.read([key]))[key] as { dialogState: { dialogStack: Array<{ id: string }> } };
    saved.dialogState.dialogStack[0]!.id = 'aDialogFromAnOlderVersion';
    await storage.write({ [key]: { ...saved, eTag: '*' } });

    const { status, replies } = await say('Lisbon');
    expect(status).toBe(200);
    expect(replies.map((r) => r.text)).toEqual(['This guide was updated, so we start again at the menu. Sorry for the trouble.', 'What can I help you with?']);
    const next = await say('Language courses');
    expect(next.replies.map((r) => r.text)).toEqual(['In which city do you want to learn the language?']);
  });
});
