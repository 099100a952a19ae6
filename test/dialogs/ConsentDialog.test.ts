import { AutoSaveStateMiddleware, MemoryStorage, UserState, type Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { ConsentDialog, type ConsentResult } from '../../dialogs/ConsentDialog';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import type { UserProfile } from '../../src/bot/UserProfile';
import { LANGUAGES } from '../../src/i18n/languages';
import { i18n } from '../helpers/testApp';

const AT = new Date('2025-04-02T09:30:00.000Z');

async function client(options: { language?: string; channelId?: string; retentionDays?: number } = {}): Promise<DialogTestClient> {
  const storage = new MemoryStorage();
  if (options.language) await storage.write({ [`${options.channelId ?? 'webchat'}/users/user1/`]: { profile: { language: options.language } } });
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const dialog = new ConsentDialog({ retentionDays: options.retentionDays ?? 90, sessionHours: 24, now: () => AT });
  return new DialogTestClient(options.channelId ?? 'webchat', dialog, undefined, [
    new LocaleMiddleware(i18n, profile),
    new AutoSaveStateMiddleware(userState),
  ]);
}

const text = (activity: Partial<Activity> | undefined): string => activity?.text ?? '';
const buttons = (activity: Partial<Activity> | undefined): string[] => activity?.suggestedActions?.actions.map((a) => String(a.title)) ?? [];

const ASK_EN =
  'I would like to keep your language, your answers and, only if you ask for a person, your messages to advisers.\n' +
  'This lets you continue where you left off, and it helps advisers help you.\n' +
  'I delete it all 90 days after your last message, and only advisers see it, only when you ask for one.\n\n' +
  'Do you agree?';
const GIVEN_EN = 'Thank you. At any time, type "privacy" to see, copy or delete your data.';
const REFUSED_EN = 'That is fine. You still get all the information. I will forget your answers 24 hours after your last message.';

describe('ConsentDialog', () => {
  it('explains what, why, how long and who, and asks: Yes / No / Tell me more', async () => {
    const consent = await client();
    const ask = await consent.sendActivity('hi');
    expect(text(ask)).toBe(ASK_EN);
    expect(buttons(ask)).toEqual(['Yes', 'No', 'Tell me more']);
  });

  it.each<[string, string, string, boolean]>([
    ['Yes', 'the button', GIVEN_EN, true],
    ['sure', 'a synonym', GIVEN_EN, true],
    ['2', 'the number', REFUSED_EN, false],
    ['No', 'the button', REFUSED_EN, false],
  ])('"%s" (%s) answers and returns the record to keep', async (said, _how, reply, given) => {
    const consent = await client();
    await consent.sendActivity('hi');
    expect(text(await consent.sendActivity(said))).toBe(reply);
    expect(consent.getNextReply()).toBeUndefined();
    expect(consent.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    expect(consent.dialogTurnResult.result).toEqual({
      consent: given,
      record: { given, at: AT.toISOString(), version: 1 },
    } satisfies ConsentResult);
  });

  it('tells more on request, then asks again with Yes / No only', async () => {
    const consent = await client();
    await consent.sendActivity('hi');
    const details = await consent.sendActivity('Tell me more');
    expect(text(details)).toMatch(/^What I keep: the language you chose/);
    expect(text(details)).toContain('How long: 90 days after your last message.');
    expect(text(details)).toContain('I forget your answers 24 hours after your last message.');
    const again = consent.getNextReply();
    expect(text(again)).toBe('Do you agree?');
    expect(buttons(again)).toEqual(['Yes', 'No']);
    expect(text(await consent.sendActivity('no'))).toBe(REFUSED_EN);
    expect((consent.dialogTurnResult.result as ConsentResult).consent).toBe(false);
  });

  it('asks again when the answer matches nothing', async () => {
    const consent = await client();
    await consent.sendActivity('hi');
    expect(text(await consent.sendActivity('banana'))).toMatch(/^Sorry, I did not understand/);
    expect(text(consent.getNextReply())).toBe(ASK_EN);
    expect(consent.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
  });

  it('tells the configured retention period', async () => {
    const consent = await client({ retentionDays: 30 });
    expect(text(await consent.sendActivity('hi'))).toContain('I delete it all 30 days after your last message');
  });

  it('speaks the person\'s language (Portuguese), and understands "sim"', async () => {
    const consent = await client({ language: 'pt' });
    const ask = await consent.sendActivity('olá');
    expect(text(ask)).toMatch(/^Gostaria de guardar a sua língua/);
    expect(text(ask)).toContain('Apago tudo 90 dias depois da sua última mensagem');
    expect(buttons(ask)).toEqual(['Sim', 'Não', 'Saber mais']);
    expect(text(await consent.sendActivity('sim'))).toBe(
      'Obrigado. Em qualquer momento, escreva "privacidade" para ver, copiar ou apagar os seus dados.',
    );
    expect((consent.dialogTurnResult.result as ConsentResult).consent).toBe(true);
  });

  it('lists the answers as numbered text on SMS', async () => {
    const consent = await client({ channelId: 'sms' });
    const ask = await consent.sendActivity('hi');
    expect(ask?.suggestedActions).toBeUndefined();
    expect(text(ask)).toMatch(/Do you agree\?\n\n1\. Yes\n2\. No\n3\. Tell me more$/);
  });

  it.each(LANGUAGES.map((l) => l.code))('%s: three short sentences before the question, with the period filled in', async (code) => {
    const consent = await client({ language: code });
    const ask = text(await consent.sendActivity('hi'));
    const [explanation, question, ...rest] = ask.split('\n\n');
    expect(rest).toEqual([]);
    expect(explanation?.split('\n')).toHaveLength(3);
    expect(explanation).toContain('90');
    expect(question).toBe(i18n.getFixedT(code)('privacy:consent.promptAgain'));
  });
});
