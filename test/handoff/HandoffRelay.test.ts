import { TurnContext, type Activity } from 'botbuilder';
import { setTurnLocale } from '../../src/bot/turnLocale';
import { i18n } from '../helpers/testApp';
import type { Adviser } from '../../src/handoff/Adviser';
import { DEFAULT_WORKING_HOURS } from '../../src/handoff/workingHours';
import { RECENT_MESSAGES } from '../../src/handoff/RecentTranscript';
import { harness, type Harness } from './harness';

// Wednesday 4 March 2026, 10:00 UTC: 10:00 in Lisbon, inside working hours.
const WEDNESDAY = new Date('2026-03-04T10:00:00Z');
// Saturday 7 March 2026, 12:00 UTC: nobody at work.
const SATURDAY = new Date('2026-03-07T12:00:00Z');

const adviser = (fields: Partial<Adviser> = {}): Adviser => ({
  username: 'ana',
  name: 'Ana',
  role: 'adviser',
  languages: ['en', 'pt'],
  cities: ['lisbon'],
  topics: ['recognition', 'courses'],
  hours: DEFAULT_WORKING_HOURS,
  passwordHash: 'scrypt$1$1$1$a$b',
  createdAt: WEDNESDAY.toISOString(),
  ...fields,
});

const QUEUED = 'I am asking a person from the advice team to help you. They will answer you here, in this chat.';
const BACK_HINT = 'To stop waiting and go back to the guide, write: back';

async function ticketOf(h: Harness, conversation = 'c1') {
  const found = await h.handoff.store.forConversation({ channelId: 'test', conversation: { id: conversation } });
  if (!found) throw new Error('no ticket');
  return found;
}

describe('asking for an adviser', () => {
  it('queues the conversation, tells the person what happens next, and emits handoff.initiate with the transcript', async () => {
    const h = harness({ clock: () => WEDNESDAY });
    await h.handoff.advisers.add(adviser());
    expect(h.texts(await h.say('hello'))).toEqual(['bot: hello']);
    const replies = await h.say('help me with my nursing diploma');
    expect(h.texts(replies)).toEqual([QUEUED, 'Your place in the queue: 1. I cannot estimate the wait yet.', BACK_HINT]);
    const hint = replies.find((r) => r.text === BACK_HINT);
    expect(hint?.suggestedActions?.actions.map((a) => [a.title, a.value])).toEqual([['Back to the guide', 'back']]);

    const initiate = replies.find((r) => r.type === 'event');
    expect(initiate?.name).toBe('handoff.initiate');
    expect(initiate?.value).toMatchObject({ topic: 'recognition', language: 'en', city: 'lisbon', priority: 'normal' });
    const transcript = initiate?.attachments?.[0]?.content as { activities: Array<Partial<Activity>> };
    expect(transcript.activities.map((a) => a.text)).toEqual(['hello', 'bot: hello', 'help me with my nursing diploma']);

    const ticket = await ticketOf(h);
    expect(ticket).toMatchObject({
      state: 'pending',
      language: 'en',
      city: 'lisbon',
      topic: 'recognition',
      reason: 'asked',
      priority: 'normal',
      summary: { Question: 'with my nursing diploma', Occupation: 'Nurse' },
      waitingSince: WEDNESDAY.toISOString(),
    });
    expect(ticket.transcript.map((e) => `${e.from}: ${e.text}`)).toEqual([
      'person: hello',
      'bot: bot: hello',
      'person: help me with my nursing diploma',
      `bot: ${QUEUED}`,
      'bot: Your place in the queue: 1. I cannot estimate the wait yet.',
      `bot: ${BACK_HINT}`,
    ]);
    expect((await h.handoff.store.listActive()).map((t) => t.id)).toEqual([ticket.id]);
  });

  it('gives the place and an estimate from the configured average when others wait ahead', async () => {
    let now = WEDNESDAY;
    const h = harness({ clock: () => now, averageMinutesPerPerson: 10 });
    await h.handoff.advisers.add(adviser());
    await h.say('help me first', { conversation: 'first' });
    now = new Date(WEDNESDAY.getTime() + 60_000);
    const texts = h.texts(await h.say('help me second', { conversation: 'second' }));
    expect(texts[1]).toBe('Your place in the queue: 2. The wait is about 20 minutes.');
  });

  it('out of hours, says in Portuguese when the advisers are back on Lisbon\'s clock and that a message can be left', async () => {
    const h = harness({ clock: () => SATURDAY });
    await h.handoff.advisers.add(adviser());
    const texts = h.texts(await h.say('help me por favor', { locale: 'pt-PT' }));
    expect(texts).toEqual([
      'Vou pedir ajuda a uma pessoa da equipa de apoio. Essa pessoa vai responder-lhe aqui, nesta conversa.',
      'A equipa de apoio não está a trabalhar agora. Volta em: segunda-feira, 9 de março às 09:00 (hora de Lisboa).',
      'Pode escrever a sua mensagem aqui agora. A equipa vai lê-la quando voltar.',
      'Para deixar de esperar e voltar ao guia, escreva: voltar',
    ]);
  });

  it('with no adviser registered yet, uses the city\'s default hours', async () => {
    const h = harness({ clock: () => SATURDAY });
    const texts = h.texts(await h.say('help me'));
    expect(texts[1]).toBe('The advice team is not at work now. They will be back: Monday, March 9 at 09:00 AM (Lisbon time).');
  });

  it('cuts a summary line a dialog made too long instead of failing the person\'s turn', async () => {
    const h = harness({ clock: () => WEDNESDAY, request: { summary: { Question: 'x'.repeat(2000) } } });
    expect(h.texts(await h.say('help me'))[0]).toBe(QUEUED);
    expect((await ticketOf(h)).summary['Question']).toHaveLength(500);
  });

  it('does not open a second ticket while the first waits, and says so', async () => {
    const h = harness({ clock: () => WEDNESDAY });
    await h.say('help me');
    // A dialog asking again in the same conversation (the relay normally keeps dialogs out while the ticket waits).
    const context = new TurnContext(h.adapter, {
      type: 'message',
      channelId: 'test',
      serviceUrl: 'https://test.example/',
      conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'person-c1', name: 'Person' },
      recipient: { id: 'bot', name: 'bot' },
      text: 'again',
    });
    setTurnLocale(context, i18n, 'en');
    h.adapter.activeQueue.splice(0);
    await h.handoff.service.request(context, { topic: 'general', reason: 'asked', summary: {} });
    expect(h.adapter.activeQueue.map((a) => a.text)).toEqual(['You are already waiting for the advice team. Your place in the queue: 1.']);
    expect(await h.handoff.store.listActive()).toHaveLength(1);
  });
});

