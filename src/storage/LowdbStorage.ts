import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { z } from 'zod';
import { DataDirLock, LOCK_FILE_NAME } from './DataDirLock';
import { FileIndex } from './FileIndex';
import { Journal, type JournalEntry } from './Journal';
import { rememberReadJson } from './knownJson';
import { checkKeys, prepareChanges } from './storeChanges';
import {
  StorageConflictError,
  StorageCorruptFileError,
  StorageError,
  StorageIoError,
  StorageNotOpenError,
  StorageNotReadyError,
} from './errors';

/** Name of the folder, inside the data directory, that holds one file per stored key. */
export const ITEMS_DIR_NAME = 'items';

/** What each item file holds. */
export const StoredItemFileSchema = z.object({
  key: z.string(),
  eTag: z.string().min(1),
  value: z.record(z.string(), z.unknown()),
});
export type StoredItemFile = z.infer<typeof StoredItemFileSchema>;

/** How many files one read/write/delete call touches at the same time. */
const FILE_CONCURRENCY = 32;
/**
 * How many item files a checkpoint writes at the same time: libuv's four file-system threads, so that a turn's own
 * reads never wait behind a long queue of checkpoint writes.
 */
const CHECKPOINT_CONCURRENCY = 4;

// lowdb 7 is ESM-only. This project compiles to CommonJS with `module: node16`, where TypeScript refuses a static
// import of an ES module, so lowdb is loaded once with a dynamic import (its types are inferred from that import).
const loadLowdb = () => Promise.all([import('lowdb'), import('lowdb/node')]);
type Lowdb = Awaited<ReturnType<typeof loadLowdb>>;
let lowdbPromise: Promise<Lowdb> | undefined;
function lowdb(): Promise<Lowdb> {
  lowdbPromise ??= loadLowdb().catch((error: unknown) => {
    lowdbPromise = undefined;
    throw error;
  });
  return lowdbPromise;
}

/** Options of {@link LowdbStorage}. */
export interface LowdbStorageOptions {
  /** The data directory; created if missing. Only one process may use it at a time. */
  dir: string;
  /**
   * How many items (and known-missing keys) are kept in memory, most recently used first (default 5,000; 0 turns the
   * cache off). The process owns the directory (see `LOCK`), so what it wrote last is what the files hold.
   */
  cacheItems?: number;
  /**
   * How often, in milliseconds, the changes in the journal are copied into the item files (default 5,000). A copy also
   * starts when many items changed, on delete, on {@link LowdbStorage.flush} and on close.
   */
  checkpointMs?: number;
}

/** The default of {@link LowdbStorageOptions.cacheItems}. */
export const DEFAULT_CACHE_ITEMS = 5_000;
/** The default of {@link LowdbStorageOptions.checkpointMs}. */
export const DEFAULT_CHECKPOINT_MS = 5_000;
/** A checkpoint starts when this many items wait in the journal… */
const CHECKPOINT_ITEMS = 2_000;
/** …or the journal segment has grown this big. */
const CHECKPOINT_BYTES = 16 * 1024 * 1024;
/** Writes wait for the running checkpoint while this many items wait to be copied (the disk cannot keep up). */
const BACKPRESSURE_ITEMS = 4 * CHECKPOINT_ITEMS;

