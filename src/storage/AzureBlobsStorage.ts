import { randomUUID } from 'node:crypto';
import { ContainerClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { blobNameForKey, blobNamePrefixFor, keyFromBlobName } from './blobNames';
import { StorageConflictError, StorageError, StorageNotReadyError } from './errors';
import type { ListableStorage } from './ListableStorage';
import { checkKeys, prepareChanges, type PreparedChange } from './storeChanges';

/** Options of {@link AzureBlobsStorage}. */
export interface AzureBlobsStorageOptions {
  /** An Azure Storage connection string (account key or SAS), e.g. Azurite's `UseDevelopmentStorage=true`. */
  connectionString: string;
  /** The container that holds one blob per key; created when missing. */
  container: string;
  /**
   * Passed to the Azure SDK. The default retries a failed request twice, quickly (a turn should fail in seconds, not
   * wait minutes for a storage account that is down); the SDK's own default waits up to two minutes.
   */
  pipeline?: StoragePipelineOptions;
  /** How many blobs one read/write/delete call handles at the same time. Default 16. */
  concurrency?: number;
  /** How long {@link AzureBlobsStorage.ping} may take. Default 5 s. */
  pingTimeoutMs?: number;
}

/** Metadata entry that holds the exact key (URI-encoded: metadata values travel as HTTP headers). */
export const KEY_METADATA = 'botkey';
/** Metadata values share an 8 KiB limit per blob; longer keys are not recorded (listing then decodes the blob name). */
const MAX_KEY_METADATA_LENGTH = 4096;
/** Blobs the readiness probe writes. A literal slash never occurs in a blob name BlobsStorage gives a key. */
const PROBE_PREFIX = '.readyz-probe/';

const DEFAULT_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 250, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 10_000 },
};

/**
 * A write to Azure Blob Storage was rejected for at least one item with a stale eTag. Unlike LowdbStorage, the batch
 * is not all-or-nothing: the batch's other items were written (Blob Storage has no multi-blob transaction).
 */
export class BlobsConflictError extends StorageConflictError {
  constructor(conflictCount: number, batchSize: number) {
    super(conflictCount, batchSize);
    this.message =
      `Storage: ${conflictCount} of ${batchSize} item(s) had a stale eTag (changed since it was read) and were not ` +
      `written; the batch's other ${batchSize - conflictCount} item(s) were written.`;
  }
}

/** Azure Blob Storage (or the Azurite emulator) refused or failed a request. `cause` holds the SDK's RestError. */
export class BlobsRequestError extends StorageError {
  override readonly name = 'BlobsRequestError';

  constructor(
    /** What the storage was doing, e.g. `read blobs`, `write blobs`, `reach the container`. */
    readonly operation: string,
    /** The container. Never the blob: blob names are built from channel, user and conversation ids. */
    readonly container: string,
    options?: ErrorOptions,
  ) {
    const status = statusOf(options?.cause);
    const code = codeOf(options?.cause);
    const detail = [status, code].filter((part) => part !== undefined).join(' ');
    super(`Storage: could not ${operation} (Azure Blob Storage container ${container}${detail ? `, ${detail}` : ''}).`, options);
  }
}

/** {@link AzureBlobsStorage.ping} found the container unusable. See `cause`. */
export class BlobsNotReadyError extends StorageNotReadyError {
  constructor(container: string, reason: string, options?: ErrorOptions) {
    super(container, reason, options);
    this.message = `Storage: the Azure Blob Storage container ${container} is not ready: ${reason}.`;
  }
}

/**
 * botbuilder `Storage` on Azure Blob Storage, for running several instances of the bot on one state: botbuilder's
 * `BlobsStorage` (botbuilder-azure-blobs) reads and deletes, and this class writes the same blobs (same names, same
 * JSON) itself, because BlobsStorage's own `write` falls short of what the bot relies on:
 *
 * - an item that does not exist yet is created whatever eTag it carries (BlobsStorage fails it as a conflict, which
 *   would make every new conversation fail once the bot writes with the eTags it read);
 * - the new eTag is set on the written object (BlobsStorage leaves it alone);
 * - a stale eTag is a typed {@link StorageConflictError} without the key in its message (BlobsStorage throws a plain
 *   `Error` that quotes the key, and keys hold user and conversation ids);
 * - the body is sent as UTF-8 bytes with its length in bytes (BlobsStorage passes the string's length in UTF-16 code
 *   units; with @azure/storage-blob 12.32 the whole body still arrives, as the tests check, but an SDK that trusts that
 *   length cuts Arabic, Tigrinya or emoji text short);
 * - the exact key is kept in the blob's metadata, so {@link AzureBlobsStorage.keys} can list keys that BlobsStorage's
 *   blob names no longer spell exactly (they lose trailing slashes, which every botbuilder state key has).
 *
 * A batch is not all-or-nothing: items with a stale eTag are rejected, the others are written. botbuilder writes one
 * item per call (one state per `saveChanges`), so a turn never depends on it.
 *
 * @example
 * const storage = await AzureBlobsStorage.open({ connectionString, container: 'bot-state' });
 * const conversationState = new ConversationState(storage);
 */
