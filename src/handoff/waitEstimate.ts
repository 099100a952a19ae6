/** What the bot can honestly say about the wait. */
export type WaitEstimate = { kind: 'minutes'; minutes: number } | { kind: 'unknown' };

/** Below this many past waits, the history says too little to promise anything. */
export const MIN_HISTORY = 3;

/**
 * Estimates the wait from how many people are ahead and either a configured average per person or the recent waits
 * (time from request to an adviser taking the ticket). With neither, it says it cannot estimate. Rounded up to five
 * minutes, so it reads as the estimate it is.
 */
export function estimateWait(input: { ahead: number; recentWaitsMs: readonly number[]; averageMinutesPerPerson?: number }): WaitEstimate {
  const ahead = Math.max(0, Math.floor(input.ahead));
  let perPerson: number | undefined = input.averageMinutesPerPerson;
  if (perPerson === undefined && input.recentWaitsMs.length >= MIN_HISTORY) {
    const sorted = [...input.recentWaitsMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    perPerson = median / 60_000;
  }
  if (perPerson === undefined || !Number.isFinite(perPerson) || perPerson < 0) return { kind: 'unknown' };
  const minutes = Math.max(5, Math.ceil(((ahead + 1) * perPerson) / 5) * 5);
  return { kind: 'minutes', minutes };
}
