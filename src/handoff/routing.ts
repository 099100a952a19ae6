import { adviserTimeZone, type AdviserProfile } from './Adviser';
import type { HandoffTicket, TicketPriority } from './HandoffTicket';
import { isWithinHours, nextOpeningIn } from './workingHours';

type Routable = Pick<HandoffTicket, 'id' | 'language' | 'city' | 'topic' | 'priority' | 'state' | 'waitingSince' | 'createdAt'>;

const PRIORITY_RANK: Record<TicketPriority, number> = { flagged: 0, urgent: 1, normal: 2 };

/**
 * Whether an adviser can take a ticket: they speak its language, know its city (or the city is unknown) and its topic
 * ("general" goes to everyone). A safeguarding concern goes to every adviser, whatever the language, city or topic:
 * someone must see it at once.
 */
export function canHandle(adviser: Pick<AdviserProfile, 'languages' | 'cities' | 'topics'>, ticket: Routable): boolean {
  if (ticket.priority === 'flagged') return true;
  const language = (adviser.languages as readonly string[]).includes(ticket.language);
  const city = ticket.city === undefined || adviser.cities.includes(ticket.city);
  const topic = ticket.topic === 'general' || adviser.topics.includes(ticket.topic);
  return language && city && topic;
}

/** Queue order: flagged, then urgent, then normal; within each, the longest-waiting first. */
export function compareQueue(a: Routable, b: Routable): number {
  const rank = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
  if (rank !== 0) return rank;
  const waited = Date.parse(a.waitingSince ?? a.createdAt) - Date.parse(b.waitingSince ?? b.createdAt);
  return waited !== 0 ? waited : a.id.localeCompare(b.id);
}

export interface QueueEntry<T extends Routable = HandoffTicket> {
  ticket: T;
  waitingMs: number;
}

/** The waiting tickets an adviser may take, in the order to take them. */
export function queueFor<T extends Routable>(adviser: Pick<AdviserProfile, 'languages' | 'cities' | 'topics'>, tickets: readonly T[], now: Date): QueueEntry<T>[] {
  return tickets
    .filter((ticket) => ticket.state === 'pending' && canHandle(adviser, ticket))
    .sort(compareQueue)
    .map((ticket) => ({ ticket, waitingMs: Math.max(0, now.getTime() - Date.parse(ticket.waitingSince ?? ticket.createdAt)) }));
}

/**
 * How many waiting tickets are ahead of this one for the advisers who could take it: those that come first in the
 * queue and share its language (a flagged ticket is ahead of everyone).
 */
export function aheadInQueue(ticket: Routable, tickets: readonly Routable[]): number {
  return tickets.filter(
    (other) =>
      other.id !== ticket.id &&
      other.state === 'pending' &&
      (other.priority === 'flagged' || other.language === ticket.language) &&
      compareQueue(other, ticket) < 0,
  ).length;
}

/** The advisers who could take a ticket and are at work now. */
export function advisersAtWork<A extends AdviserProfile>(advisers: readonly A[], ticket: Routable, now: Date): A[] {
  return advisers.filter((adviser) => canHandle(adviser, ticket) && isWithinHours(adviser.hours, adviserTimeZone(adviser), now));
}

/**
 * When the first adviser who could take a ticket is back at work, and on which city's clock. Undefined when no adviser
 * could take it at all.
 */
export function nextAdviserOpening(advisers: readonly AdviserProfile[], ticket: Routable, now: Date): { at: Date; timeZone: string; city: AdviserProfile['cities'][number] } | undefined {
  let best: { at: Date; timeZone: string; city: AdviserProfile['cities'][number] } | undefined;
  for (const adviser of advisers.filter((a) => canHandle(a, ticket))) {
    const timeZone = adviserTimeZone(adviser);
    const at = nextOpeningIn(timeZone, now, adviser.hours);
    const city = adviser.cities[0]!;
    if (!best || at.getTime() < best.at.getTime()) best = { at, timeZone, city };
  }
  return best;
}