export class AzureBlobsStorage implements ListableStorage {
  /** The container's name. */
  readonly container: string;
  readonly #client: ContainerClient;
  readonly #blobs: BlobsStorage;
  readonly #concurrency: number;
  readonly #pingTimeoutMs: number;
  #created: Promise<void> | undefined;

  constructor(options: AzureBlobsStorageOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('AzureBlobsStorage: options must be an object like { connectionString, container }.');
    }
    if (typeof options.connectionString !== 'string' || options.connectionString.trim() === '') {
      throw new TypeError('AzureBlobsStorage: options.connectionString must be a non-empty string.');
    }
    if (typeof options.container !== 'string' || !isContainerName(options.container)) {
      throw new TypeError(
        'AzureBlobsStorage: options.container must be a container name: 3-63 lowercase letters, digits and single hyphens.',
      );
    }
    const pipeline = options.pipeline ?? DEFAULT_PIPELINE;
    this.container = options.container;
    this.#client = new ContainerClient(options.connectionString, options.container, pipeline);
    this.#blobs = new BlobsStorage(options.connectionString, options.container, { storagePipelineOptions: pipeline });
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
    this.#pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  }

  /** Creates the storage and its container (if missing): fails at start-up, not on the first turn, when unreachable. */
  static async open(options: AzureBlobsStorageOptions): Promise<AzureBlobsStorage> {
    const storage = new AzureBlobsStorage(options);
    await storage.#ensureContainer();
    return storage;
  }

  /** Reads items; unknown keys are left out. Each call returns fresh copies, each with the blob's eTag. */
  async read(keys: string[]): Promise<StoreItems> {
    const unique = [...new Set(checkKeys(keys, 'reading', blobNameForKey))];
    if (unique.length === 0) return {};
    await this.#ensureContainer();
    try {
      return await this.#blobs.read(unique);
    } catch (error) {
      throw new BlobsRequestError('read blobs', this.container, { cause: error });
    }
  }