/**
 * botbuilder `Storage` that keeps each item in its own JSON file, written through lowdb's steno-backed adapter (temp
 * file + rename, so a killed process leaves every file parseable).
 *
 * - Layout: `<dir>/LOCK` (pid of the owning process) and `<dir>/items/<aa>/<sha256(key)>.json`, where `<aa>` is the
 *   first two hex characters of the hash; each file holds `{ key, eTag, value }`. A turn touches only its own files,
 *   so its cost does not grow with the number of stored conversations.
 * - Writes and deletes are first appended to a journal (`<dir>/journal/*.log`, see {@link Journal}), one line per
 *   batch: when `write()` resolves, the batch is in the journal. Every few seconds (`checkpointMs`), and whenever many
 *   items changed, the latest version of each changed item is copied into its item file and the copied journal
 *   segments are removed. A restart replays what the journal holds, so a killed process loses nothing that was
 *   acknowledged. A delete copies at once: when `delete()` resolves, the item is gone from the disk, journal included.
 * - The items used most recently (and the keys known to be missing) are also kept in memory, as JSON text, up to
 *   `cacheItems`: a turn of an active conversation reads no file. The cache is valid because no other process may
 *   write the directory while this one holds the lock. Do not edit item files while the bot runs.
 * - eTags work like botbuilder's `MemoryStorage`: an item whose eTag is neither missing nor `*` and differs from the
 *   stored one makes the whole batch fail with {@link StorageConflictError}, and nothing of that batch is written.
 *   Every written item gets a new eTag, which is also set on the object passed to {@link LowdbStorage.write}.
 * - Writes and deletes of the same key are serialised inside the process; the `LOCK` file keeps other processes out.
 *
 * Call {@link LowdbStorage.open} before use and {@link LowdbStorage.close} on shutdown (it waits for pending writes
 * and releases the lock).
 *
 * @example
 * const storage = await LowdbStorage.open({ dir: process.env.STATE_DIR ?? 'var/state' });
 * const conversationState = new ConversationState(storage);
 * // ... on shutdown:
 * await storage.close();
 */
export class LowdbStorage implements Storage {
  /** The data directory as given to the constructor, resolved to an absolute path. */
  readonly dir: string;
  readonly #itemsDir: string;
  #lock: DataDirLock | undefined;
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #keyLocks = new KeyedMutex();
  readonly #knownSubdirs = new Set<string>();
  /** Which item files may exist: a key that was never stored is answered without opening a file. */
  readonly #index = new FileIndex();
  /** How many item files reads opened (reads not answered by the cache, the journal or the index). */
  #fileReads = 0;
  readonly #cache: ItemCache;
  /** The file reads under way, per key: a write or delete of the key marks them stale, so they fill no cache entry. */
  readonly #reading = new Map<string, Set<{ stale: boolean }>>();
  readonly #checkpointMs: number;
  #journal: Journal | undefined;
  /** Changes appended to the journal and not yet copied into item files, latest per key (null: deleted). */
  readonly #unsaved = new Map<string, JournalEntry>();
  /** The checkpoint under way, if any; checkpoints run one at a time. */
  #checkpoint: Promise<void> | undefined;
  #checkpointTimer: NodeJS.Timeout | undefined;
  /** Why the last checkpoint failed (reported by ping), until one succeeds. */
  #checkpointError: unknown;

