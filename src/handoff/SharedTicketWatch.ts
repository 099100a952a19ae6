import type { Logger } from '../logger';
import type { HandoffEvents } from './HandoffEvents';
import type { HandoffStore } from './HandoffStore';

/** How often an instance looks for ticket changes made by the others, by default (with STORAGE=azure-blobs). */
export const SHARED_TICKET_WATCH_MS = 3_000;

/**
 * Live updates across instances. HandoffEvents tells the consoles of one process what changed in that process; with
 * several instances on one shared storage, a ticket opened, answered or moved by a person or adviser on another
 * instance would reach this instance's advisers only when they reload. While at least one console listens here, this
 * reads the tickets that are with the advisers every `everyMs` and tells the listeners about each one that appeared,
 * changed (its storage eTag moved) or left the advisers (closed, sent back to the bot) since the last look. The first
 * look after a console connects only takes stock (the console loads everything when it connects). A change made on
 * this instance is told twice (at once, then by the next look): the console refreshes that ticket twice.
 */
export class SharedTicketWatch {
  #timer: NodeJS.Timeout | undefined;
  #versions: Map<string, string> | undefined;
  #looking: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<HandoffStore, 'activeVersions' | 'get'>,
    private readonly events: HandoffEvents,
    private readonly everyMs: number,
    private readonly logger?: Logger,
  ) {
    if (!Number.isFinite(everyMs) || everyMs <= 0) throw new RangeError('SharedTicketWatch: everyMs must be above 0');
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.look(), this.everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#looking;
  }

  /** One look (the timer calls it; tests may too). Never throws: a failed look is logged and the next one tries again. */
  look(): Promise<void> {
    this.#looking ??= this.#look().finally(() => {
      this.#looking = undefined;
    });
    return this.#looking;
  }

  async #look(): Promise<void> {
    if (this.events.size === 0) {
      // Nobody listens: no storage reads, and the next listener starts from a fresh stock-taking.
      this.#versions = undefined;
      return;
    }
    try {
      const active = await this.store.activeVersions();
      const before = this.#versions;
      this.#versions = new Map(active.map(({ ticket, version }) => [ticket.id, version]));
      if (!before) return;
      for (const { ticket, version } of active) {
        const was = before.get(ticket.id);
        if (was === undefined) this.events.publish({ kind: 'created', ticket });
        else if (was !== version) this.events.publish({ kind: 'updated', ticket });
      }
      for (const id of before.keys()) {
        if (this.#versions.has(id)) continue;
        const ticket = await this.store.get(id);
        if (ticket) this.events.publish({ kind: 'updated', ticket });
      }
    } catch (error) {
      this.logger?.warn({ err: { message: (error as Error).message } }, 'looking for ticket changes on other instances failed');
    }
  }
}
