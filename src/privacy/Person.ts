import type { TurnContext } from 'botbuilder';
import { z } from 'zod';

/** Whose data a privacy request is about: the ids botbuilder builds its state keys from. */
export const PersonSchema = z.object({
  channelId: z.string().min(1),
  userId: z.string().min(1),
  conversationId: z.string().min(1),
});
export type Person = z.infer<typeof PersonSchema>;

/** The person who sent this turn's activity. */
export function personOf(context: TurnContext): Person {
  const { channelId, from, conversation } = context.activity;
  return PersonSchema.parse({ channelId, userId: from?.id, conversationId: conversation?.id });
}
