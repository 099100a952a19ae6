import type { Adviser } from '../../src/handoff/Adviser';
import { DeskInputError } from '../../src/handoff/AdviserDesk';
import type { TicketChange } from '../../src/handoff/HandoffEvents';
import { TicketNotFoundError } from '../../src/handoff/HandoffStore';
import { HandoffTransitionError } from '../../src/handoff/transition';
import { DEFAULT_WORKING_HOURS } from '../../src/handoff/workingHours';
import { harness, type Harness } from './harness';

const WEDNESDAY = new Date('2026-03-04T10:00:00Z');

const adviser = (fields: Partial<Adviser> = {}): Adviser => ({
  username: 'ana',
  name: 'Ana',
  role: 'adviser',
  languages: ['en', 'pt'],
  cities: ['lisbon'],
  topics: ['recognition'],
  hours: DEFAULT_WORKING_HOURS,
  passwordHash: 'scrypt$1$1$1$a$b',
  createdAt: WEDNESDAY.toISOString(),
  ...fields,
});
const ANA = adviser();
const BRUNO = adviser({ username: 'bruno', name: 'Bruno' });
const ARABIC_ONLY = adviser({ username: 'samir', name: 'Samir', languages: ['ar'] });
const ADMIN = adviser({ username: 'root', name: 'Rita', role: 'admin', languages: ['fi'], cities: ['helsinki'] });

