import type { AdviserProfile } from '../handoff/Adviser';
import type { HandoffTicket } from '../handoff/HandoffTicket';

/** A line of the queue: what an adviser needs to choose, nothing more (no transcript, no conversation ids). */
export interface QueueItemView {
  id: string;
  state: HandoffTicket['state'];
  language: string;
  city: string | null;
  topic: string;
  priority: HandoffTicket['priority'];
  channel: string;
  waitingSince: string;
  assignee: string | null;
  assigneeName: string | null;
}

export interface TicketView extends QueueItemView {
  reason: string;
  summary: Array<{ label: string; value: string }>;
  transcript: HandoffTicket['transcript'];
  createdAt: string;
  firstReplyAt: string | null;
  resolvedAt: string | null;
  outcome: string | null;
  undeliverable: boolean;
}

export function queueItemView(ticket: HandoffTicket, names: ReadonlyMap<string, string>): QueueItemView {
  return {
    id: ticket.id,
    state: ticket.state,
    language: ticket.language,
    city: ticket.city ?? null,
    topic: ticket.topic,
    priority: ticket.priority,
    channel: ticket.reference.channelId,
    waitingSince: ticket.waitingSince ?? ticket.createdAt,
    assignee: ticket.assignee ?? null,
    assigneeName: ticket.assignee ? (names.get(ticket.assignee) ?? ticket.assignee) : null,
  };
}

export function ticketView(ticket: HandoffTicket, names: ReadonlyMap<string, string>): TicketView {
  return {
    ...queueItemView(ticket, names),
    reason: ticket.reason,
    summary: Object.entries(ticket.summary).map(([label, value]) => ({ label, value })),
    transcript: ticket.transcript,
    createdAt: ticket.createdAt,
    firstReplyAt: ticket.firstReplyAt ?? null,
    resolvedAt: ticket.resolvedAt ?? null,
    outcome: ticket.outcome ?? null,
    undeliverable: ticket.outcome === 'undeliverable',
  };
}

export function namesOf(advisers: readonly AdviserProfile[]): Map<string, string> {
  return new Map([...advisers.map((a) => [a.username, a.name] as const), ['channel', "the channel's agent hub"]]);
}
