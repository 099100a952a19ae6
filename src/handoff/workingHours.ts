import { z } from 'zod';
import { CITY_TIME_ZONES, type CityId } from './cities';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)');

/** When an adviser works, on their city's clock. Days are ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WorkingHoursSchema = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1),
    start: ClockTime,
    end: ClockTime,
  })
  .refine((hours) => minutesOf(hours.start) < minutesOf(hours.end), { message: 'the day must end after it starts' });
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in a time zone at an instant. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 1,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

/** The instant at which a time zone's wall clock shows the given date and time (DST-aware). */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  // The zone's offset at a nearby instant; a second pass settles days where the offset changes.
  let guess = wall;
  for (let pass = 0; pass < 2; pass++) {
    const shown = localTime(new Date(guess), timeZone);
    const shownWall = Date.UTC(shown.year, shown.month - 1, shown.day, Math.floor(shown.minutes / 60), shown.minutes % 60);
    guess += wall - shownWall;
  }
  return new Date(guess);
}

export function isWithinHours(hours: WorkingHours, timeZone: string, now: Date): boolean {
  const local = localTime(now, timeZone);
  return hours.days.includes(local.weekday) && local.minutes >= minutesOf(hours.start) && local.minutes < minutesOf(hours.end);
}

/**
 * When advisers are next at work on a time zone's clock: `now` itself during working hours, else the start of the
 * next working day.
 */
export function nextOpeningIn(timeZone: string, now: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  if (isWithinHours(hours, timeZone, now)) return now;
  const today = localTime(now, timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    // Calendar arithmetic on the local date: Date.UTC normalises day overflow into the next month.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (!hours.days.includes(weekday)) continue;
    const opening = zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), minutesOf(hours.start), timeZone);
    if (opening.getTime() > now.getTime()) return opening;
  }
  throw new RangeError('working hours have no opening within a week');
}

/** When the advisers of a city are next at work (their city's time zone). */
export function nextOpening(city: CityId, now: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  return nextOpeningIn(CITY_TIME_ZONES[city], now, hours);
}