  /** Creates the storage object; call {@link LowdbStorage.open} (or use the static `open`) before using it. */
  constructor(options: LowdbStorageOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('LowdbStorage: options must be an object like { dir: "var/state" }.');
    }
    if (typeof options.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('LowdbStorage: options.dir must be a non-empty path.');
    }
    const cacheItems = options.cacheItems ?? DEFAULT_CACHE_ITEMS;
    if (!Number.isInteger(cacheItems) || cacheItems < 0) {
      throw new TypeError('LowdbStorage: options.cacheItems must be a whole number, 0 or more.');
    }
    const checkpointMs = options.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
    if (!Number.isFinite(checkpointMs) || checkpointMs <= 0) {
      throw new TypeError('LowdbStorage: options.checkpointMs must be a number of milliseconds above 0.');
    }
    this.dir = path.resolve(options.dir);
    this.#itemsDir = path.join(this.dir, ITEMS_DIR_NAME);
    this.#cache = new ItemCache(cacheItems);
    this.#checkpointMs = checkpointMs;
  }

  /** Creates and opens a storage on `options.dir`. */
  static async open(options: LowdbStorageOptions): Promise<LowdbStorage> {
    const storage = new LowdbStorage(options);
    await storage.open();
    return storage;
  }

  /** Whether the storage is open (between a successful {@link LowdbStorage.open} and {@link LowdbStorage.close}). */
  get isOpen(): boolean {
    return this.#lock !== undefined && this.#closing === undefined;
  }

  /**
   * Creates the directory if needed, takes its lock and removes temp files left by a crashed writer.
   * Calling it again while open does nothing.
   *
   * @throws {DataDirLockedError} when another live process, or another storage in this process, uses the directory.
   * @throws {StorageIoError} when the directory cannot be created or read.
   */
  async open(): Promise<void> {
    if (this.#closing) await this.#closing;
    if (this.#lock) return;
    this.#opening ??= this.#doOpen().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #doOpen(): Promise<void> {
    try {
      await mkdir(this.#itemsDir, { recursive: true });
    } catch (error) {
      throw new StorageIoError('create the data directory', this.#itemsDir, { cause: error });
    }
    await lowdb();
    const lock = await DataDirLock.acquire(this.dir);
    let journal: Journal | undefined;
    try {
      // Only a process that did not stop cleanly can have left temp files among the items (many folders to read).
      await this.#removeLeftoverTempFiles(lock.tookOverStale);
      this.#knownSubdirs.clear();
      // Files may have changed while the directory was not ours.
      this.#cache.clear();
      this.#unsaved.clear();
      this.#index.reset();
      // What the last run acknowledged but had not copied into item files yet (it was stopped or killed).
      const opened = await Journal.open(this.dir);
      journal = opened.journal;
      await forEachLimited([...opened.recovered], FILE_CONCURRENCY, ([key, entry]) => this.#saveItemFile(key, entry));
      await journal.removeSegmentsBefore(journal.sequence);
    } catch (error) {
      journal?.close();
      await lock.release().catch(() => undefined);
      throw error;
    }
    this.#journal = journal;
    this.#checkpointError = undefined;
    this.#checkpointTimer = setInterval(() => {
      if (this.#unsaved.size > 0) this.#startCheckpoint();
    }, this.#checkpointMs);
    this.#checkpointTimer.unref();
    this.#lock = lock;
    // In the background: until it is done, reads of unknown keys open their file as before.
    void this.#index.list(this.#itemsDir);
  }

  /** Resolves when the listing of the item files, started at open, has finished (for tests and tools). */
  whenIndexed(): Promise<void> {
    return this.#index.whenListed();
  }

  /** Counters for tests and diagnostics: how many item files reads had to open. */
  get stats(): { fileReads: number; indexComplete: boolean } {
    return { fileReads: this.#fileReads, indexComplete: this.#index.complete };
  }

  /** Waits for pending reads/writes/deletes, then releases the directory lock. Idempotent. */
  async close(): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    if (!this.#lock) return;
    this.#closing ??= (async () => {
      try {
        await Promise.allSettled([...this.#pending]);
        clearInterval(this.#checkpointTimer);
        // Copy what the journal holds into the item files; if that fails, the next open replays the journal.
        await this.#flushNow().catch(() => undefined);
        this.#journal?.close();
        await this.#lock?.release();
      } finally {
        this.#journal = undefined;
        this.#lock = undefined;
        this.#closing = undefined;
      }
    })();
    return this.#closing;
  }

  /**
   * Proves the storage is usable: it is open, still holds its lock, and the directory can be written, read back and
   * listed. Meant for a readiness probe.
   *
   * @throws {StorageNotReadyError} naming the reason, with the underlying error as `cause`.
   */
  async ping(): Promise<void> {
    const lock = this.#lock;
    if (!lock || this.#closing) throw new StorageNotReadyError(this.dir, 'the storage is not open');
    let held: boolean;
    try {
      held = await lock.isHeld();
    } catch (error) {
      throw new StorageNotReadyError(this.dir, 'its lock file cannot be read', { cause: error });
    }
    if (!held) throw new StorageNotReadyError(this.dir, `its lock file ${lock.file} was removed or replaced`);
    if (this.#checkpointError !== undefined) {
      throw new StorageNotReadyError(this.dir, 'the journal cannot be copied into the item files', { cause: this.#checkpointError });
    }

    const probe = path.join(this.dir, `.ping-${randomUUID()}.tmp`);
    const expected = `ping ${Date.now()}`;
    try {
      await writeFile(probe, expected, 'utf8');
      const actual = await readFile(probe, 'utf8');
      if (actual !== expected) throw new Error('read back different content');
      await readdir(this.#itemsDir);
    } catch (error) {
      throw new StorageNotReadyError(this.dir, 'it cannot be written, read back or listed', { cause: error });
    } finally {
      await rm(probe, { force: true }).catch(() => undefined);
    }
  }

  /**
   * Reads items. Unknown keys are left out of the result. Each call returns fresh copies.
   *
   * @throws {StorageCorruptFileError} when a file cannot be parsed or has the wrong shape.
   */
  read(keys: string[]): Promise<StoreItems> {
    return this.#run(async () => {
      const unique = [...new Set(checkKeys(keys, 'reading'))];
      this.#assertOpen();
      const result: StoreItems = {};
      const add = (key: string, stored: CachedItem | null): void => {
        if (!stored) return;
        // The stored JSON has no eTag (see prepareChanges): added last, as a spread would.
        const item = JSON.parse(stored.valueJson) as StoreItem;
        item.eTag = stored.eTag;
        rememberReadJson(item, stored.valueJson);
        // defineProperty, not assignment: a key like "__proto__" must become an ordinary entry.
        Object.defineProperty(result, key, { value: item, enumerable: true, writable: true, configurable: true });
      };
      await this.#eachStored(unique, add);
      return result;
    });
  }

  /**
   * Writes items, all or nothing as far as eTags go: if any item has a stale eTag the whole batch is rejected with
   * {@link StorageConflictError}. Each written item gets a new eTag, also set on the passed-in object.
   */
  write(changes: StoreItems): Promise<void> {
    return this.#run(async () => {
      const entries = prepareChanges(changes);
      this.#assertOpen();
      if (entries.length === 0) return;
      const release = await this.#keyLocks.lock(entries.map((entry) => entry.key));
      try {
        let conflicts = 0;
        const expected = new Map(entries.filter((entry) => entry.expectedETag !== undefined).map((entry) => [entry.key, entry.expectedETag]));
        await this.#eachStored([...expected.keys()], (key, stored) => {
          // Like MemoryStorage: an item that does not exist yet is created whatever eTag it carries.
          if (stored !== null && stored.eTag !== expected.get(key)) conflicts++;
        });
        if (conflicts > 0) throw new StorageConflictError(conflicts, entries.length);

        const changes = entries.map((entry) => [entry.key, { eTag: randomUUID(), valueJson: entry.valueJson }] as const);
        await this.#journal!.appendSoon(changes);
        // A key the cache holds an item of has a file or a journal line already: only new keys need hashing.
        for (const entry of entries) if (!this.#cache.peek(entry.key)) this.#index.add(hashOfKey(entry.key));
        for (const [key, change] of changes) this.#unsaved.set(key, change);
        for (const [key, change] of changes) this.#changed(key, change);
        // Reflect.set: a frozen input object must not turn a successful write into an error.
        entries.forEach((entry, i) => Reflect.set(entry.item, 'eTag', changes[i]![1].eTag));
      } finally {
        release();
      }
      if (this.#unsaved.size >= CHECKPOINT_ITEMS || this.#journal!.bytes >= CHECKPOINT_BYTES) this.#startCheckpoint();
      // The disk does not keep up: slow the writers down rather than hold ever more in memory.
      if (this.#unsaved.size >= BACKPRESSURE_ITEMS) await this.#checkpoint;
    });
  }

  /**
   * Copies every change the journal holds into the item files now, and removes the copied journal segments. Not
   * needed for safety (a restart replays the journal); for backups and tools that read the item files.
   */
  flush(): Promise<void> {
    return this.#run(async () => {
      this.#assertOpen();
      await this.#flushNow();
    });
  }

  /** Deletes items. Unknown keys are ignored. */
  delete(keys: string[]): Promise<void> {
    return this.#run(async () => {
      const unique = [...new Set(checkKeys(keys, 'deleting'))];
      this.#assertOpen();
      if (unique.length === 0) return;
      const release = await this.#keyLocks.lock(unique);
      try {
        this.#journal!.append(unique.map((key) => [key, null] as const));
        for (const key of unique) this.#unsaved.set(key, null);
        for (const key of unique) this.#changed(key, null);
      } finally {
        release();
      }
      // Deleted means gone from the disk (a person asked to be forgotten): the item files and the journal.
      await this.#flushNow();
    });
  }

  /**
   * Lists the stored keys that start with `prefix`, by reading the beginning of every item file (where its key is):
   * for maintenance jobs (retention, erasure), not for turns. The files are read a few hundred at a time, with turns
   * let in between. A file whose beginning does not name a key is read whole; one that does not parse is skipped. A
   * listed key's file may still turn out damaged when it is read.
   */
  async *keys(prefix = ''): AsyncGenerator<string> {
    this.#assertOpen();
    await this.#flushNow();
    const head = Buffer.allocUnsafe(KEY_HEAD_BYTES);
    let sinceBreak = 0;
    const folders = await readdir(this.#itemsDir).catch(() => [] as string[]);
    for (const folder of folders.sort()) {
      const files = await readdir(path.join(this.#itemsDir, folder)).catch(() => [] as string[]);
      for (const file of files.filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort()) {
        const full = path.join(this.#itemsDir, folder, file);
        const key = keyFromHead(full, head) ?? (await keyFromWholeFile(full));
        if (key !== undefined && key.startsWith(prefix)) yield key;
        if (++sinceBreak >= KEYS_BETWEEN_BREAKS) {
          sinceBreak = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
  }

  /** The absolute path of the file that holds `key` (whether or not it exists). */
  fileForKey(key: string): string {
    return this.#fileForHash(hashOfKey(key));
  }

  #fileForHash(hash: string): string {
    return path.join(this.#itemsDir, hash.slice(0, 2), `${hash}.json`);
  }

  #assertOpen(): void {
    if (!this.#lock || this.#closing) throw new StorageNotOpenError(this.dir);
  }

  /** Runs an operation and tracks it so `close()` can wait for it. */
  #run<T>(operation: () => Promise<T>): Promise<T> {
    const promise = operation();
    this.#pending.add(promise);
    const forget = () => this.#pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /**
   * The item as memory knows it: from the cache, from the journal's unsaved changes, or null when the index says no
   * file holds the key. When only its file can tell: the key's hash, which names the file.
   */
  #known(key: string, hashed?: OnDisk): CachedItem | null | OnDisk {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const unsaved = this.#unsaved.get(key);
    if (unsaved !== undefined) return unsaved;
    const hash = hashed?.hash ?? hashOfKey(key);
    if (!this.#index.mayExist(hash)) {
      this.#cache.set(key, null);
      return null;
    }
    return { hash };
  }

  /**
   * Hands `use` each key's item (null: none). A turn's keys are nearly always answered from memory at once; only the
   * others wait for their files.
   */
  async #eachStored(keys: readonly string[], use: (key: string, stored: CachedItem | null) => void): Promise<void> {
    const onDisk: Array<[string, OnDisk]> = [];
    for (const key of keys) {
      const known = this.#known(key);
      if (isOnDisk(known)) onDisk.push([key, known]);
      else use(key, known);
    }
    if (onDisk.length === 0) return;
    await forEachLimited(onDisk, FILE_CONCURRENCY, async ([key, hashed]) => use(key, await this.#readCached(key, hashed)));
  }

  /**
   * The item from memory (see #known; asked again, as a write may have come since `hashed` was), or from its file
   * (then cached); null when it does not exist.
   */
  async #readCached(key: string, hashed: OnDisk): Promise<CachedItem | null> {
    const known = this.#known(key, hashed);
    if (!isOnDisk(known)) return known;
    const { hash } = known;
    const read = { stale: false };
    let reads = this.#reading.get(key);
    if (reads === undefined) this.#reading.set(key, (reads = new Set()));
    reads.add(read);
    let stored: StoredItemFile | null;
    try {
      stored = await this.#readFile(key, this.#fileForHash(hash));
    } finally {
      reads.delete(read);
      if (reads.size === 0) this.#reading.delete(key);
    }
    const item = stored && { eTag: stored.eTag, valueJson: JSON.stringify(stored.value) };
    // Cached only when no write or delete of this key ran meanwhile: the file may already say something newer.
    if (!read.stale && !this.#keyLocks.isLocked(key) && this.#cache.get(key) === undefined) this.#cache.set(key, item);
    return item;
  }

  /** A write or delete of `key` happened: the reads of it under way must not cache what they read. */
  #changed(key: string, entry: CachedItem | null | undefined): void {
    for (const read of this.#reading.get(key) ?? []) read.stale = true;
    if (entry === undefined) this.#cache.forget(key);
    else this.#cache.set(key, entry);
  }

  async #readFile(key: string, file: string): Promise<StoredItemFile | null> {
    this.#fileReads += 1;
    const [{ Low }, { DataFile }] = await lowdb();
    const db = new Low<StoredItemFile | null>(new DataFile<StoredItemFile | null>(file, { parse: parseItemFile, stringify }), null);
    try {
      await db.read();
    } catch (error) {
      throw toReadError(file, error);
    }
    const stored = db.data;
    if (stored && stored.key !== key) {
      throw new StorageCorruptFileError(file, 'it holds a different key than its file name says');
    }
    return stored;
  }

  /** Starts a checkpoint unless one runs; a failure is kept for ping() and retried on the next occasion. */
  #startCheckpoint(): void {
    if (this.#checkpoint) return;
    void this.#flushNow().catch(() => undefined);
  }

  /** Runs a checkpoint after the one under way (so that it covers every change made until now). */
  async #flushNow(): Promise<void> {
    while (this.#checkpoint) await this.#checkpoint.catch(() => undefined);
    const journal = this.#journal;
    if (!journal) return;
    const run = (async () => {
      // Changes from now on go to a new segment; everything in the older ones is in #unsaved (latest per key).
      const current = journal.rotate();
      const copying = [...this.#unsaved];
      await forEachLimited(copying, CHECKPOINT_CONCURRENCY, async ([key, entry]) => {
        await this.#saveItemFile(key, entry);
        // A newer change of the key, made while copying, stays for the next checkpoint.
        if (this.#unsaved.get(key) === entry) this.#unsaved.delete(key);
      });
      await journal.removeSegmentsBefore(current);
    })();
    this.#checkpoint = run;
    try {
      await run;
      this.#checkpointError = undefined;
    } catch (error) {
      this.#checkpointError = error;
      throw error;
    } finally {
      this.#checkpoint = undefined;
    }
  }

  /** Writes an item's file (lowdb's text adapter: steno writes a temp file and renames it), or removes it for null. */
  async #saveItemFile(key: string, entry: JournalEntry): Promise<void> {
    const file = this.fileForKey(key);
    if (entry === null) {
      try {
        await rm(file, { force: true });
      } catch (error) {
        throw new StorageIoError('delete', file, { cause: error });
      }
      return;
    }
    const subdir = path.dirname(file);
    const [, { TextFile }] = await lowdb();
    // The same text JSON.stringify({ key, eTag, value }) gives, without serialising the value a second time.
    const text = `{"key":${JSON.stringify(key)},"eTag":${JSON.stringify(entry.eTag)},"value":${entry.valueJson}}\n`;
    try {
      if (!this.#knownSubdirs.has(subdir)) {
        await mkdir(subdir, { recursive: true });
        this.#knownSubdirs.add(subdir);
      }
      await new TextFile(file).write(text);
    } catch (error) {
      this.#knownSubdirs.delete(subdir);
      throw new StorageIoError('write', file, { cause: error });
    }
  }

  /**
   * Removes what a killed process can leave behind: `.<name>.tmp` files from steno (killed between writing and
   * renaming), `.ping-*.tmp` probes and `LOCK.stale-*` files from a lock take-over. The item folders are only read
   * when `inItems` (after a crash): with 100,000 stored conversations that takes a while.
   */
  async #removeLeftoverTempFiles(inItems: boolean): Promise<void> {
    const isTemp = (name: string) =>
      (name.startsWith('.') && name.endsWith('.tmp')) || name.startsWith(`${LOCK_FILE_NAME}.stale-`);
    const removeIn = async (dir: string, names: string[]) => {
      for (const name of names.filter(isTemp)) await rm(path.join(dir, name), { force: true });
    };
    try {
      await removeIn(this.dir, await readdir(this.dir));
      if (!inItems) return;
      const subdirs = (await readdir(this.#itemsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
      await forEachLimited(subdirs, FILE_CONCURRENCY, async (entry) => {
        const subdir = path.join(this.#itemsDir, entry.name);
        await removeIn(subdir, await readdir(subdir));
      });
    } catch (error) {
      throw new StorageIoError('clean up temp files in', this.dir, { cause: error });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseItemFile(text: string): StoredItemFile {
  return StoredItemFileSchema.parse(JSON.parse(text));
}

function stringify(content: StoredItemFile | null): string {
  return `${JSON.stringify(content)}\n`;
}

/** An item as the cache keeps it: its JSON text, so every read hands out a fresh copy. */
type CachedItem = NonNullable<JournalEntry>;

/** Least-recently-used map of key → item, or null for a key known not to exist. */
class ItemCache {
  readonly #entries = new Map<string, CachedItem | null>();

  constructor(private readonly capacity: number) {}

  /** The cached item, null when the key is known to be missing, undefined when the cache does not know. */
  get(key: string): CachedItem | null | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** The cached entry, without making it the most recent. */
  peek(key: string): CachedItem | null | undefined {
    return this.#entries.get(key);
  }

  set(key: string, entry: CachedItem | null): void {
    if (this.capacity === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function toReadError(file: string, error: unknown): StorageError {
  if (error instanceof SyntaxError) {
    return new StorageCorruptFileError(file, 'it is not valid JSON', { cause: error });
  }
  if (error instanceof z.ZodError) {
    const where = [...new Set(error.issues.map((issue) => issue.path.join('.') || '(root)'))].join(', ');
    return new StorageCorruptFileError(file, `it does not hold { key, eTag, value }; wrong: ${where}`, {
      cause: error,
    });
  }
  return new StorageIoError('read', file, { cause: error });
}

/** A key memory cannot answer for: its file must be read. */
interface OnDisk {
  hash: string;
}

function isOnDisk(known: CachedItem | null | OnDisk): known is OnDisk {
  return known !== null && 'hash' in known;
}

/** Calls `fn` on every item with at most `limit` calls running; rejects with the first error after all settle. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
}

/**
 * Per-key async mutex. Several keys are taken in sorted order, so two batches that share keys cannot deadlock.
 * Entries are dropped when nobody waits, so the map stays as small as the number of keys being written right now.
 */
class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async lock(keys: readonly string[]): Promise<() => void> {
    const releases: Array<() => void> = [];
    for (const key of [...new Set(keys)].sort()) {
      releases.push(await this.#lockOne(key));
    }
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  /** Whether a write or delete holds, or waits for, `key`. */
  isLocked(key: string): boolean {
    return this.#tails.has(key);
  }

  async #lockOne(key: string): Promise<() => void> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => current) : current;
    this.#tails.set(key, tail);
    if (previous) await previous;
    return () => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}

/** The sha256 of a key, in hex: its item file's name. */
function hashOfKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** How much of an item file keys() reads to find its key (`{"key":"…",` comes first). */
const KEY_HEAD_BYTES = 1024;
/** How many files keys() reads (synchronously: small reads of cached files) before it lets turns run. */
const KEYS_BETWEEN_BREAKS = 200;
const KEY_AT_START = /^\{"key":("(?:[^"\\]|\\.)*")/;

/** The key at the beginning of an item file, or undefined (unreadable, or a key longer than the head). */
function keyFromHead(file: string, head: Buffer): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const length = readSync(fd, head, 0, head.length, 0);
    const literal = KEY_AT_START.exec(head.toString('utf8', 0, length))?.[1];
    const key: unknown = literal === undefined ? undefined : JSON.parse(literal);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The key of an item file read and checked whole, or undefined when it does not parse. */
async function keyFromWholeFile(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = StoredItemFileSchema.safeParse(safeJson(text));
  return parsed.success ? parsed.data.key : undefined;
}
