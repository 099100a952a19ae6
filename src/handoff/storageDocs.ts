import type { Storage, StoreItem } from 'botbuilder';
import type { z } from 'zod';
import { StorageConflictError } from '../storage/errors';

/** A document read back from storage did not have the expected shape. */
export class StoredDocumentError extends Error {
  override readonly name = 'StoredDocumentError';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`the stored document "${key}" is damaged`, options);
  }
}

/** A document kept changing under us: several writers, and we gave up after a few tries. */
export class StorageContentionError extends Error {
  override readonly name = 'StorageContentionError';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`the stored document "${key}" was changed by someone else too many times`, options);
  }
}

/**
 * Whether a storage error is an eTag conflict: LowdbStorage's typed error, MemoryStorage's message, or a 412 from a
 * cloud store (Azure Blob/Cosmos).
 */
export function isETagConflict(error: unknown): boolean {
  if (error instanceof StorageConflictError) return true;
  const candidate = error as { statusCode?: unknown; code?: unknown; message?: unknown } | undefined;
  if (candidate?.statusCode === 412 || candidate?.code === 'PreconditionFailed') return true;
  return typeof candidate?.message === 'string' && /etag/i.test(candidate.message) && /conflict|precondition/i.test(candidate.message);
}

export interface Versioned<T> {
  value: T;
  eTag: string | undefined;
}

/** Reads one document and parses it; undefined when there is none. */
export async function readDoc<S extends z.ZodType>(storage: Storage, key: string, schema: S): Promise<Versioned<z.infer<S>> | undefined> {
  const items = await storage.read([key]);
  const raw = items[key] as StoreItem | undefined;
  if (raw === undefined || raw === null) return undefined;
  const { eTag, ...rest } = raw as Record<string, unknown>;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) throw new StoredDocumentError(key, { cause: parsed.error });
  return { value: parsed.data, eTag: typeof eTag === 'string' ? eTag : undefined };
}

/**
 * Writes one document. With `eTag` the write fails (with the store's conflict error) if someone else wrote it since it
 * was read; without, it creates or overwrites.
 */
export async function writeDoc(storage: Storage, key: string, value: object, eTag?: string): Promise<void> {
  const item: StoreItem = { ...value, eTag: eTag ?? '*' };
  await storage.write({ [key]: item });
}

/**
 * Read–modify–write with the document's eTag, retried on conflict. `change` gets the current value (undefined when
 * there is none) and returns the new value, or undefined to leave the document as it is. Returns what was written (or
 * the unchanged current value).
 */
export async function updateDoc<S extends z.ZodType>(
  storage: Storage,
  key: string,
  schema: S,
  change: (current: z.infer<S> | undefined) => z.infer<S> | undefined,
  attempts = 6,
): Promise<z.infer<S> | undefined> {
  let lastConflict: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await readDoc(storage, key, schema);
    const next = change(current?.value);
    if (next === undefined) return current?.value;
    try {
      await writeDoc(storage, key, next as object, current?.eTag);
      return next;
    } catch (error) {
      if (!isETagConflict(error)) throw error;
      lastConflict = error;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 5));
    }
  }
  throw new StorageContentionError(key, { cause: lastConflict });
}
