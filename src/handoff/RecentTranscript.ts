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

export function appendRecent(recent: RecentTranscript, message: RecentMessage): RecentTranscript {
  const messages = [...recent.messages, { ...message, text: message.text.slice(0, RECENT_TEXT_LENGTH) }];
  return { messages: messages.slice(-RECENT_MESSAGES) };
}

export function parseRecent(raw: unknown): RecentTranscript {
  const parsed = RecentTranscriptSchema.safeParse(raw);
  return parsed.success ? parsed.data : { messages: [] };
}
