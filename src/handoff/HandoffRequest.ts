import type { TurnContext } from 'botbuilder';
import { z } from 'zod';

export const HandoffTopicSchema = z.enum(['recognition', 'courses', 'internships', 'employer', 'general', 'safeguarding']);
export type HandoffTopic = z.infer<typeof HandoffTopicSchema>;

/** What a dialog knows when it decides a person needs an adviser. */
export const HandoffRequestSchema = z.object({
  topic: HandoffTopicSchema,
  /** Why the bot hands over, as a short machine-readable code (e.g. "regulated-without-documents", "asked"). */
  reason: z.string().min(1).max(80),
  /** What the person told the bot so far, as label → value (English labels for the adviser; values as given). */
  summary: z.record(z.string(), z.string().max(500)),
  city: z.string().optional(),
  priority: z.enum(['normal', 'urgent']).default('normal'),
});
export type HandoffRequest = z.input<typeof HandoffRequestSchema>;

/**
 * The door to a human adviser. Dialogs call it and end; the implementation tells the person what happens next (in
 * their language) and puts the case in the advisers' queue.
 */
export interface Handoff {
  request(context: TurnContext, request: HandoffRequest): Promise<void>;
}
