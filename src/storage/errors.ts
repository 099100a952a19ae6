/**
 * Typed errors thrown by the bot's storage layer.
 *
 * Messages name files, directories, process ids and counts, never stored values or storage keys: keys are built from
 * channel, conversation and user ids, and error messages end up in logs.
 */

/** Base class of every error the storage layer throws on purpose. */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A write was rejected because at least one item carried an eTag that no longer matches the stored one (someone else
 * wrote the item since it was read). Nothing from the rejected batch was written.
 */
export class StorageConflictError extends StorageError {
  override readonly name = 'StorageConflictError';

  constructor(
    /** How many items of the batch had a stale eTag. */
    readonly conflictCount: number,
    /** How many items the rejected batch held. */
    readonly batchSize: number,
  ) {
    super(
      `Storage: write rejected because ${conflictCount} of ${batchSize} item(s) had a stale eTag ` +
        '(changed since it was read); nothing from this batch was written.',
    );
  }
}

/** A stored file could not be parsed, or does not have the expected `{ key, eTag, value }` shape. */
export class StorageCorruptFileError extends StorageError {
  override readonly name = 'StorageCorruptFileError';

  constructor(
    /** Absolute path of the unreadable file. */
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Storage: the file ${file} is corrupt (${reason}). Delete or repair it; deleting it forgets the state it held.`,
      options,
    );
  }
}

/** The file system refused an operation (permissions, disk full, missing directory, ...). See `cause`. */
export class StorageIoError extends StorageError {
  override readonly name = 'StorageIoError';

  constructor(
    /** What the storage was doing, e.g. `read`, `write`, `delete`. */
    readonly operation: string,
    /** The file or directory involved. */
    readonly file: string,
    options?: ErrorOptions,
  ) {
    const code = codeOf(options?.cause);
    super(`Storage: could not ${operation} ${file}${code ? ` (${code})` : ''}.`, options);
  }
}

/** The storage was used before `open()` or after `close()`. */
export class StorageNotOpenError extends StorageError {
  override readonly name = 'StorageNotOpenError';

  constructor(dir: string) {
    super(`Storage: the storage in ${dir} is not open; call open() first (and do not use it after close()).`);
  }
}

/** `ping()` found that the data directory cannot be used right now. See `cause`. */
export class StorageNotReadyError extends StorageError {
  override readonly name = 'StorageNotReadyError';

  constructor(
    readonly dir: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Storage: the data directory ${dir} is not ready: ${reason}.`, options);
  }
}

/** Another live process (or another storage object in this process) holds the data directory's lock. */
export class DataDirLockedError extends StorageError {
  override readonly name = 'DataDirLockedError';

  constructor(
    /** The data directory. */
    readonly dir: string,
    /** The pid found in the lock file. */
    readonly pid: number,
    /** The lock file. */
    readonly lockFile: string,
  ) {
    super(
      pid === process.pid
        ? `Storage: ${dir} is already open in this process (pid ${pid}); close the other storage first.`
        : `Storage: another bot process (pid ${pid}) is using ${dir}; stop it or set STATE_DIR to another folder. ` +
            `If no such bot is running, delete ${lockFile}.`,
    );
  }
}

function codeOf(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return undefined;
}