describe('while the advisers hold the conversation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness({ clock: () => WEDNESDAY });
    await h.handoff.advisers.add(adviser());
    await h.say('help me');
  });

  it('passes the person\'s messages to the adviser, not to the dialogs, with one "saved" per burst', async () => {
    expect(h.texts(await h.say('Are you there?'))).toEqual(['Thank you. I saved your message for the advice team.']);
    expect(h.texts(await h.say('I have a diploma from Syria'))).toEqual([]);
    const ticket = await ticketOf(h);
    expect(ticket.transcript.slice(-3).map((e) => `${e.from}: ${e.text}`)).toEqual([
      'person: Are you there?',
      'bot: Thank you. I saved your message for the advice team.',
      'person: I have a diploma from Syria',
    ]);
  });

  it('sends the person\'s later messages to the adviser without any reply once the adviser holds it', async () => {
    const ticket = await ticketOf(h);
    await h.handoff.desk.take(adviser(), ticket.id);
    expect(h.texts(await h.say('Hello Ana'))).toEqual([]);
    expect((await ticketOf(h)).transcript.at(-1)).toMatchObject({ from: 'person', text: 'Hello Ana' });
  });

  it.each([
    ['back', 'en', 'OK. You are back with the guide. Write "menu" to see the topics.'],
    ['Back to the bot', 'en', 'OK. You are back with the guide. Write "menu" to see the topics.'],
    ['voltar', 'pt-PT', 'Está bem. Está de novo com o guia. Escreva "menu" para ver os temas.'],
    ['رجوع', 'ar', 'حسنًا. أنت الآن مع الدليل مرة أخرى. اكتب "القائمة" لترى المواضيع.'],
    ['назад', 'uk', 'Добре. Ви знову з помічником. Напишіть «меню», щоб побачити теми.'],
  ])('"%s" (%s) gives the conversation back to the bot', async (word, locale, reply) => {
    const id = (await ticketOf(h)).id;
    expect(h.texts(await h.say(word, { locale }))).toEqual([reply]);
    expect(await h.handoff.store.get(id)).toMatchObject({ state: 'bot', outcome: 'cancelled-by-person' });
    expect(await h.handoff.store.listActive()).toEqual([]);
    expect(await h.handoff.store.forConversation({ channelId: 'test', conversation: { id: 'c1' } })).toBeUndefined();
    expect(h.texts(await h.say('hello again'))).toEqual(['bot: hello again']);
  });
});

