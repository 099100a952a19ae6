import { CITY_TIME_ZONES } from '../../src/handoff/cities';
import { DEFAULT_WORKING_HOURS, WorkingHoursSchema, isWithinHours, localTime, nextOpening, zonedInstant } from '../../src/handoff/workingHours';

const at = (iso: string): Date => new Date(iso);

describe('working hours on each city\'s clock', () => {
  it('maps every city to its time zone', () => {
    expect(CITY_TIME_ZONES).toEqual({
      birmingham: 'Europe/London',
      lisbon: 'Europe/Lisbon',
      milan: 'Europe/Rome',
      helsinki: 'Europe/Helsinki',
    });
  });

  it.each([
    // Wednesday 4 March 2026, 07:30 UTC: 09:30 in Helsinki (open), 08:30 in Milan, 07:30 in Lisbon and Birmingham.
    ['helsinki', '2026-03-04T07:30:00Z', '2026-03-04T07:30:00.000Z'],
    ['milan', '2026-03-04T07:30:00Z', '2026-03-04T08:00:00.000Z'],
    ['lisbon', '2026-03-04T07:30:00Z', '2026-03-04T09:00:00.000Z'],
    ['birmingham', '2026-03-04T07:30:00Z', '2026-03-04T09:00:00.000Z'],
    // After 17:00 in Helsinki: the next morning at 09:00 EET.
    ['helsinki', '2026-03-04T15:30:00Z', '2026-03-05T07:00:00.000Z'],
    // Friday evening in Milan: Monday 09:00 CET.
    ['milan', '2026-03-06T18:00:00Z', '2026-03-09T08:00:00.000Z'],
    // Saturday in Lisbon: Monday 09:00 WET.
    ['lisbon', '2026-03-07T12:00:00Z', '2026-03-09T09:00:00.000Z'],
    // The clocks go forward in the UK on Sunday 29 March 2026: Monday 09:00 is 08:00 UTC.
    ['birmingham', '2026-03-27T18:00:00Z', '2026-03-30T08:00:00.000Z'],
    // …and back on Sunday 25 October 2026: Monday 09:00 is 09:00 UTC again.
    ['birmingham', '2026-10-23T18:00:00Z', '2026-10-26T09:00:00.000Z'],
    // 17:00 is closing time: a minute before is open, on the dot is closed.
    ['lisbon', '2026-03-04T16:59:00Z', '2026-03-04T16:59:00.000Z'],
    ['lisbon', '2026-03-04T17:00:00Z', '2026-03-05T09:00:00.000Z'],
  ] as const)('%s at %s: advisers are (back) at %s', (city, now, expected) => {
    expect(nextOpening(city, at(now)).toISOString()).toBe(expected);
  });

  it('follows an adviser\'s own hours (Saturday mornings only)', () => {
    const saturdays = WorkingHoursSchema.parse({ days: [6], start: '10:00', end: '14:00' });
    expect(nextOpening('milan', at('2026-03-04T12:00:00Z'), saturdays).toISOString()).toBe('2026-03-07T09:00:00.000Z');
    expect(isWithinHours(saturdays, 'Europe/Rome', at('2026-03-07T12:00:00Z'))).toBe(true);
    expect(isWithinHours(saturdays, 'Europe/Rome', at('2026-03-08T12:00:00Z'))).toBe(false);
  });

  it('reads the local weekday and time, also across midnight', () => {
    // Sunday 23:30 UTC is already Monday 01:30 in Helsinki.
    expect(localTime(at('2026-03-08T23:30:00Z'), 'Europe/Helsinki')).toEqual({ year: 2026, month: 3, day: 9, weekday: 1, minutes: 90 });
    expect(zonedInstant(2026, 3, 9, 9 * 60, 'Europe/Helsinki').toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });

  it('defaults to Monday–Friday, 09:00–17:00, and rejects hours that end before they start', () => {
    expect(DEFAULT_WORKING_HOURS).toEqual({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
    expect(WorkingHoursSchema.safeParse({ days: [1], start: '17:00', end: '09:00' }).success).toBe(false);
    expect(WorkingHoursSchema.safeParse({ days: [8], start: '09:00', end: '17:00' }).success).toBe(false);
    expect(WorkingHoursSchema.safeParse({ days: [1], start: '9am', end: '17:00' }).success).toBe(false);
  });
});
