import { randomUUID } from 'node:crypto';
import { MessageFactory, type Activity } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Logger } from '../logger';
import { KeyedSerialQueue } from '../util/KeyedSerialQueue';
import type { AdviserProfile } from './Adviser';
import type { AdviserStore } from './AdviserStore';
import type { HandoffEvents } from './HandoffEvents';
import type { HandoffStore } from './HandoffStore';
import { TicketNotFoundError } from './HandoffStore';
import {
  appendTranscript,
  isWithAdvisers,
  MAX_ENTRY_TEXT,
  type CloseOutcome,
  type HandoffTicket,
  type TranscriptEntry,
} from './HandoffTicket';
import type { DeliveryResult, PersonMessenger } from './PersonMessenger';
import { canHandle, compareQueue, queueFor, type QueueEntry } from './routing';
import { satisfactionQuestion } from './texts';
import { transition, type HandoffEvent } from './transition';

/** An adviser's input that the desk refuses (empty reply, unknown colleague…). */
export class DeskInputError extends Error {
  override readonly name = 'DeskInputError';
}

export type Acting = AdviserProfile;

export interface AdviserDeskDeps {
  store: HandoffStore;
  advisers: AdviserStore;
  events: HandoffEvents;
  messenger: PersonMessenger;
  i18n: I18n;
  logger: Logger;
  clock?: () => Date;
}

export interface DeskQueue {
  /** Waiting tickets this adviser may take, in order. */
  waiting: QueueEntry[];
  /** Tickets this adviser holds. */
  mine: HandoffTicket[];
  /** For admins: every other ticket with the advisers. */
  others: HandoffTicket[];
}

/**
 * What advisers do in the console: see their queue, take a ticket, reply, transfer, close. Messages to the person go
 * out in the background, one ticket's messages in order; a channel that says the person cannot be reached (403/404)
 * marks the ticket undeliverable and the adviser sees it.
 */
export class AdviserDesk {
  private readonly clock: () => Date;
  private readonly outbox = new KeyedSerialQueue();

