import { z } from 'zod';

/**
 * What the retention job needs to know about a conversation, kept in the conversation state: when the person last
 * wrote, who they are (to find their user state) and whether they agreed that the bot keeps their data.
 */
export const SessionRecordSchema = z.object({
  lastSeen: z.iso.datetime({ offset: true }),
  channelId: z.string().min(1),
  /** Missing only when the retention job found a conversation the tracker never saw (it then dates it itself). */
  userId: z.string().min(1).optional(),
  consent: z.boolean(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** The conversation-state property that holds the record. */
export const SESSION_PROPERTY = 'session';
