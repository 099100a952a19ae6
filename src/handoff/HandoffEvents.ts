import type { HandoffTicket } from './HandoffTicket';

export type TicketChangeKind = 'created' | 'updated' | 'message' | 'undeliverable';

export interface TicketChange {
  kind: TicketChangeKind;
  ticket: HandoffTicket;
}

/**
 * Tells the console (in this process) that a ticket changed, so its queue and open ticket update live. With several
 * bot instances, SharedTicketWatch publishes here what the other instances changed.
 */
export class HandoffEvents {
  private readonly listeners = new Set<(change: TicketChange) => void>();

  subscribe(listener: (change: TicketChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: TicketChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A broken console connection must never break a turn.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