describe('safeguarding on every message', () => {
  const EMERGENCY_EN =
    'If you or someone else is in danger now, call the emergency number. In the United Kingdom: 999. In Portugal, Italy, Finland and the rest of the European Union: 112.';
  const CRISIS_EN =
    'You are not alone. What you wrote is important. I am asking a person from the advice team to talk with you here as soon as possible.';

  it('in the middle of a conversation with the bot: the emergency numbers at once, and a flagged ticket at the top of the queue', async () => {
    const h = harness({ clock: () => WEDNESDAY });
    await h.handoff.advisers.add(adviser());
    await h.say('help me', { conversation: 'earlier' });
    const texts = h.texts(await h.say('My boss took my passport and I cannot leave'));
    expect(texts).toEqual([EMERGENCY_EN, CRISIS_EN, BACK_HINT]);
    const ticket = await ticketOf(h);
    expect(ticket).toMatchObject({ priority: 'flagged', topic: 'safeguarding', reason: 'safeguarding:passportWithheld', state: 'pending' });
    const queue = await h.handoff.desk.queue(adviser({ languages: ['fi'], cities: ['helsinki'], topics: ['courses'] }));
    expect(queue.waiting.map((entry) => entry.ticket.id)).toEqual([ticket.id]);
    const ana = await h.handoff.desk.queue(adviser());
    expect(ana.waiting[0]?.ticket.id).toBe(ticket.id);
    expect(ana.waiting).toHaveLength(2);
  });

  it('answers in the language the person wrote in too, and routes the ticket to it', async () => {
    const h = harness({ clock: () => WEDNESDAY });
    const texts = h.texts(await h.say('کارفرما پاسپورتم را گرفت'));
    expect(texts[0]).toBe(EMERGENCY_EN);
    expect(texts[1]).toBe(
      'اگر شما یا کس دیگری الان در خطر هستید، به شماره اضطراری زنگ بزنید. در بریتانیا: 999. در پرتغال، ایتالیا، فنلاند و بقیه کشورهای اتحادیه اروپا: 112.',
    );
    expect((await ticketOf(h)).language).toBe('fa');
  });

  it('flags a waiting ticket, gives the numbers once, and still passes the words to the adviser', async () => {
    const h = harness({ clock: () => WEDNESDAY });
    await h.say('help me');
    expect(h.texts(await h.say('he beats me'))).toEqual(['Thank you. I saved your message for the advice team.', EMERGENCY_EN]);
    expect(h.texts(await h.say('he beats me again'))).toEqual([]);
    const ticket = await ticketOf(h);
    expect(ticket.priority).toBe('flagged');
    expect(ticket.transcript.filter((e) => e.from === 'person').map((e) => e.text)).toEqual(['help me', 'he beats me', 'he beats me again']);
  });
});

describe('after the adviser closes', () => {
  let h: Harness;
  let id: string;
  beforeEach(async () => {
    h = harness({ clock: () => WEDNESDAY });
    await h.handoff.advisers.add(adviser());
    await h.say('help me');
    id = (await ticketOf(h)).id;
    await h.handoff.desk.take(adviser(), id);
    await h.handoff.desk.close(adviser(), id, 'answered');
    await h.handoff.desk.drain();
  });

  it('asks one satisfaction question with 1–5 buttons, in the person\'s language', () => {
    const closing = h.messenger.sent.at(-1);
    expect(closing?.texts).toEqual([
      'The advice team has closed this conversation. You are back with the guide.',
      'One question: was the help useful? Choose a number from 1 (not useful) to 5 (very useful).',
    ]);
    expect(closing?.activities[1]?.suggestedActions?.actions.map((a) => a.title)).toEqual(['1', '2', '3', '4', '5']);
  });

  it.each([
    ['4', 4],
    ['٥', 5],
    ['good', 5],
    ['so so', 3],
    ['bad', 1],
  ])('takes "%s" as the answer (%d) and thanks the person', async (answer, score) => {
    expect(h.texts(await h.say(answer))).toEqual(['Thank you for your answer. Write "menu" to see the topics.']);
    expect(await h.handoff.store.get(id)).toMatchObject({ state: 'bot', outcome: 'answered', satisfaction: { score } });
    expect(await h.handoff.store.forConversation({ channelId: 'test', conversation: { id: 'c1' } })).toBeUndefined();
  });

  it('lets the bot answer anything that is not a rating, and asks nothing more', async () => {
    expect(h.texts(await h.say('what about courses?'))).toEqual(['bot: what about courses?']);
    expect(await h.handoff.store.get(id)).toMatchObject({ state: 'bot' });
    expect((await h.handoff.store.get(id))?.satisfaction?.score).toBeUndefined();
    expect(h.texts(await h.say('4'))).toEqual(['bot: 4']);
  });
});

describe('the channel\'s own agent hub', () => {
  it('follows handoff.status events: accepted opens the ticket, completed closes it', async () => {
    const h = harness({ clock: () => WEDNESDAY });
    await h.say('help me');
    await h.send({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } });
    expect(await ticketOf(h)).toMatchObject({ state: 'open', assignee: 'channel' });
    await h.send({ type: 'event', name: 'handoff.status', value: { state: 'completed' } });
    expect(await ticketOf(h)).toMatchObject({ state: 'resolved', outcome: 'completed-by-channel' });
  });
});

describe('the recent transcript', () => {
  it(`keeps only the last ${RECENT_MESSAGES} messages for the adviser`, async () => {
    const h = harness({ clock: () => WEDNESDAY });
    for (let i = 1; i <= 15; i++) await h.say(`message ${i}`);
    await h.say('help me');
    const ticket = await ticketOf(h);
    const before = ticket.transcript.slice(0, RECENT_MESSAGES);
    // 15 messages and 15 echoes, then the request: the last 20 start at the sixth echo.
    expect(before[0]?.text).toBe('bot: message 6');
    expect(before.at(-1)?.text).toBe('help me');
    expect(ticket.transcript[RECENT_MESSAGES]?.from).toBe('bot');
  });
});
