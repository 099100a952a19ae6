import { z } from 'zod';

/** How many messages (both sides) the bot keeps to show an adviser what led to the handoff. */
export const RECENT_MESSAGES = 20;
/** Each kept message is cut to this length. */
export const RECENT_TEXT_LENGTH = 500;

export const RecentMessageSchema = z.object({
  from: z.enum(['person', 'bot']),
  text: z.string(),
  at: z.string(),
});
export type RecentMessage = z.infer<typeof RecentMessageSchema>;

/** The last messages of a conversation, kept in conversation state (saved with the turn, in the one place). */
export const RecentTranscriptSchema = z.object({ messages: z.array(RecentMessageSchema) });
export type RecentTranscript = z.infer<typeof RecentTranscriptSchema>;

/** Transcripts read from state and found valid (or made here): they need no second check while they live. */
const checked = new WeakSet<RecentTranscript>();

/** Adds a message to the transcript, in place (cut to RECENT_TEXT_LENGTH), keeping the last RECENT_MESSAGES. */
export function appendRecent(recent: RecentTranscript, message: RecentMessage): RecentTranscript {
  recent.messages.push({ ...message, text: message.text.slice(0, RECENT_TEXT_LENGTH) });
  if (recent.messages.length > RECENT_MESSAGES) recent.messages.splice(0, recent.messages.length - RECENT_MESSAGES);
  return recent;
}

/**
 * The transcript as stored, if it is valid (the same object, so changes to it are the state's), or a new empty one.
 * Each object is checked once: the relay reads it for every message of a turn.
 */
export function parseRecent(raw: unknown): RecentTranscript {
  if (typeof raw === 'object' && raw !== null && checked.has(raw as RecentTranscript)) return raw as RecentTranscript;
  const recent = RecentTranscriptSchema.safeParse(raw).success ? (raw as RecentTranscript) : { messages: [] };
  checked.add(recent);
  return recent;
}
