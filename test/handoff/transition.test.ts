import type { HandoffTicket, TicketState } from '../../src/handoff/HandoffTicket';
import { HandoffTransitionError, transition, type HandoffEvent, type TransitionRefusal } from '../../src/handoff/transition';
import { T0, minutesAfter, ticket } from './fixtures';

const LATER = minutesAfter(T0, 7);

describe('transition: bot → pending → open → resolved → bot', () => {
  it('walks a whole handoff, recording who did what and when', () => {
    let current = ticket({ state: 'bot', waitingSince: undefined });
    current = transition(current, { type: 'request' }, T0);
    expect(current).toMatchObject({ state: 'pending', waitingSince: T0.toISOString() });

    current = transition(current, { type: 'take', by: 'ana' }, minutesAfter(T0, 3));
    expect(current).toMatchObject({ state: 'open', assignee: 'ana' });
    expect(current.firstReplyAt).toBeUndefined();

    current = transition(current, { type: 'reply', by: 'ana' }, minutesAfter(T0, 4));
    current = transition(current, { type: 'reply', by: 'ana' }, minutesAfter(T0, 9));
    expect(current.firstReplyAt).toBe(minutesAfter(T0, 4).toISOString());

    current = transition(current, { type: 'transfer', by: 'ana', to: 'bruno' }, minutesAfter(T0, 10));
    expect(current.assignee).toBe('bruno');

    current = transition(current, { type: 'close', by: 'bruno', outcome: 'answered' }, minutesAfter(T0, 20));
    expect(current).toMatchObject({
      state: 'resolved',
      outcome: 'answered',
      resolvedAt: minutesAfter(T0, 20).toISOString(),
      satisfaction: { askedAt: minutesAfter(T0, 20).toISOString() },
    });

    current = transition(current, { type: 'rate', score: 4 }, minutesAfter(T0, 21));
    expect(current.state).toBe('bot');
    expect(current.satisfaction?.score).toBe(4);
    expect(current.history.map((h) => `${h.from}→${h.to} ${h.event}${h.by ? ` by ${h.by}` : ''}`)).toEqual([
      'bot→pending request',
      'pending→open take by ana',
      'open→open reply by ana',
      'open→open reply by ana',
      'open→open transfer by ana',
      'open→resolved close by bruno',
      'resolved→bot rate',
    ]);
  });

  it('never changes the ticket it is given', () => {
    const before = ticket();
    const copy = structuredClone(before);
    transition(before, { type: 'take', by: 'ana' }, LATER);
    expect(before).toEqual(copy);
  });

  it.each<[string, Partial<HandoffTicket>, HandoffEvent, Partial<HandoffTicket>]>([
    ['the person leaves the queue', { state: 'pending' }, { type: 'cancel-by-person' }, { state: 'bot', outcome: 'cancelled-by-person' }],
    ['the person leaves the adviser', { state: 'open', assignee: 'ana' }, { type: 'cancel-by-person' }, { state: 'bot', outcome: 'cancelled-by-person' }],
    ['the channel refuses a message while waiting', { state: 'pending' }, { type: 'undeliverable' }, { state: 'resolved', outcome: 'undeliverable' }],
    ['the channel refuses a message while open', { state: 'open', assignee: 'ana' }, { type: 'undeliverable' }, { state: 'resolved', outcome: 'undeliverable' }],
    ['a concern flags a waiting ticket', { state: 'pending' }, { type: 'escalate' }, { state: 'pending', priority: 'flagged' }],
    ['a concern flags an open ticket', { state: 'open', assignee: 'ana' }, { type: 'escalate' }, { state: 'open', priority: 'flagged', assignee: 'ana' }],
    ['an admin closes a colleague\'s ticket', { state: 'open', assignee: 'ana' }, { type: 'close', by: 'root', outcome: 'other', byAdmin: true }, { state: 'resolved' }],
    ['an admin transfers a colleague\'s ticket', { state: 'open', assignee: 'ana' }, { type: 'transfer', by: 'root', to: 'bruno', byAdmin: true }, { assignee: 'bruno' }],
    ['a channel hub accepts', { state: 'pending' }, { type: 'channel-accepted' }, { state: 'open', assignee: 'channel' }],
    ['a channel hub completes', { state: 'open', assignee: 'channel' }, { type: 'channel-completed' }, { state: 'resolved', outcome: 'completed-by-channel' }],
    ['the person moves on without rating', { state: 'resolved', outcome: 'answered' }, { type: 'return-to-bot' }, { state: 'bot' }],
  ])('allows: %s', (_name, fields, event, expected) => {
    expect(transition(ticket(fields), event, LATER)).toMatchObject(expected);
  });

  it('asks for satisfaction only after a conversation with an adviser, not when a waiting ticket is closed', () => {
    expect(transition(ticket({ state: 'pending' }), { type: 'close', by: 'ana', outcome: 'duplicate' }, LATER).satisfaction).toBeUndefined();
    expect(transition(ticket({ state: 'open', assignee: 'ana' }), { type: 'close', by: 'ana', outcome: 'answered' }, LATER).satisfaction).toBeDefined();
  });

  it.each<[string, TicketState, Partial<HandoffTicket>, HandoffEvent, TransitionRefusal]>([
    ['asking twice', 'pending', {}, { type: 'request' }, 'invalid-state'],
    ['taking a ticket someone holds', 'open', { assignee: 'ana' }, { type: 'take', by: 'bruno' }, 'already-taken'],
    ['taking your own ticket again', 'open', { assignee: 'ana' }, { type: 'take', by: 'ana' }, 'same-assignee'],
    ['replying before taking', 'pending', {}, { type: 'reply', by: 'ana' }, 'invalid-state'],
    ['replying to a colleague\'s ticket', 'open', { assignee: 'ana' }, { type: 'reply', by: 'bruno' }, 'not-assignee'],
    ['transferring a colleague\'s ticket', 'open', { assignee: 'ana' }, { type: 'transfer', by: 'bruno', to: 'carla' }, 'not-assignee'],
    ['transferring to the one who holds it', 'open', { assignee: 'ana' }, { type: 'transfer', by: 'ana', to: 'ana' }, 'same-assignee'],
    ['closing a colleague\'s ticket', 'open', { assignee: 'ana' }, { type: 'close', by: 'bruno', outcome: 'answered' }, 'not-assignee'],
    ['closing twice', 'resolved', {}, { type: 'close', by: 'ana', outcome: 'answered' }, 'invalid-state'],
    ['rating a ticket that asked nothing', 'resolved', { outcome: 'undeliverable' }, { type: 'rate', score: 3 }, 'invalid-state'],
    ['rating twice', 'resolved', { satisfaction: { askedAt: '2026-03-04T10:00:00.000Z', score: 2 } }, { type: 'rate', score: 3 }, 'invalid-state'],
    ['a score of 6', 'resolved', { satisfaction: { askedAt: '2026-03-04T10:00:00.000Z' } }, { type: 'rate', score: 6 }, 'bad-score'],
    ['the person leaving a closed ticket', 'resolved', {}, { type: 'cancel-by-person' }, 'invalid-state'],
    ['an undeliverable ticket that is already closed', 'resolved', {}, { type: 'undeliverable' }, 'invalid-state'],
    ['going back to the bot from the queue', 'pending', {}, { type: 'return-to-bot' }, 'invalid-state'],
    ['flagging a conversation that is with the bot', 'bot', {}, { type: 'escalate' }, 'invalid-state'],
  ])('refuses %s with a typed error', (_name, state, fields, event, reason) => {
    const subject = ticket({ state, ...fields });
    let caught: unknown;
    try {
      transition(subject, event, LATER);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HandoffTransitionError);
    expect(caught).toMatchObject({ ticketId: subject.id, from: state, event: event.type, reason });
  });
});
