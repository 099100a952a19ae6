import type { HandoffTicket } from '../../src/handoff/HandoffTicket';

export const T0 = new Date('2026-03-04T10:00:00.000Z');

export const minutesAfter = (start: Date, minutes: number): Date => new Date(start.getTime() + minutes * 60_000);

let counter = 0;

/** A ticket as the service stores it; `state` defaults to pending. */
export function ticket(fields: Partial<HandoffTicket> = {}): HandoffTicket {
  counter += 1;
  const createdAt = fields.createdAt ?? T0.toISOString();
  return {
    id: `ticket-${String(counter).padStart(3, '0')}`,
    reference: {
      channelId: 'webchat',
      serviceUrl: 'https://webchat.botframework.com/',
      conversation: { id: `conversation-${counter}` },
      user: { id: `person-${counter}` },
      bot: { id: 'bot' },
    },
    language: 'en',
    topic: 'recognition',
    reason: 'asked',
    priority: 'normal',
    summary: {},
    transcript: [],
    createdAt,
    waitingSince: createdAt,
    state: 'pending',
    history: [],
    ...fields,
  };
}