  /**
   * Writes items. An item whose eTag is missing or `*` overwrites; any other eTag must match the stored one, or the
   * item is rejected ({@link BlobsConflictError} after the others were written), except that an item that does not exist
   * yet is created. Each written item gets its new eTag set on the passed-in object.
   */
  async write(changes: StoreItems): Promise<void> {
    const entries = prepareChanges(changes, blobNameForKey);
    if (entries.length === 0) return;
    await this.#ensureContainer();
    let conflicts = 0;
    let failure: { error: unknown } | undefined;
    await forEachLimited(entries, this.#concurrency, async (entry) => {
      try {
        const eTag = await this.#upload(entry);
        // Reflect.set: a frozen input object must not turn a successful write into an error.
        Reflect.set(entry.item, 'eTag', eTag);
      } catch (error) {
        if (error === CONFLICT) conflicts++;
        else failure ??= { error };
      }
    });
    if (failure) throw new BlobsRequestError('write blobs', this.container, { cause: failure.error });
    if (conflicts > 0) throw new BlobsConflictError(conflicts, entries.length);
  }

  /** Deletes items. Unknown keys are ignored. */
  async delete(keys: string[]): Promise<void> {
    const unique = [...new Set(checkKeys(keys, 'deleting', blobNameForKey))];
    if (unique.length === 0) return;
    for (const key of unique) blobNameForKey(key);
    await this.#ensureContainer();
    try {
      await this.#blobs.delete(unique);
    } catch (error) {
      throw new BlobsRequestError('delete blobs', this.container, { cause: error });
    }
  }

  /**
   * Lists the stored keys that start with `prefix`, in blob-name order: for maintenance jobs (retention, erasure), not
   * for turns. Keys come from the blobs' metadata; a blob written by plain BlobsStorage (no metadata) stands for its
   * decoded name, which lacks the trailing slash the key may have had.
   */
  async *keys(prefix = ''): AsyncGenerator<string> {
    await this.#ensureContainer();
    const iterator = this.#client.listBlobsFlat({ prefix: blobNamePrefixFor(prefix), includeMetadata: true });
    while (true) {
      let next: IteratorResult<{ name: string; metadata?: Record<string, string> }>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw new BlobsRequestError('list blobs', this.container, { cause: error });
      }
      if (next.done) return;
      const { name, metadata } = next.value;
      if (name.startsWith(PROBE_PREFIX)) continue;
      const key = keyFromMetadata(metadata?.[KEY_METADATA]) ?? keyFromBlobName(name);
      if (key !== undefined && key.startsWith(prefix)) yield key;
    }
  }

  /**
   * Proves the container can be written, read back and deleted from, within `pingTimeoutMs`: for /readyz.
   *
   * @throws {BlobsNotReadyError} naming the reason, with the SDK's error as `cause`.
   */
  async ping(): Promise<void> {
    const signal = AbortSignal.timeout(this.#pingTimeoutMs);
    const blob = this.#client.getBlockBlobClient(`${PROBE_PREFIX}${randomUUID()}`);
    const expected = `ping ${Date.now()}`;
    try {
      await this.#ensureContainer();
      await blob.upload(expected, Buffer.byteLength(expected), { abortSignal: signal });
      const actual = (await blob.downloadToBuffer(0, undefined, { abortSignal: signal })).toString('utf8');
      if (actual !== expected) throw new Error('read back different content');
    } catch (error) {
      const reason = signal.aborted
        ? `it did not answer within ${this.#pingTimeoutMs} ms`
        : 'a probe blob could not be written and read back';
      throw new BlobsNotReadyError(this.container, reason, { cause: error });
    } finally {
      await blob.deleteIfExists().catch(() => undefined);
    }
  }

  /** Nothing to release: every request stands alone. Present so the app can close any storage the same way. */
  async close(): Promise<void> {}

  #ensureContainer(): Promise<void> {
    this.#created ??= this.#client.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        this.#created = undefined;
        throw new BlobsRequestError('reach or create the container', this.container, { cause: error });
      },
    );
    return this.#created;
  }

  /** Uploads one item; resolves with the new eTag, rejects with {@link CONFLICT} on a stale eTag. */
  async #upload(entry: PreparedChange): Promise<string> {
    const blob = this.#client.getBlockBlobClient(blobNameForKey(entry.key));
    const body = Buffer.from(entry.valueJson, 'utf8');
    const encodedKey = encodeURIComponent(entry.key);
    const upload = async (conditions: { ifMatch?: string; ifNoneMatch?: string }): Promise<string> => {
      const response = await blob.upload(body, body.byteLength, {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
        metadata: encodedKey.length <= MAX_KEY_METADATA_LENGTH ? { [KEY_METADATA]: encodedKey } : {},
      });
      if (!response.etag) throw new Error('Azure Blob Storage did not return an eTag');
      return response.etag;
    };

    if (entry.expectedETag === undefined) return upload({});
    try {
      return await upload({ ifMatch: entry.expectedETag });
    } catch (error) {
      // 412: the eTag differs, or (Azure answers the same) there is no such blob; 404 for the latter on some versions.
      if (!hasStatus(error, 412, 404)) throw error;
    }
    // Like MemoryStorage, an item that does not exist yet is created whatever eTag it carries; "If-None-Match: *"
    // makes that creation fail if someone else created the blob meanwhile.
    try {
      return await upload({ ifNoneMatch: '*' });
    } catch (error) {
      if (hasStatus(error, 409, 412)) throw CONFLICT;
      throw error;
    }
  }
}

/** Thrown inside write() for one item with a stale eTag; never leaves the class. */
const CONFLICT = Symbol('conflict');

function keyFromMetadata(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Azure's rules for container names. */
function isContainerName(name: string): boolean {
  return /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name);
}

function hasStatus(error: unknown, ...codes: number[]): boolean {
  return error instanceof RestError && error.statusCode !== undefined && codes.includes(error.statusCode);
}

function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Calls `fn` on every item with at most `limit` calls running; resolves when all have settled. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