  constructor(private readonly deps: AdviserDeskDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async queue(adviser: Acting): Promise<DeskQueue> {
    const active = await this.deps.store.listActive();
    const waiting = queueFor(adviser, active, this.clock());
    const mine = active.filter((ticket) => ticket.state === 'open' && ticket.assignee === adviser.username).sort(compareQueue);
    const seen = new Set([...waiting.map((entry) => entry.ticket.id), ...mine.map((ticket) => ticket.id)]);
    const others = adviser.role === 'admin' ? active.filter((ticket) => !seen.has(ticket.id)).sort(compareQueue) : [];
    return { waiting, mine, others };
  }

  /** Whether the adviser may see this ticket: theirs, one they could take, or any ticket for an admin. */
  canSee(adviser: Acting, ticket: HandoffTicket): boolean {
    if (adviser.role === 'admin' || ticket.assignee === adviser.username) return true;
    return ticket.state === 'pending' && canHandle(adviser, ticket);
  }

  async view(adviser: Acting, id: string): Promise<HandoffTicket> {
    const ticket = await this.deps.store.get(id);
    if (!ticket || !this.canSee(adviser, ticket)) throw new TicketNotFoundError(id);
    return ticket;
  }

  async take(adviser: Acting, id: string): Promise<HandoffTicket> {
    // Only tickets the adviser may see (ones they could take, or any for an admin): others answer "not found".
    await this.view(adviser, id);
    const after = await this.change(id, { type: 'take', by: adviser.username });
    if (after.waitingSince) await this.deps.store.recordWait(this.clock().getTime() - Date.parse(after.waitingSince));
    const t = this.deps.i18n.getFixedT(after.language);
    await this.notify(after, [t('handoff:relay.taken', { name: adviser.name })]);
    return after;
  }

  async reply(adviser: Acting, id: string, text: string): Promise<TranscriptEntry> {
    const message = typeof text === 'string' ? text.trim() : '';
    if (message === '') throw new DeskInputError('the reply is empty');
    if (message.length > MAX_ENTRY_TEXT) throw new DeskInputError(`the reply is longer than ${MAX_ENTRY_TEXT} characters`);
    await this.view(adviser, id);
    const entry: TranscriptEntry = { id: randomUUID(), from: 'adviser', text: message, at: this.clock().toISOString(), adviser: adviser.username, delivery: 'sending' };
    const after = await this.change(id, { type: 'reply', by: adviser.username }, entry);
    const t = this.deps.i18n.getFixedT(after.language);
    this.deliver(after.id, [entry.id], [MessageFactory.text(t('handoff:relay.fromAdviser', { name: adviser.name, text: message }))]);
    return entry;
  }

  async transfer(adviser: Acting, id: string, to: string): Promise<HandoffTicket> {
    await this.view(adviser, id);
    const colleague = await this.deps.advisers.get(to);
    if (!colleague) throw new DeskInputError(`no adviser "${to}"`);
    const note = this.note(`Transferred by ${adviser.name} to ${colleague.name}.`);
    const after = await this.change(id, { type: 'transfer', by: adviser.username, to, byAdmin: adviser.role === 'admin' }, note);
    const t = this.deps.i18n.getFixedT(after.language);
    await this.notify(after, [t('handoff:relay.transferred', { name: colleague.name })]);
    return after;
  }

  async close(adviser: Acting, id: string, outcome: CloseOutcome): Promise<HandoffTicket> {
    await this.view(adviser, id);
    const after = await this.change(id, { type: 'close', by: adviser.username, outcome, byAdmin: adviser.role === 'admin' });
    const t = this.deps.i18n.getFixedT(after.language);
    const messages: Array<string | Partial<Activity>> = [t('handoff:relay.closed')];
    if (after.satisfaction) messages.push(satisfactionQuestion(t));
    await this.notify(after, messages);
    return after;
  }

  /** Resolves when every message queued so far has been delivered or given up (used on shutdown and in tests). */
  drain(): Promise<void> {
    return this.outbox.drain();
  }

  private note(text: string): TranscriptEntry {
    return { id: randomUUID(), from: 'system', text, at: this.clock().toISOString() };
  }

  /** Applies a transition (and optionally a transcript line) in one eTag-checked write, and tells the console. */
  private async change(id: string, event: HandoffEvent, entry?: TranscriptEntry): Promise<HandoffTicket> {
    const { after } = await this.deps.store.update(id, (ticket) => {
      const moved = transition(ticket, event, this.clock());
      return entry ? appendTranscript(moved, entry) : moved;
    });
    this.deps.events.publish({ kind: entry ? 'message' : 'updated', ticket: after });
    return after;
  }

  /** Adds what the person is told to the transcript (as the bot's lines) and sends it in the background. */
  private async notify(ticket: HandoffTicket, messages: Array<string | Partial<Activity>>): Promise<void> {
    const activities = messages.map((message) => (typeof message === 'string' ? MessageFactory.text(message) : message));
    const at = this.clock().toISOString();
    const entries: TranscriptEntry[] = activities.map((activity) => ({ id: randomUUID(), from: 'bot', text: activity.text ?? '', at, delivery: 'sending' }));
    const { after } = await this.deps.store.update(ticket.id, (current) => entries.reduce(appendTranscript, current));
    this.deps.events.publish({ kind: 'message', ticket: after });
    this.deliver(ticket.id, entries.map((entry) => entry.id), activities);
  }

  private deliver(ticketId: string, entryIds: string[], activities: Partial<Activity>[]): void {
    void this.outbox
      .run(ticketId, async () => {
        // The latest reference: the person's channel may have moved (a new serviceUrl) since the message was written.
        const ticket = await this.deps.store.get(ticketId);
        if (!ticket) return;
        const result = await this.deps.messenger.send(ticket.reference, activities);
        await this.recordDelivery(ticketId, entryIds, result);
      })
      .catch((error: unknown) => {
        this.deps.logger.error({ err: { message: (error as Error).message }, ticketId }, 'could not record a delivery');
      });
  }

  private async recordDelivery(ticketId: string, entryIds: string[], result: DeliveryResult): Promise<void> {
    const now = this.clock();
    const deliveredIds = new Set(result.ok ? entryIds : entryIds.slice(0, result.delivered));
    if (!result.ok) {
      this.deps.logger.warn({ ticketId, status: result.status, permanent: result.permanent }, 'a message to the person was not delivered');
    }
    const { before, after } = await this.deps.store.update(ticketId, (ticket) => {
      let next: HandoffTicket = {
        ...ticket,
        transcript: ticket.transcript.map((entry) =>
          entryIds.includes(entry.id) ? { ...entry, delivery: deliveredIds.has(entry.id) ? 'sent' : 'failed' } : entry,
        ),
      };
      if (result.ok) return next;
      const status = result.status !== undefined ? ` (HTTP ${result.status})` : '';
      const text = result.permanent
        ? `The person's channel refused the message${status}: they may have blocked the bot or left. The conversation is marked undeliverable.`
        : `The message could not be delivered${status} after several tries. Try again later.`;
      next = appendTranscript(next, { id: randomUUID(), from: 'system', text, at: now.toISOString() });
      if (result.permanent && isWithAdvisers(next)) next = transition(next, { type: 'undeliverable' }, now);
      return next;
    });
    const undeliverable = after.outcome === 'undeliverable' && before.outcome !== 'undeliverable';
    this.deps.events.publish({ kind: undeliverable || !result.ok ? 'undeliverable' : 'updated', ticket: after });
  }
}
