import type { Person } from './Person';

/**
 * A part of the bot that keeps data about people outside the user and conversation state (handoff tickets and
 * transcripts, internship referrals…). The privacy service asks every registered holder to describe and to erase.
 */
export interface PersonalDataHolder {
  /** A short, stable name (e.g. "tickets"): it names the holder in exports and in the erasure audit. */
  readonly name: string;
  /**
   * What this holder keeps about the person, as plain JSON. Counts the summary shows to the person use the keys of
   * {@link SUMMARY_COUNTS} (e.g. `{ tickets: 2, conversations: 1, items: [...] }`); other keys appear in the export only.
   */
  describe(person: Person): Promise<Record<string, unknown>>;
  /** Deletes everything this holder keeps about the person; resolves with how many records it deleted. Idempotent. */
  erase(person: Person): Promise<number>;
}

/** The counts a holder can report that the person sees in their summary, each with a text `privacy:see.counts.<key>`. */
export const SUMMARY_COUNTS = ['conversations', 'messages', 'tickets', 'referrals'] as const;
export type SummaryCount = (typeof SUMMARY_COUNTS)[number];
