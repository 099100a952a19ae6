/** The longest message text each channel takes in one piece (characters). Channels not listed take long texts. */
export const CHANNEL_TEXT_LIMITS: Readonly<Record<string, number>> = {
  sms: 1600,
  facebook: 2000,
  telegram: 4096,
  whatsapp: 4096,
  line: 5000,
  kik: 5000,
};

/**
 * Splits a long text into pieces of at most `limit` characters, at the best boundary available: a blank line, a line
 * break, the end of a sentence, a space; a hard cut only when a single word is longer than the limit.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 20) throw new RangeError('limit must be an integer of at least 20');
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut =
      lastBoundary(window, /\n\s*\n/g) ??
      lastBoundary(window, /\n/g) ??
      lastBoundary(window, /[.!?؟।።]\s+/g) ??
      lastBoundary(window, /\s+/g) ??
      limit;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Where the last boundary in the window ends, if that keeps at least a third of the window in the piece. */
function lastBoundary(window: string, boundary: RegExp): number | undefined {
  let end: number | undefined;
  for (const match of window.matchAll(boundary)) end = match.index + match[0].length;
  if (end === undefined || end < window.length / 3) return undefined;
  return Math.min(end, window.length - 1);
}
