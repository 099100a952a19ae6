import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { HandoffTicketSchema, isWithAdvisers, type HandoffTicket, type StoredConversationReference } from './HandoffTicket';
import { readDoc, updateDoc, writeDoc } from './storageDocs';

const ActiveIndexSchema = z.object({ ids: z.array(z.string()) });
const ConversationPointerSchema = z.object({ ticketId: z.string() });
const StatsSchema = z.object({ recentWaitsMs: z.array(z.number().nonnegative()) });

/** How many past waits the estimate looks at. */
const RECENT_WAITS = 20;

/** The storage keys, in one place (documented in src/handoff/README.md). */
export const HandoffKeys = {
  ticket: (id: string): string => `handoff/tickets/${id}`,
  activeIndex: 'handoff/index/active',
  conversation: (reference: Pick<StoredConversationReference, 'channelId' | 'conversation'>): string =>
    `handoff/conversations/${encodeURIComponent(reference.channelId)}/${encodeURIComponent(reference.conversation.id)}`,
  stats: 'handoff/stats',
} as const;

export class TicketNotFoundError extends Error {
  override readonly name = 'TicketNotFoundError';
  constructor(readonly ticketId: string) {
    super(`no ticket ${ticketId}`);
  }
}

/**
 * Tickets in the bot's storage: one document per ticket (written with its eTag, so two writers never silently
 * overwrite each other), an index of the tickets with the advisers (pending/open), and per conversation a pointer to its
 * latest ticket.
 */
export class HandoffStore {
  constructor(private readonly storage: Storage) {}

  async get(id: string): Promise<HandoffTicket | undefined> {
    return (await readDoc(this.storage, HandoffKeys.ticket(id), HandoffTicketSchema))?.value;
  }

  /** Stores a new ticket and points its conversation at it. */
  async create(ticket: HandoffTicket): Promise<HandoffTicket> {
    const parsed = HandoffTicketSchema.parse(ticket);
    await writeDoc(this.storage, HandoffKeys.ticket(parsed.id), parsed);
    await writeDoc(this.storage, HandoffKeys.conversation(parsed.reference), { ticketId: parsed.id });
    if (isWithAdvisers(parsed)) await this.setActive(parsed.id, true);
    return parsed;
  }

  /**
   * Changes a ticket with read–modify–write on its eTag (retried on conflict: `change` may run more than once and must
   * be pure). Keeps the index and the conversation pointer in step. Returns the ticket before and after.
   */
  async update(id: string, change: (ticket: HandoffTicket) => HandoffTicket): Promise<{ before: HandoffTicket; after: HandoffTicket }> {
    let before: HandoffTicket | undefined;
    const after = await updateDoc(this.storage, HandoffKeys.ticket(id), HandoffTicketSchema, (current) => {
      if (!current) throw new TicketNotFoundError(id);
      before = current;
      return HandoffTicketSchema.parse(change(current));
    });
    if (!before || !after) throw new TicketNotFoundError(id);
    if (isWithAdvisers(before) !== isWithAdvisers(after)) await this.setActive(id, isWithAdvisers(after));
    if (after.state === 'bot' && before.state !== 'bot') await this.releaseConversation(after);
    return { before, after };
  }

  /** The conversation's latest ticket, whatever its state (undefined when it never had one, or it went back to the bot). */
  async forConversation(reference: Pick<StoredConversationReference, 'channelId' | 'conversation'>): Promise<HandoffTicket | undefined> {
    const pointer = await readDoc(this.storage, HandoffKeys.conversation(reference), ConversationPointerSchema);
    if (!pointer) return undefined;
    return this.get(pointer.value.ticketId);
  }

  /** Every ticket that is with the advisers (pending or open). Repairs the index if it names tickets that moved on. */
  async listActive(): Promise<HandoffTicket[]> {
    return (await this.activeVersions()).map(({ ticket }) => ticket);
  }

  /**
   * The tickets with the advisers, each with its version: the storage's eTag (which changes with every write, on any
   * instance), or its JSON text where the storage gives none. Repairs the index as {@link listActive} does.
   */
  async activeVersions(): Promise<Array<{ ticket: HandoffTicket; version: string }>> {
    const index = await readDoc(this.storage, HandoffKeys.activeIndex, ActiveIndexSchema);
    const ids = index?.value.ids ?? [];
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map(HandoffKeys.ticket));
    const tickets: Array<{ ticket: HandoffTicket; version: string }> = [];
    const stale: string[] = [];
    for (const id of ids) {
      const raw = items[HandoffKeys.ticket(id)] as Record<string, unknown> | undefined;
      const parsed = raw ? HandoffTicketSchema.safeParse(withoutETag(raw)) : undefined;
      if (parsed?.success && isWithAdvisers(parsed.data)) {
        const eTag = raw?.['eTag'];
        tickets.push({ ticket: parsed.data, version: typeof eTag === 'string' && eTag !== '' && eTag !== '*' ? eTag : JSON.stringify(parsed.data) });
      } else stale.push(id);
    }
    if (stale.length > 0) {
      await updateDoc(this.storage, HandoffKeys.activeIndex, ActiveIndexSchema, (current) =>
        current ? { ids: current.ids.filter((id) => !stale.includes(id)) } : undefined,
      );
    }
    return tickets;
  }

  /** Remembers how long a person waited for an adviser (for the wait estimate). */
  async recordWait(ms: number): Promise<void> {
    await updateDoc(this.storage, HandoffKeys.stats, StatsSchema, (current) => ({
      recentWaitsMs: [...(current?.recentWaitsMs ?? []), Math.max(0, ms)].slice(-RECENT_WAITS),
    }));
  }

  async recentWaits(): Promise<number[]> {
    return (await readDoc(this.storage, HandoffKeys.stats, StatsSchema))?.value.recentWaitsMs ?? [];
  }

  private async setActive(id: string, active: boolean): Promise<void> {
    await updateDoc(this.storage, HandoffKeys.activeIndex, ActiveIndexSchema, (current) => {
      const ids = current?.ids ?? [];
      if (active === ids.includes(id)) return undefined;
      return { ids: active ? [...ids, id] : ids.filter((other) => other !== id) };
    });
  }

  private async releaseConversation(ticket: HandoffTicket): Promise<void> {
    const key = HandoffKeys.conversation(ticket.reference);
    const pointer = await readDoc(this.storage, key, ConversationPointerSchema);
    // Turns of one conversation run one at a time, so no new ticket can appear between this read and the delete.
    if (pointer?.value.ticketId === ticket.id) await this.storage.delete([key]);
  }
}

function withoutETag(raw: Record<string, unknown>): Record<string, unknown> {
  const { eTag: _eTag, ...rest } = raw;
  return rest;
}
