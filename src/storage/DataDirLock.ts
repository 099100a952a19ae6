import { randomUUID } from 'node:crypto';
import { link, open, readFile, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DataDirLockedError, StorageIoError } from './errors';

/** Name of the lock file inside the data directory. */
export const LOCK_FILE_NAME = 'LOCK';

/** Directories (real paths) locked by this process, so a second storage object in the same process is refused too. */
const lockedInThisProcess = new Set<string>();

const MAX_ATTEMPTS = 5;
/** How long to wait before deciding that an empty/garbled lock file is not just being written by another process. */
const HALF_WRITTEN_GRACE_MS = 100;

type LockOwner = { kind: 'missing' } | { kind: 'garbled' } | { kind: 'pid'; pid: number };

/**
 * An exclusive lock on a data directory: a `LOCK` file created with the `wx` flag that holds the owner's pid.
 *
 * A lock whose pid is not a live process is stale (the owner crashed) and is taken over. A lock holding this process's
 * own pid that this process did not take is stale too: in a container the bot often gets the same pid after a restart.
 */
export class DataDirLock {
  #released = false;

  private constructor(
    /** Real path of the locked directory. */
    readonly dir: string,
    /** Path of the lock file. */
    readonly file: string,
    /** Whether the lock was taken over from a process that no longer runs: it did not stop cleanly. */
    readonly tookOverStale: boolean,
  ) {}

  /**
   * Takes the lock on `dir`, which must exist. Errors name `dir` as given; the in-process check uses its real path.
   *
   * @throws {DataDirLockedError} when a live process (or another storage in this process) holds it.
   * @throws {StorageIoError} when the lock file cannot be created or read.
   */
  static async acquire(dir: string): Promise<DataDirLock> {
    let realDir: string;
    try {
      realDir = await realpath(dir);
    } catch (error) {
      throw new StorageIoError('resolve', dir, { cause: error });
    }
    const file = path.join(realDir, LOCK_FILE_NAME);
    // Claim the directory inside this process synchronously, before any await, so two concurrent acquires cannot both win.
    if (lockedInThisProcess.has(realDir)) {
      throw new DataDirLockedError(dir, process.pid, file);
    }
    lockedInThisProcess.add(realDir);
    let tookOverStale: boolean;
    try {
      tookOverStale = await takeLockFile(dir, file);
    } catch (error) {
      lockedInThisProcess.delete(realDir);
      throw error;
    }
    return new DataDirLock(realDir, file, tookOverStale);
  }

  /** Whether the lock file still exists and holds this process's pid (someone may have deleted it by hand). */
  async isHeld(): Promise<boolean> {
    return !this.#released && (await holdsOurPid(this.file));
  }

  /** Releases the lock. The lock file is removed only if it still holds this process's pid. Idempotent. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    try {
      if (await holdsOurPid(this.file)) {
        await rm(this.file, { force: true });
      }
    } catch (error) {
      throw new StorageIoError('remove the lock file', this.file, { cause: error });
    } finally {
      lockedInThisProcess.delete(this.dir);
    }
  }
}

/** Creates the lock file; returns whether a stale one had to be taken over first. */
async function takeLockFile(dir: string, file: string): Promise<boolean> {
  let tookOver = false;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (await tryCreate(file)) return tookOver;

    let owner = await readOwner(file);
    if (owner.kind === 'garbled') {
      // Maybe another process created the file and has not written its pid yet: look again a moment later.
      await delay(HALF_WRITTEN_GRACE_MS);
      owner = await readOwner(file);
    }
    if (owner.kind === 'missing') continue; // released meanwhile: try again
    if (owner.kind === 'pid' && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new DataDirLockedError(dir, owner.pid, file);
    }
    await takeOverStale(dir, file);
    tookOver = true;
  }
  throw new StorageIoError(`take the lock (gave up after ${MAX_ATTEMPTS} attempts)`, file);
}

/** Creates the lock file exclusively. Returns false if it already exists. */
async function tryCreate(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new StorageIoError('create the lock file', file, { cause: error });
  }
  try {
    await handle.writeFile(`${process.pid}\n`, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true }).catch(() => undefined);
    throw new StorageIoError('write the lock file', file, { cause: error });
  }
  await handle.close();
  return true;
}

/**
 * Moves a stale lock file out of the way. The move is atomic, so if two processes race to take over the same stale
 * lock, or a live process re-created the lock in between, the loser notices by reading what it moved and puts a live
 * owner's lock back.
 */
async function takeOverStale(dir: string, file: string): Promise<void> {
  const moved = `${file}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(file, moved);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return; // someone else moved it first
    throw new StorageIoError('take over the stale lock file', file, { cause: error });
  }
  const movedOwner = await readOwner(moved);
  if (movedOwner.kind === 'pid' && movedOwner.pid !== process.pid && isAlive(movedOwner.pid)) {
    // We moved a fresh lock of a live process: put it back (link fails if yet another lock appeared) and give up.
    await link(moved, file).catch(() => undefined);
    await rm(moved, { force: true }).catch(() => undefined);
    throw new DataDirLockedError(dir, movedOwner.pid, file);
  }
  await rm(moved, { force: true });
}

async function holdsOurPid(file: string): Promise<boolean> {
  const owner = await readOwner(file);
  return owner.kind === 'pid' && owner.pid === process.pid;
}

async function readOwner(file: string): Promise<LockOwner> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    throw new StorageIoError('read the lock file', file, { cause: error });
  }
  const trimmed = text.trim();
  // Strict: only a positive decimal integer. process.kill(0 or a negative number) would signal process groups.
  if (!/^[0-9]{1,10}$/.test(trimmed)) return { kind: 'garbled' };
  const pid = Number(trimmed);
  return pid > 0 ? { kind: 'pid', pid } : { kind: 'garbled' };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