describe('AdviserDesk', () => {
  let h: Harness;
  let id: string;
  let now: Date;
  const changes: TicketChange['kind'][] = [];

  beforeEach(async () => {
    now = WEDNESDAY;
    h = harness({ clock: () => now });
    for (const a of [ANA, BRUNO, ARABIC_ONLY, ADMIN]) await h.handoff.advisers.add(a);
    await h.say('help me');
    id = (await h.handoff.store.listActive())[0]!.id;
    changes.splice(0);
    h.handoff.events.subscribe((change) => changes.push(change.kind));
  });

  it('shows a waiting ticket to the advisers who could take it, and every ticket to an admin', async () => {
    expect((await h.handoff.desk.queue(ANA)).waiting.map((e) => e.ticket.id)).toEqual([id]);
    expect((await h.handoff.desk.queue(ARABIC_ONLY)).waiting).toEqual([]);
    await expect(h.handoff.desk.view(ARABIC_ONLY, id)).rejects.toBeInstanceOf(TicketNotFoundError);
    await h.handoff.desk.take(ANA, id);
    expect((await h.handoff.desk.queue(ANA)).mine.map((t) => t.id)).toEqual([id]);
    expect((await h.handoff.desk.queue(BRUNO)).waiting).toEqual([]);
    await expect(h.handoff.desk.view(BRUNO, id)).rejects.toBeInstanceOf(TicketNotFoundError);
    expect((await h.handoff.desk.queue(ADMIN)).others.map((t) => t.id)).toEqual([id]);
  });

  it('lets one adviser take a ticket when two try at once', async () => {
    const results = await Promise.allSettled([h.handoff.desk.take(ANA, id), h.handoff.desk.take(BRUNO, id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(HandoffTransitionError);
    expect((refused.reason as HandoffTransitionError).reason).toBe('already-taken');
  });

  it('tells the person who took their question, records the wait, and delivers replies in order with the adviser\'s name', async () => {
    now = new Date(WEDNESDAY.getTime() + 6 * 60_000);
    await h.handoff.desk.take(ANA, id);
    h.messenger.delayMs = 20;
    await h.handoff.desk.reply(ANA, id, 'Hello, I am Ana.');
    await h.handoff.desk.reply(ANA, id, 'Which diploma do you have?');
    await h.handoff.desk.reply(ANA, id, 'From which country?');
    await h.handoff.desk.drain();
    expect(h.messenger.texts).toEqual([
      'Ana from the advice team is now in this chat. You can write here.',
      'Ana (advice team): Hello, I am Ana.',
      'Ana (advice team): Which diploma do you have?',
      'Ana (advice team): From which country?',
    ]);
    expect(await h.handoff.store.recentWaits()).toEqual([6 * 60_000]);
    const ticket = await h.handoff.store.get(id);
    expect(ticket?.firstReplyAt).toBe(now.toISOString());
    expect(ticket?.transcript.filter((e) => e.from === 'adviser').map((e) => [e.text, e.adviser, e.delivery])).toEqual([
      ['Hello, I am Ana.', 'ana', 'sent'],
      ['Which diploma do you have?', 'ana', 'sent'],
      ['From which country?', 'ana', 'sent'],
    ]);
    expect(changes).toContain('message');
  });

  it('speaks to the person in their language, whatever the adviser\'s console language', async () => {
    const pt = harness({ clock: () => WEDNESDAY });
    for (const a of [ANA, BRUNO]) await pt.handoff.advisers.add(a);
    await pt.say('help me', { locale: 'pt-PT' });
    const ticket = (await pt.handoff.store.listActive())[0]!;
    await pt.handoff.desk.take(ANA, ticket.id);
    await pt.handoff.desk.transfer(ANA, ticket.id, 'bruno');
    await pt.handoff.desk.drain();
    expect(pt.messenger.texts).toEqual([
      'Ana, da equipa de apoio, está agora nesta conversa. Pode escrever aqui.',
      'Agora vai ajudá-lo Bruno, da equipa de apoio.',
    ]);
  });

  it('refuses empty replies, replies to someone else\'s ticket, and transfers to nobody', async () => {
    await h.handoff.desk.take(ANA, id);
    await expect(h.handoff.desk.reply(ANA, id, '   ')).rejects.toBeInstanceOf(DeskInputError);
    await expect(h.handoff.desk.reply(ADMIN, id, 'hi')).rejects.toMatchObject({ reason: 'not-assignee' });
    await expect(h.handoff.desk.transfer(ANA, id, 'nobody')).rejects.toBeInstanceOf(DeskInputError);
    await expect(h.handoff.desk.take(ARABIC_ONLY, id)).rejects.toBeInstanceOf(TicketNotFoundError);
  });

  it('does not let an adviser take a ticket outside their languages, even by its id', async () => {
    const other = harness({ clock: () => WEDNESDAY });
    await other.say('help me');
    const ticket = (await other.handoff.store.listActive())[0]!;
    await expect(other.handoff.desk.take(ARABIC_ONLY, ticket.id)).rejects.toBeInstanceOf(TicketNotFoundError);
    // An admin may: a ticket in a language nobody speaks must not stay stuck.
    await expect(other.handoff.desk.take(ADMIN, ticket.id)).resolves.toMatchObject({ assignee: 'root' });
  });

  it('marks the ticket undeliverable when the channel refuses (403) and tells the adviser', async () => {
    await h.handoff.desk.take(ANA, id);
    await h.handoff.desk.drain();
    h.messenger.results.push({ ok: false, permanent: true, status: 403, delivered: 0 });
    await h.handoff.desk.reply(ANA, id, 'Are you still there?');
    await h.handoff.desk.drain();
    const ticket = await h.handoff.store.get(id);
    expect(ticket).toMatchObject({ state: 'resolved', outcome: 'undeliverable' });
    expect(ticket?.transcript.find((e) => e.text === 'Are you still there?')?.delivery).toBe('failed');
    expect(ticket?.transcript.at(-1)).toMatchObject({ from: 'system', text: expect.stringContaining('HTTP 403') });
    expect(changes).toContain('undeliverable');
    expect(await h.handoff.store.listActive()).toEqual([]);
  });

  it('keeps the ticket open when a delivery failed for a while (5xx after retries), and says so', async () => {
    await h.handoff.desk.take(ANA, id);
    await h.handoff.desk.drain();
    h.messenger.results.push({ ok: false, permanent: false, status: 503, delivered: 0 });
    await h.handoff.desk.reply(ANA, id, 'Hello?');
    await h.handoff.desk.drain();
    const ticket = await h.handoff.store.get(id);
    expect(ticket?.state).toBe('open');
    expect(ticket?.transcript.at(-1)?.text).toBe('The message could not be delivered (HTTP 503) after several tries. Try again later.');
  });
});
