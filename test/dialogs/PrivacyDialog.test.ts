import { AutoSaveStateMiddleware, ConversationState, UserState, type Activity, type Middleware } from 'botbuilder';
import { ComponentDialog, DialogTurnStatus, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { EXPORT_FILE_NAME, PrivacyDialog, PrivacyDialogIds } from '../../dialogs/PrivacyDialog';
import { setTurnLocale } from '../../src/bot/turnLocale';
import { ErasureAudit } from '../../src/privacy/ErasureAudit';
import type { Person } from '../../src/privacy/Person';
import { PrivacyService } from '../../src/privacy/PrivacyService';
import { conversationStateKey, userStateKey } from '../../src/privacy/stateKeys';
import { ListableMemoryStorage } from '../../src/storage/ListableStorage';
import { i18n } from '../helpers/testApp';
import { FakeTicketHolder } from '../privacy/FakeTicketHolder';

const NOW = new Date('2025-03-14T10:00:00.000Z');

/** Fixes the turn's language without touching the profile (the profile schema does not hold consent and city yet). */
const fixedLanguage = (lng: string): Middleware => ({
  onTurn: async (context, next) => {
    setTurnLocale(context, i18n, lng);
    await next();
  },
});

/** Like the handoff relay: notes every message the bot sends in the conversation state (saved at the end of the turn). */
const notesReplies = (conversationState: ConversationState): Middleware => {
  const recent = conversationState.createProperty<string[]>('recent');
  return {
    onTurn: async (context, next) => {
      context.onSendActivities(async (ctx, activities, sendNext) => {
        const said = (await recent.get(ctx)) ?? [];
        await recent.set(ctx, [...said, ...activities.map((a) => a.text ?? '')]);
        return sendNext();
      });
      await next();
    },
  };
};

/** Stands in for MainDialog: starts the privacy menu, and says so when it gets control back. */
class ParentDialog extends ComponentDialog {
  constructor(privacy: PrivacyDialog) {
    super('parent');
    this.addDialog(privacy);
    this.addDialog(
      new WaterfallDialog('parent.flow', [
        async (step: WaterfallStepContext) => step.beginDialog(PrivacyDialogIds.privacy),
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity('parent: back in the main menu');
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'parent.flow';
  }
}

async function setup(options: { channelId?: string; language?: string; seed?: boolean; nested?: boolean } = {}) {
  const channelId = options.channelId ?? 'webchat';
  const person: Person = { channelId, userId: 'user1', conversationId: 'Convo1' };
  const storage = new ListableMemoryStorage();
  const tickets = new FakeTicketHolder(storage);
  const ticketKeys: string[] = [];
  if (options.seed !== false) {
    await storage.write({
      [userStateKey(person)]: {
        profile: { language: 'en', role: 'newcomer', city: 'lisbon', consent: { given: true, at: '2025-03-01T09:00:00.000Z', version: 1 } },
      },
      [conversationStateKey(person)]: {
        session: { lastSeen: '2025-03-13T18:30:00.000Z', channelId, userId: 'user1', consent: true },
      },
    });
    ticketKeys.push(await tickets.add('t1', person, 'I need help with my nursing diploma'));
  }
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const privacy = new PrivacyService(storage, { holders: [tickets], now: () => NOW });
  const dialog = new PrivacyDialog({ privacy, states: [conversationState, userState], retentionDays: 90, sessionHours: 24 });
  const client = new DialogTestClient(
    channelId,
    options.nested ? new ParentDialog(dialog) : dialog,
    undefined,
    [fixedLanguage(options.language ?? 'en'), new AutoSaveStateMiddleware(userState), notesReplies(conversationState)],
    conversationState,
  );
  const keys = [userStateKey(person), conversationStateKey(person), ...ticketKeys];
  return { client, storage, tickets, privacy, person, keys };
}

const text = (activity: Partial<Activity> | undefined): string => activity?.text ?? '';
const buttons = (activity: Partial<Activity> | undefined): string[] => activity?.suggestedActions?.actions.map((a) => String(a.title)) ?? [];

const MENU = 'What do you want to do with your data?';
const SUMMARY_EN = [
  'This is what I keep about you:',
  '1. Language: English',
  '2. You are: looking for work or training',
  '3. City: Lisbon',
  '4. On 2025-03-01 you agreed that I keep your data.',
  '5. This conversation. Your last message: 2025-03-13.',
  '6. Messages to advisers: 1',
  '7. Requests to talk to a person: 1',
  'I delete it all 90 days after your last message.',
].join('\n');

describe('PrivacyDialog', () => {
  it('offers See / Get a copy / Delete / Back', async () => {
    const { client } = await setup();
    const menu = await client.sendActivity('privacy');
    expect(text(menu)).toBe(MENU);
    expect(buttons(menu)).toEqual(['See my data', 'Get a copy', 'Delete my data', 'Back']);
  });

  it.each(['See my data', '1', 'show'])('"%s" shows what the bot keeps, then the menu again', async (said) => {
    const { client } = await setup();
    await client.sendActivity('privacy');
    expect(text(await client.sendActivity(said))).toBe(SUMMARY_EN);
    expect(text(client.getNextReply())).toBe(MENU);
    expect(client.getNextReply()).toBeUndefined();
  });

  it('says it keeps only the place in the conversation for someone who told it nothing', async () => {
    const { client } = await setup({ seed: false });
    await client.sendActivity('privacy');
    expect(text(await client.sendActivity('1'))).toBe(
      'This is what I keep about you:\n1. Only where we are in this conversation.\nI delete it all 24 hours after your last message.',
    );
  });

  it('sends the copy as a JSON file on Web Chat', async () => {
    const { client, privacy, person } = await setup();
    await client.sendActivity('privacy');
    const reply = await client.sendActivity('Get a copy');
    expect(text(reply)).toBe('Here is a copy of your data, in a file.');
    const file = reply?.attachments?.[0];
    expect(file).toMatchObject({ contentType: 'application/json', name: EXPORT_FILE_NAME });
    const url = String(file?.contentUrl);
    expect(url.startsWith('data:application/json;base64,')).toBe(true);
    const json = JSON.parse(Buffer.from(url.slice('data:application/json;base64,'.length), 'base64').toString('utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ person, profile: { language: 'en', city: 'lisbon' }, holders: { tickets: { tickets: 1 } } });
    expect(json['exportedAt']).toBe(NOW.toISOString());
    expect(Object.keys(json).sort()).toEqual(Object.keys(await privacy.exportData(person)).sort());
    expect(text(client.getNextReply())).toBe(MENU);
  });

  it('says so on SMS, which cannot take files, and shows the summary instead', async () => {
    const { client } = await setup({ channelId: 'sms' });
    const menu = await client.sendActivity('privacy');
    expect(text(menu)).toBe(`${MENU}\n\n1. See my data\n2. Get a copy\n3. Delete my data\n4. Back`);
    const reply = await client.sendActivity('2');
    expect(text(reply)).toBe('This chat cannot send files. Here is what I keep about you.');
    expect(reply?.attachments).toBeUndefined();
    const summary = client.getNextReply();
    expect(text(summary)).toBe(SUMMARY_EN);
    expect(summary?.attachments).toBeUndefined();
  });

  it('deletes nothing when the person says no', async () => {
    const { client, storage, keys } = await setup();
    await client.sendActivity('privacy');
    const confirm = await client.sendActivity('Delete my data');
    expect(text(confirm)).toBe('Do you want me to delete all your data? I cannot undo this.');
    expect(buttons(confirm)).toEqual(['Yes', 'No']);
    expect(text(await client.sendActivity('No'))).toBe('OK. I did not delete anything.');
    expect(text(client.getNextReply())).toBe(MENU);
    expect(Object.keys(await storage.read(keys))).toHaveLength(keys.length);
  });

  it('erases every trace on yes, writes nothing back at the end of the turn, and starts afresh', async () => {
    const { client, storage, keys } = await setup();
    await client.sendActivity('privacy');
    await client.sendActivity('delete');
    expect(text(await client.sendActivity('yes'))).toBe(
      'Done. I deleted all your data. If you write again, we start from the beginning.',
    );
    expect(client.getNextReply()).toBeUndefined();
    // The turn is over and its states were saved (or not): every key still reads as nothing.
    expect(await storage.read(keys)).toEqual({});
    const left: string[] = [];
    for await (const key of storage.keys()) left.push(key);
    expect(left).toEqual(['audit/erasures/2025-03']);
    expect(await new ErasureAudit(storage).entries(NOW)).toEqual([
      { at: NOW.toISOString(), reason: 'request', people: 1, holders: { tickets: 1, userState: 1, conversationState: 1 } },
    ]);

    // The next message is a new conversation: the menu, and nothing of the old one.
    expect(text(await client.sendActivity('hello'))).toBe(MENU);
    expect(text(await client.sendActivity('1'))).toBe(
      'This is what I keep about you:\n1. Only where we are in this conversation.\nI delete it all 24 hours after your last message.',
    );
  });

  it('ends the caller too after an erasure, but hands back to it on Back', async () => {
    const back = await setup({ nested: true });
    await back.client.sendActivity('privacy');
    expect(text(await back.client.sendActivity('Back'))).toBe('parent: back in the main menu');
    expect(back.client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);

    const erase = await setup({ nested: true });
    await erase.client.sendActivity('privacy');
    await erase.client.sendActivity('3');
    expect(text(await erase.client.sendActivity('1'))).toMatch(/^Done\. I deleted all your data/);
    expect(erase.client.getNextReply()).toBeUndefined();
    expect(erase.client.dialogTurnResult.status).not.toBe(DialogTurnStatus.waiting);
    expect(await erase.storage.read(erase.keys)).toEqual({});
  });

  it('keeps everything and says so when a holder cannot delete, so the person can try again', async () => {
    const { client, storage, tickets, keys } = await setup();
    tickets.failNext = 'erase';
    await client.sendActivity('privacy');
    await client.sendActivity('delete');
    expect(text(await client.sendActivity('yes'))).toBe('Sorry, I could not delete everything now. Please try again in a few minutes.');
    expect(text(client.getNextReply())).toBe(MENU);
    expect(Object.keys(await storage.read(keys))).toHaveLength(keys.length);
    await client.sendActivity('delete');
    await client.sendActivity('yes');
    expect(await storage.read(keys)).toEqual({});
  });

  it('speaks the person\'s language (Ukrainian)', async () => {
    const { client } = await setup({ language: 'uk' });
    const menu = await client.sendActivity('приватність');
    expect(text(menu)).toBe('Що ви хочете зробити з вашими даними?');
    expect(buttons(menu)).toEqual(['Переглянути дані', 'Отримати копію', 'Видалити мої дані', 'Назад']);
    expect(text(await client.sendActivity('переглянути'))).toBe(
      [
        'Ось що я зберігаю про вас:',
        '1. Мова: English',
        '2. Ви: шукаєте роботу або навчання',
        '3. Місто: Лісабон',
        '4. 2025-03-01 ви погодилися, щоб я зберігав ваші дані.',
        '5. Ця розмова. Ваше останнє повідомлення: 2025-03-13.',
        '6. Повідомлення консультантам: 1',
        '7. Прохання поговорити з людиною: 1',
        'Я видаляю все через 90 днів після вашого останнього повідомлення.',
      ].join('\n'),
    );
  });
});
