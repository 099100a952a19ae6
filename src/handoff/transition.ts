import {
  MAX_HISTORY,
  type CloseOutcome,
  type HandoffTicket,
  type TicketOutcome,
  type TicketState,
} from './HandoffTicket';

/** What can happen to a handed-off conversation. `by` is the adviser's username where an adviser acts. */
export type HandoffEvent =
  | { type: 'request' }
  | { type: 'take'; by: string }
  | { type: 'reply'; by: string }
  | { type: 'transfer'; by: string; to: string; byAdmin?: boolean }
  | { type: 'close'; by: string; outcome: CloseOutcome; byAdmin?: boolean }
  | { type: 'cancel-by-person' }
  | { type: 'undeliverable' }
  | { type: 'escalate' }
  | { type: 'channel-accepted' }
  | { type: 'channel-completed' }
  | { type: 'rate'; score: number }
  | { type: 'return-to-bot' };
export type HandoffEventType = HandoffEvent['type'];

export type TransitionRefusal = 'invalid-state' | 'already-taken' | 'not-assignee' | 'same-assignee' | 'bad-score';

/** A transition the state machine does not allow; `reason` says why, for the API's status code and the log. */
export class HandoffTransitionError extends Error {
  override readonly name = 'HandoffTransitionError';
  constructor(
    readonly ticketId: string,
    readonly from: TicketState,
    readonly event: HandoffEventType,
    readonly reason: TransitionRefusal,
  ) {
    super(`ticket ${ticketId}: "${event}" is not allowed (${reason}) in state "${from}"`);
  }
}

function actorOf(event: HandoffEvent): string | undefined {
  return 'by' in event ? event.by : undefined;
}

/**
 * The one place where a ticket changes state: `bot → pending → open → resolved → bot`, plus the moves a person or an
 * adviser can make on the way. Pure: returns a new ticket, or throws {@link HandoffTransitionError}.
 */
export function transition(ticket: HandoffTicket, event: HandoffEvent, now: Date): HandoffTicket {
  const at = now.toISOString();
  const refuse = (reason: TransitionRefusal): never => {
    throw new HandoffTransitionError(ticket.id, ticket.state, event.type, reason);
  };
  const requireState = (...states: TicketState[]): void => {
    if (!states.includes(ticket.state)) refuse('invalid-state');
  };
  const to = (state: TicketState, changes: Partial<HandoffTicket> = {}): HandoffTicket => {
    const by = actorOf(event);
    const history = [...ticket.history, { event: event.type, at, from: ticket.state, to: state, ...(by ? { by } : {}) }];
    return { ...ticket, ...changes, state, history: history.slice(-MAX_HISTORY) };
  };
  const resolve = (outcome: TicketOutcome, changes: Partial<HandoffTicket> = {}): HandoffTicket =>
    to('resolved', { outcome, resolvedAt: at, ...changes });

  switch (event.type) {
    case 'request':
      requireState('bot');
      return to('pending', { waitingSince: at });
    case 'take':
      if (ticket.state === 'open') refuse(ticket.assignee === event.by ? 'same-assignee' : 'already-taken');
      requireState('pending');
      return to('open', { assignee: event.by });
    case 'channel-accepted':
      requireState('pending');
      return to('open', { assignee: 'channel' });
    case 'reply':
      requireState('open');
      if (ticket.assignee !== event.by) refuse('not-assignee');
      return to('open', { firstReplyAt: ticket.firstReplyAt ?? at });
    case 'transfer':
      requireState('open');
      if (ticket.assignee !== event.by && !event.byAdmin) refuse('not-assignee');
      if (ticket.assignee === event.to) refuse('same-assignee');
      return to('open', { assignee: event.to });
    case 'close':
      requireState('pending', 'open');
      if (ticket.state === 'open' && ticket.assignee !== event.by && !event.byAdmin) refuse('not-assignee');
      // Only someone who talked with an adviser is asked how it went.
      return resolve(event.outcome, ticket.state === 'open' ? { satisfaction: { askedAt: at } } : {});
    case 'channel-completed':
      requireState('open');
      return resolve('completed-by-channel');
    case 'undeliverable':
      requireState('pending', 'open');
      return resolve('undeliverable');
    case 'cancel-by-person':
      requireState('pending', 'open');
      return to('bot', { outcome: 'cancelled-by-person', resolvedAt: at });
    case 'escalate':
      requireState('pending', 'open');
      return to(ticket.state, { priority: 'flagged' });
    case 'rate': {
      requireState('resolved');
      if (!ticket.satisfaction || ticket.satisfaction.score !== undefined) refuse('invalid-state');
      if (!Number.isInteger(event.score) || event.score < 1 || event.score > 5) refuse('bad-score');
      return to('bot', { satisfaction: { ...ticket.satisfaction!, score: event.score } });
    }
    case 'return-to-bot':
      requireState('resolved');
      return to('bot');
  }
}
