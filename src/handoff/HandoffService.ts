import { randomUUID } from 'node:crypto';
import { EventFactory, MessageFactory, TurnContext, type Activity, type StatePropertyAccessor } from 'botbuilder';
import type { TFunction } from 'i18next';
import { getTurnLocale } from '../bot/turnLocale';
import type { Logger } from '../logger';
import type { AdviserStore } from './AdviserStore';
import { CITY_TIME_ZONES, isCityId, type CityId } from './cities';
import type { HandoffEvents } from './HandoffEvents';
import { HandoffRequestSchema, type Handoff, type HandoffRequest, type HandoffTopic } from './HandoffRequest';
import type { HandoffStore } from './HandoffStore';
import {
  ConversationReferenceSchema,
  appendTranscript,
  isWithAdvisers,
  type HandoffTicket,
  type StoredConversationReference,
  type TicketPriority,
  type TranscriptEntry,
} from './HandoffTicket';
import { parseRecent, type RecentTranscript } from './RecentTranscript';
import { advisersAtWork, aheadInQueue, nextAdviserOpening } from './routing';
import type { SafeguardingHit } from './safeguarding';
import { backToBotHint, formatOpening, parseSatisfaction, saidOneOf, wordsOf } from './texts';
import { transition } from './transition';
import { estimateWait } from './waitEstimate';
import { nextOpening } from './workingHours';

export interface HandoffServiceDeps {
  store: HandoffStore;
  advisers: AdviserStore;
  events: HandoffEvents;
  /** The conversation's last messages, kept by the HandoffRelay in conversation state. */
  recent: StatePropertyAccessor<RecentTranscript>;
  logger: Logger;
  clock?: () => Date;
  /** Minutes per person ahead in the queue, for the wait estimate. Without it the recent waits are used. */
  averageMinutesPerPerson?: number;
  /** Also send Bot Framework's handoff.initiate event (for a channel-side agent hub). Default: true. */
  emitHandoffInitiation?: boolean;
}

/** The reference of the conversation a turn belongs to, as plain JSON. */
export function referenceOf(context: TurnContext): StoredConversationReference {
  const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as unknown;
  return ConversationReferenceSchema.parse(reference);
}

/** How long the "your message is saved" notice stays quiet while the person keeps writing to a waiting ticket. */
const SAVED_NOTICE_EVERY_MS = 30 * 60_000;

function toIso(value: string, fallback: Date): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback.toISOString() : new Date(time).toISOString();
}

/**
 * The bot's side of the handoff: `request()` puts a conversation in the advisers' queue and tells the person, in their
 * language, what happens now; the HandoffRelay calls the other methods while a conversation is with the advisers.
 * What advisers do (take, reply, transfer, close) is in {@link AdviserDesk}.
 */
