import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { KeyedSerialQueue } from '../util/KeyedSerialQueue';

/**
 * One erasure (or one retention run's erasures): when, why, and how many records each holder deleted. Strict: a field
 * such as a user id is refused, so no caller can put one in the audit by mistake.
 */
export const ErasureAuditEntrySchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  reason: z.enum(['request', 'retention']),
  /** How many people's data this entry covers (1 for a person's own request). */
  people: z.number().int().min(0),
  /** Holder name (and `userState`, `conversationState`) → records deleted. */
  holders: z.record(z.string(), z.number().int().min(0)),
});
export type ErasureAuditEntry = z.infer<typeof ErasureAuditEntrySchema>;

export const ErasureAuditDocumentSchema = z.object({ entries: z.array(ErasureAuditEntrySchema) });

export const AUDIT_PREFIX = 'audit/erasures/';

export class ErasureAuditError extends Error {
  override readonly name = 'ErasureAuditError';
}

/** botbuilder's storages say "conflict" in different ways: MemoryStorage's message, LowdbStorage's class, HTTP 412. */
function isConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { statusCode?: unknown; code?: unknown }).statusCode ?? (error as { code?: unknown }).code;
  return error.name === 'StorageConflictError' || status === 412 || /etag conflict/i.test(error.message);
}

/**
 * The record THAT erasures happened, one storage document per month (`audit/erasures/2025-03`), appended with the
 * document's eTag so two writers never overwrite each other's entries (a conflict re-reads and tries again). Appends
 * from this process are also queued one after another, which covers the document's first write: botbuilder's Storage
 * cannot say "create only if absent".
 */
export class ErasureAudit {
  private readonly queue = new KeyedSerialQueue();

  constructor(
    private readonly storage: Storage,
    private readonly maxAttempts = 5,
  ) {
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  }

  static keyFor(at: Date): string {
    return `${AUDIT_PREFIX}${at.toISOString().slice(0, 7)}`;
  }

  async append(entry: ErasureAuditEntry): Promise<void> {
    const parsed = ErasureAuditEntrySchema.parse(entry);
    const key = ErasureAudit.keyFor(new Date(parsed.at));
    return this.queue.run(key, () => this.appendNow(key, parsed));
  }

  /** The entries of one month (`at` anywhere in it). */
  async entries(at: Date): Promise<ErasureAuditEntry[]> {
    const key = ErasureAudit.keyFor(at);
    return (await this.readDocument(key)).entries;
  }

  private async appendNow(key: string, entry: ErasureAuditEntry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { entries, eTag } = await this.readDocument(key);
      try {
        await this.storage.write({ [key]: { entries: [...entries, entry], eTag: eTag ?? '*' } });
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= this.maxAttempts) {
          throw new ErasureAuditError(`could not append to ${key} (attempt ${attempt})`, { cause: error });
        }
      }
    }
  }

  private async readDocument(key: string): Promise<{ entries: ErasureAuditEntry[]; eTag: string | undefined }> {
    const stored = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
    if (stored === undefined) return { entries: [], eTag: undefined };
    const parsed = ErasureAuditDocumentSchema.safeParse(stored);
    // Never rewrite a history we cannot read: that would erase it.
    if (!parsed.success) throw new ErasureAuditError(`${key} is not a valid audit document`);
    return { entries: parsed.data.entries, eTag: typeof stored['eTag'] === 'string' ? stored['eTag'] : undefined };
  }
}
