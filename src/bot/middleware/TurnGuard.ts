import type { Middleware, TurnContext } from 'botbuilder';
import { KeyedSerialQueue } from '../../util/KeyedSerialQueue';
import { RecentIds } from '../../util/RecentIds';

/**
 * First in the pipeline: runs the turns of one conversation one at a time, in order, and drops an activity whose id
 * was already processed (channels retry when they time out).
 */
export class TurnGuard implements Middleware {
  private readonly queue = new KeyedSerialQueue();
  private readonly seen: RecentIds;

  constructor(options: { rememberIds?: number } = {}) {
    this.seen = new RecentIds(options.rememberIds ?? 50_000);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const conversationId = context.activity.conversation?.id ?? '';
    await this.queue.run(conversationId, async () => {
      const activityId = context.activity.id;
      if (activityId && !this.seen.add(`${context.activity.channelId}|${conversationId}|${activityId}`)) return;
      await next();
    });
  }

  /** Resolves when the turns in flight have finished (used on shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }
}