export class HandoffService implements Handoff {
  private readonly clock: () => Date;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Called by dialogs (e.g. MainDialog's "Talk to a person"): queues the conversation and tells the person. */
  async request(context: TurnContext, request: HandoffRequest): Promise<void> {
    // What a person typed may be longer than a summary line: cut it rather than fail the person's turn.
    const summaryLines = Object.entries(request.summary ?? {}).map(([label, value]) => [label.slice(0, 80), String(value).slice(0, 500)]);
    const parsed = HandoffRequestSchema.parse({ ...request, summary: Object.fromEntries(summaryLines) });
    const { t, lng } = getTurnLocale(context);
    const current = await this.ticketOf(context);
    if (current && isWithAdvisers(current)) {
      await this.say(context, current, [t('handoff:request.already', { position: await this.position(current) })]);
      return;
    }
    // A closed ticket still waiting for its rating is done with: the new request starts a new ticket.
    if (current?.state === 'resolved') await this.returnToBot(current);
    const city = isCityId(parsed.city) ? parsed.city : undefined;
    const summary = { ...parsed.summary, ...(parsed.city && !city ? { City: parsed.city } : {}) };
    const ticket = await this.open(context, {
      topic: parsed.topic,
      reason: parsed.reason,
      summary,
      priority: parsed.priority,
      language: lng,
      ...(city ? { city } : {}),
    });
    const lines = [t('handoff:request.queued'), ...(await this.waitingInfo(ticket, t, lng, true))];
    await this.say(context, ticket, lines);
    await this.say(context, ticket, [backToBotHint(t)]);
    await this.emitInitiation(context, ticket);
  }

  /**
   * A safeguarding concern in the person's message: at once the emergency numbers and crisis words in their language
   * (and in the language they wrote in), and a flagged ticket at the top of every queue — or the open one flagged.
   */
  async raiseConcern(context: TurnContext, hit: SafeguardingHit, current?: HandoffTicket): Promise<HandoffTicket> {
    const { t, lng } = getTurnLocale(context);
    const now = this.clock();
    const emergency = [t('handoff:safeguarding.emergency')];
    if (hit.language !== lng) emergency.push(t('handoff:safeguarding.emergency', { lng: hit.language }));

    if (current && isWithAdvisers(current)) {
      const { after } = await this.deps.store.update(current.id, (ticket) => {
        const flagged = ticket.priority === 'flagged' ? ticket : transition(ticket, { type: 'escalate' }, now);
        return flagged.emergencyInfoAt ? flagged : { ...flagged, emergencyInfoAt: now.toISOString() };
      });
      this.deps.events.publish({ kind: 'updated', ticket: after });
      if (!current.emergencyInfoAt) await this.say(context, after, emergency);
      return after;
    }

    const ticket = await this.open(context, {
      topic: 'safeguarding',
      reason: `safeguarding:${hit.category}`,
      summary: { Concern: hit.category, 'Language of the message': hit.language },
      priority: 'flagged',
      language: hit.language !== lng && lng === 'en' ? hit.language : lng,
      emergencyInfoAt: now.toISOString(),
    });
    await this.say(context, ticket, [...emergency, t('handoff:safeguarding.crisis'), ...(await this.waitingInfo(ticket, t, lng, false))]);
    await this.say(context, ticket, [backToBotHint(t)]);
    await this.emitInitiation(context, ticket);
    return ticket;
  }

  /** The conversation's current ticket (pending, open, or resolved and waiting for the satisfaction answer). */
  async ticketOf(context: TurnContext): Promise<HandoffTicket | undefined> {
    const activity = context.activity;
    if (!activity.conversation?.id || !activity.channelId) return undefined;
    const ticket = await this.deps.store.forConversation({ channelId: activity.channelId, conversation: { id: activity.conversation.id } });
    return ticket && ticket.state !== 'bot' ? ticket : undefined;
  }

  /** Whether the person asked to go back to the bot ("back to the bot" and its words in their language). */
  isBackToBot(context: TurnContext, text: string): boolean {
    return saidOneOf(getTurnLocale(context).t, 'handoff:commands.backToBot', text);
  }

  /** A message from the person while the advisers hold the conversation: into the transcript and to the console. */
  async relayFromPerson(context: TurnContext, ticket: HandoffTicket, text: string): Promise<void> {
    const { t, lng } = getTurnLocale(context);
    const now = this.clock();
    const reference = referenceOf(context);
    const entry: TranscriptEntry = { id: randomUUID(), from: 'person', text, at: now.toISOString() };
    // While nobody holds the conversation yet, the person hears once (again after a long silence) that it is saved.
    const quietSince = (saved: string | undefined): boolean => !saved || now.getTime() - Date.parse(saved) > SAVED_NOTICE_EVERY_MS;
    let notify = false;
    const { after } = await this.deps.store.update(ticket.id, (current) => {
      notify = current.state === 'pending' && quietSince(current.savedNoticeAt);
      return {
        ...appendTranscript(current, entry),
        reference,
        language: lng,
        ...(notify ? { savedNoticeAt: now.toISOString() } : {}),
      };
    });
    this.deps.events.publish({ kind: 'message', ticket: after });
    if (notify) await this.say(context, after, [t('handoff:relay.saved')]);
  }

  /** The person left the queue (or the adviser) and is back with the bot. */
  async cancelByPerson(context: TurnContext, ticket: HandoffTicket): Promise<void> {
    const { t } = getTurnLocale(context);
    const { after } = await this.deps.store.update(ticket.id, (current) => transition(current, { type: 'cancel-by-person' }, this.clock()));
    this.deps.events.publish({ kind: 'updated', ticket: after });
    const menuWord = wordsOf(t, 'common:commands.menu')[0] ?? 'menu';
    await context.sendActivity(t('handoff:cancel.done', { word: menuWord }));
  }

  /**
   * The first message after an adviser closed the conversation: the answer to the satisfaction question (consumed,
   * thanked) or anything else (the bot takes it). Returns whether the message was consumed.
   */
  async afterClose(context: TurnContext, ticket: HandoffTicket, text: string): Promise<boolean> {
    const { t } = getTurnLocale(context);
    const score = ticket.satisfaction && ticket.satisfaction.score === undefined ? parseSatisfaction(t, text) : undefined;
    if (score !== undefined) {
      const { after } = await this.deps.store.update(ticket.id, (current) => transition(current, { type: 'rate', score }, this.clock()));
      this.deps.events.publish({ kind: 'updated', ticket: after });
      const menuWord = wordsOf(t, 'common:commands.menu')[0] ?? 'menu';
      await context.sendActivity(t('handoff:satisfaction.thanks', { word: menuWord }));
      return true;
    }
    await this.returnToBot(ticket);
    return false;
  }

  /** Ends a resolved ticket without a rating: the person is with the bot again. */
  async returnToBot(ticket: HandoffTicket): Promise<void> {
    const { after } = await this.deps.store.update(ticket.id, (current) =>
      current.state === 'resolved' ? transition(current, { type: 'return-to-bot' }, this.clock()) : current,
    );
    this.deps.events.publish({ kind: 'updated', ticket: after });
  }

  /** Bot Framework's handoff.status event from a channel-side agent hub: accepted, completed or failed. */
  async handleStatusEvent(context: TurnContext): Promise<void> {
    const value = context.activity.value as { state?: unknown } | undefined;
    const state = typeof value?.state === 'string' ? value.state : undefined;
    const ticket = await this.ticketOf(context);
    if (!ticket) {
      this.deps.logger.warn({ state }, 'handoff.status for a conversation without a ticket');
      return;
    }
    const event = state === 'accepted' ? 'channel-accepted' : state === 'completed' ? 'channel-completed' : undefined;
    if (!event) {
      // "failed": the hub could not take it; the ticket stays in this bot's own queue.
      this.deps.logger.warn({ state, ticketId: ticket.id }, 'the channel could not take the handoff; it stays in the console queue');
      return;
    }
    try {
      const { after } = await this.deps.store.update(ticket.id, (current) => transition(current, { type: event }, this.clock()));
      this.deps.events.publish({ kind: 'updated', ticket: after });
    } catch (error) {
      this.deps.logger.warn({ err: { message: (error as Error).message }, ticketId: ticket.id }, 'handoff.status ignored');
    }
  }

  private async open(
    context: TurnContext,
    fields: { topic: HandoffTopic; reason: string; summary: Record<string, string>; priority: TicketPriority; language: string; city?: CityId; emergencyInfoAt?: string },
  ): Promise<HandoffTicket> {
    const now = this.clock();
    const recent = parseRecent(await this.deps.recent.get(context, { messages: [] }));
    const draft: HandoffTicket = {
      id: randomUUID(),
      reference: referenceOf(context),
      ...fields,
      transcript: recent.messages.map((message) => ({ id: randomUUID(), from: message.from, text: message.text, at: toIso(message.at, now) })),
      createdAt: now.toISOString(),
      state: 'bot',
      history: [],
    };
    const ticket = await this.deps.store.create(transition(draft, { type: 'request' }, now));
    this.deps.events.publish({ kind: 'created', ticket });
    return ticket;
  }

  private async position(ticket: HandoffTicket): Promise<number> {
    return aheadInQueue(ticket, await this.deps.store.listActive()) + 1;
  }

  /**
   * What the person is told about the wait: out of hours, when the advisers are back (on their city's clock, in the
   * person's language) and that they may leave a message; otherwise the place in the queue and an honest estimate.
   */
  private async waitingInfo(ticket: HandoffTicket, t: TFunction, lng: string, withPlace: boolean): Promise<string[]> {
    const now = this.clock();
    const advisers = await this.deps.advisers.list();
    if (advisersAtWork(advisers, ticket, now).length === 0) {
      const opening =
        nextAdviserOpening(advisers, ticket, now) ??
        (ticket.city ? { at: nextOpening(ticket.city, now), timeZone: CITY_TIME_ZONES[ticket.city], city: ticket.city } : undefined);
      if (opening && opening.at.getTime() > now.getTime()) {
        return [
          t('handoff:outOfHours.back', { when: formatOpening(opening.at, lng, opening.city), city: t(`handoff:cities.${opening.city}`) }),
          t('handoff:outOfHours.leaveMessage'),
        ];
      }
    }
    if (!withPlace) return [];
    const ahead = aheadInQueue(ticket, await this.deps.store.listActive());
    const estimate = estimateWait({
      ahead,
      recentWaitsMs: await this.deps.store.recentWaits(),
      ...(this.deps.averageMinutesPerPerson !== undefined ? { averageMinutesPerPerson: this.deps.averageMinutesPerPerson } : {}),
    });
    const wait = estimate.kind === 'minutes' ? t('handoff:request.estimate', { count: estimate.minutes }) : t('handoff:request.noEstimate');
    return [`${t('handoff:request.place', { position: ahead + 1 })} ${wait}`];
  }

  /** Sends messages in this turn and adds them to the ticket's transcript, so the adviser sees what the person was told. */
  private async say(context: TurnContext, ticket: HandoffTicket, messages: Array<string | Partial<Activity>>): Promise<void> {
    const activities = messages.map((message) => (typeof message === 'string' ? MessageFactory.text(message) : message));
    await context.sendActivities(activities);
    const at = this.clock().toISOString();
    const entries: TranscriptEntry[] = activities
      .filter((activity) => typeof activity.text === 'string' && activity.text !== '')
      .map((activity) => ({ id: randomUUID(), from: 'bot', text: activity.text!, at }));
    if (entries.length === 0) return;
    const { after } = await this.deps.store.update(ticket.id, (current) => entries.reduce(appendTranscript, current));
    this.deps.events.publish({ kind: 'message', ticket: after });
  }

  /** The handoff.initiate event, for channels with an agent hub (Omnichannel and the like); others ignore it. */
  private async emitInitiation(context: TurnContext, ticket: HandoffTicket): Promise<void> {
    if (this.deps.emitHandoffInitiation === false) return;
    const activities = ticket.transcript
      .filter((entry) => entry.from === 'person' || entry.from === 'bot')
      .map((entry) => ({
        type: 'message',
        text: entry.text,
        timestamp: entry.at,
        from: entry.from === 'person' ? context.activity.from : context.activity.recipient,
      }));
    const handoffContext = {
      ticketId: ticket.id,
      topic: ticket.topic,
      language: ticket.language,
      city: ticket.city,
      priority: ticket.priority,
      summary: ticket.summary,
    };
    try {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, { activities } as never));
    } catch (error) {
      // A channel without an agent hub may refuse event activities; the console queue does not depend on it.
      this.deps.logger.warn({ err: { message: (error as Error).message }, ticketId: ticket.id }, 'the channel refused handoff.initiate');
    }
  }
}
