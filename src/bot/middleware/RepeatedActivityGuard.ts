import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { z } from 'zod';

/** How many message ids a conversation remembers (channels retry within seconds, so a few are enough). */
export const REMEMBERED_ACTIVITY_IDS = 5;

const SeenSchema = z.object({ ids: z.array(z.string()).max(100) });
export type SeenActivities = z.infer<typeof SeenSchema>;

/**
 * Across instances, a message is answered once. A channel that timed out sends the same activity again, and behind a
 * load balancer it may reach another instance, whose TurnGuard has not seen it. So the conversation state keeps the
 * ids of its last messages: saved with the turn, in the same write, at no extra storage cost. A message whose id is
 * there was handled (its turn was saved) and gets no second answer.
 *
 * Goes right after StateConflictRetry: when the first delivery is still running on another instance, the second
 * finds nothing, runs, and then loses the race to save; StateConflictRetry runs it again on the fresh state, which now
 * holds the id, so it stops here and its replies are dropped. A turn that failed was not saved: its retry runs.
 */
export class RepeatedActivityGuard implements Middleware {
  constructor(private readonly seen: StatePropertyAccessor<SeenActivities>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, id } = context.activity;
    if (type !== ActivityTypes.Message || typeof id !== 'string' || id === '') return next();
    const parsed = SeenSchema.safeParse(await this.seen.get(context, { ids: [] }));
    const ids = parsed.success ? parsed.data.ids : [];
    if (ids.includes(id)) return;
    await this.seen.set(context, { ids: [...ids, id].slice(-REMEMBERED_ACTIVITY_IDS) });
    await next();
  }
}
