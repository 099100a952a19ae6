import type { AdviserProfile } from '../../src/handoff/Adviser';
import { advisersAtWork, aheadInQueue, canHandle, nextAdviserOpening, queueFor } from '../../src/handoff/routing';
import { estimateWait } from '../../src/handoff/waitEstimate';
import { DEFAULT_WORKING_HOURS } from '../../src/handoff/workingHours';
import { T0, minutesAfter, ticket } from './fixtures';

const adviser = (fields: Partial<AdviserProfile> = {}): AdviserProfile => ({
  username: 'ana',
  name: 'Ana',
  role: 'adviser',
  languages: ['pt', 'en'],
  cities: ['lisbon'],
  topics: ['recognition', 'courses'],
  hours: DEFAULT_WORKING_HOURS,
  ...fields,
});

const waitingSince = (minutesBefore: number): string => minutesAfter(T0, -minutesBefore).toISOString();

describe('routing: which tickets an adviser is offered, and in which order', () => {
  it.each([
    ['her language, city and topic', {}, true],
    ['a language she does not speak', { language: 'ar' }, false],
    ['another city', { city: 'milan' as const }, false],
    ['an unknown city', { city: undefined }, true],
    ['a topic she does not cover', { topic: 'internships' as const }, false],
    ['a general question', { topic: 'general' as const, language: 'en' }, true],
    ['a safeguarding concern in any language, city and topic', { priority: 'flagged' as const, language: 'ti', city: 'helsinki' as const, topic: 'safeguarding' as const }, true],
  ])('%s → %s', (_name, fields, expected) => {
    expect(canHandle(adviser(), ticket({ language: 'pt', city: 'lisbon', ...fields }))).toBe(expected);
  });

  it('offers flagged first, then urgent, then the longest-waiting, and only waiting tickets she can take', () => {
    const tickets = [
      ticket({ id: 'normal-new', language: 'pt', waitingSince: waitingSince(2) }),
      ticket({ id: 'normal-old', language: 'pt', waitingSince: waitingSince(30) }),
      ticket({ id: 'urgent-new', language: 'en', priority: 'urgent', waitingSince: waitingSince(1) }),
      ticket({ id: 'flagged-new', language: 'ar', priority: 'flagged', topic: 'safeguarding', waitingSince: waitingSince(0) }),
      ticket({ id: 'open', language: 'pt', state: 'open', assignee: 'bruno', waitingSince: waitingSince(60) }),
      ticket({ id: 'arabic', language: 'ar', waitingSince: waitingSince(90) }),
      ticket({ id: 'milan', language: 'pt', city: 'milan', waitingSince: waitingSince(90) }),
    ];
    const queue = queueFor(adviser(), tickets, T0);
    expect(queue.map((entry) => entry.ticket.id)).toEqual(['flagged-new', 'urgent-new', 'normal-old', 'normal-new']);
    expect(queue.map((entry) => Math.round(entry.waitingMs / 60_000))).toEqual([0, 1, 30, 2]);
  });

  it('counts the people ahead who compete for the same advisers (same language, or flagged)', () => {
    const mine = ticket({ id: 'mine', language: 'pt', waitingSince: waitingSince(5) });
    const others = [
      ticket({ language: 'pt', waitingSince: waitingSince(10) }),
      ticket({ language: 'pt', waitingSince: waitingSince(1) }),
      ticket({ language: 'pt', priority: 'urgent', waitingSince: waitingSince(0) }),
      ticket({ language: 'fa', priority: 'flagged', waitingSince: waitingSince(0) }),
      ticket({ language: 'fa', waitingSince: waitingSince(50) }),
      ticket({ language: 'pt', state: 'open', waitingSince: waitingSince(50) }),
    ];
    expect(aheadInQueue(mine, [mine, ...others])).toBe(3);
  });

  it('knows who is at work now, and when the first one who could help is back', () => {
    const lisbon = adviser({ username: 'ana', cities: ['lisbon'] });
    const helsinki = adviser({ username: 'ilkka', cities: ['helsinki'], languages: ['pt'] });
    const subject = ticket({ language: 'pt', city: undefined });
    // 07:30 UTC on a Wednesday: 09:30 in Helsinki, 07:30 in Lisbon.
    const morning = new Date('2026-03-04T07:30:00Z');
    expect(advisersAtWork([lisbon, helsinki], subject, morning).map((a) => a.username)).toEqual(['ilkka']);
    // Saturday: the Helsinki adviser is back first on Monday (09:00 EET = 07:00 UTC, before 09:00 in Lisbon).
    const saturday = new Date('2026-03-07T12:00:00Z');
    expect(advisersAtWork([lisbon, helsinki], subject, saturday)).toEqual([]);
    expect(nextAdviserOpening([lisbon, helsinki], subject, saturday)).toEqual({
      at: new Date('2026-03-09T07:00:00.000Z'),
      timeZone: 'Europe/Helsinki',
      city: 'helsinki',
    });
    expect(nextAdviserOpening([adviser({ languages: ['en'] })], subject, saturday)).toBeUndefined();
  });
});

describe('the wait estimate', () => {
  it.each([
    ['no history and no configured average', { ahead: 2, recentWaitsMs: [] }, { kind: 'unknown' }],
    ['too little history', { ahead: 0, recentWaitsMs: [60_000, 60_000] }, { kind: 'unknown' }],
    ['a configured average per person', { ahead: 2, recentWaitsMs: [], averageMinutesPerPerson: 8 }, { kind: 'minutes', minutes: 25 }],
    ['the median of recent waits', { ahead: 1, recentWaitsMs: [4 * 60_000, 6 * 60_000, 600 * 60_000] }, { kind: 'minutes', minutes: 15 }],
    ['never less than five minutes', { ahead: 0, recentWaitsMs: [10_000, 20_000, 30_000] }, { kind: 'minutes', minutes: 5 }],
  ])('%s', (_name, input, expected) => {
    expect(estimateWait(input)).toEqual(expected);
  });
});
