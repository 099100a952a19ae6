import { MemoryStorage, MessageFactory, TestAdapter, UserState, type TurnContext } from 'botbuilder';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import { i18n } from '../helpers/testApp';
import { isolateLtrRuns } from '../../src/i18n/bidi';
import { splitMessage } from '../../src/bot/splitMessage';

describe('isolateLtrRuns', () => {
  it.each([
    ['زوروا https://www.gov.uk/ukenic للمزيد', 'زوروا \u2068https://www.gov.uk/ukenic\u2069 للمزيد'],
    ['الجهة هي UK ENIC في بريطانيا', 'الجهة هي \u2068UK ENIC\u2069 في بريطانيا'],
    ['اتصل على +44 20 7946 0000 الآن', 'اتصل على \u2068+44 20 7946 0000\u2069 الآن'],
    ['ایمیل: info@example.org است', 'ایمیل: \u2068info@example.org\u2069 است'],
    ['1. گزینه اول', '1. گزینه اول'],
  ])('%s', (input, expected) => {
    expect(isolateLtrRuns(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = isolateLtrRuns('الجهة هي UK ENIC');
    expect(isolateLtrRuns(once)).toBe(once);
  });
});

describe('splitMessage', () => {
  const sentence = 'This is one short sentence. ';
  it('leaves a text under the limit whole', () => {
    expect(splitMessage('Hello there.', 2000)).toEqual(['Hello there.']);
  });

  it.each([160, 2000, 4096])('cuts at sentence ends, every piece within %i characters, nothing lost', (limit) => {
    const text = sentence.repeat(Math.ceil((limit * 2.5) / sentence.length)).trim();
    const pieces = splitMessage(text, limit);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(limit);
      expect(piece.endsWith('.')).toBe(true);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('prefers line breaks over sentence ends', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i + 1}. Step number ${i + 1}. Do this.`);
    const pieces = splitMessage(lines.join('\n'), 200);
    for (const piece of pieces) expect(piece.split('\n').every((line) => /^\d+\. Step number \d+\. Do this\.$/.test(line))).toBe(true);
  });

  it('cuts a single overlong word hard, as a last resort', () => {
    const pieces = splitMessage('x'.repeat(50), 20);
    expect(pieces).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(10)]);
  });
});

describe('outgoing messages through the locale middleware', () => {
  async function replies(channelId: string, language: string | undefined, send: (ctx: TurnContext) => Promise<unknown>) {
    const storage = new MemoryStorage();
    const userState = new UserState(storage);
    const profile = userState.createProperty<{ language?: string }>('profile');
    const adapter = new TestAdapter(async (ctx) => {
      await send(ctx);
    }, { channelId });
    if (language) await storage.write({ [`${channelId}/users/user1/`]: { profile: { language } } });
    adapter.use(new LocaleMiddleware(i18n, profile));
    await adapter.receiveActivity('hi');
    return adapter.activeQueue.splice(0);
  }

  it('splits a long SMS into pieces within 1,600 characters and keeps the options on the last one', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Step ${i + 1}: read the official page and keep your papers.`).join('\n');
    const sent = await replies('sms', undefined, (ctx) =>
      ctx.sendActivity(MessageFactory.suggestedActions(['Yes', 'No'], long)),
    );
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const activity of sent) expect(activity.text?.length ?? 0).toBeLessThanOrEqual(1600);
    expect(sent.map((a) => a.text).join('\n')).toBe(long);
    expect(sent.at(-1)?.suggestedActions?.actions.length).toBe(2);
    expect(sent.slice(0, -1).every((a) => a.suggestedActions === undefined)).toBe(true);
  });

  it('leaves a long web chat message whole', async () => {
    const sent = await replies('webchat', undefined, (ctx) => ctx.sendActivity('x '.repeat(3000)));
    expect(sent).toHaveLength(1);
  });

  it('isolates links in Arabic replies and marks every reply with the language', async () => {
    const sent = await replies('webchat', 'ar', (ctx) => ctx.sendActivity('الموقع https://www.gov.uk/ukenic'));
    expect(sent[0]?.text).toBe('الموقع \u2068https://www.gov.uk/ukenic\u2069');
    expect(sent[0]?.locale).toBe('ar');
  });
});
