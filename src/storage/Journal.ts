import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { StorageCorruptFileError, StorageIoError } from './errors';

/** The folder, inside the data directory, that holds the journal's segments. */
export const JOURNAL_DIR_NAME = 'journal';

/** One change as the journal records it: the item's new eTag and value (as JSON text), or null for a delete. */
export type JournalEntry = { eTag: string; valueJson: string } | null;

const SEGMENT = /^(\d{12})\.log$/;

/**
 * The write-ahead journal of {@link LowdbStorage}: every write or delete batch is appended to it as one line, which is
 * far cheaper for the file system than replacing an item file (ext4 pays for a temp file and a rename on every
 * replacement). The storage later copies the latest version of each changed item into its item file (a checkpoint) and
 * drops the segments that are fully copied.
 *
 * - Segments are `<dir>/journal/<sequence>.log`; appends go to the newest one; {@link Journal.rotate} starts a new one.
 * - A line is `{"b":[{"k":key,"e":eTag,"v":value}|{"k":key,"d":1}, ...]}`: a batch is all or nothing. A process
 *   killed while appending leaves at most one incomplete last line, which {@link Journal.open} ignores.
 * - Not for other processes: the storage's LOCK keeps them out.
 */
export class Journal {
  #fd: number;
  #sequence: number;
  #bytes = 0;
  /** The segment's length when it was opened (a new segment is empty; appends go to its end). */
  #start = 0;
  /** Set when a refused write could not be cut back: the journal then refuses every append. */
  #broken: unknown;

  private constructor(
    readonly dir: string,
    sequence: number,
    fd: number,
  ) {
    this.#sequence = sequence;
    this.#fd = fd;
    this.#start = fstatSync(fd).size;
  }

  /**
   * Opens the journal in `dataDir`: reads the segments a previous run left (their changes, latest last, are returned
   * for the caller to copy into item files before it removes them with {@link Journal.removeSegmentsBefore}), and
   * starts a new segment.
   *
   * @throws {StorageCorruptFileError} when a segment has an unreadable line that is not its last.
   */
  static async open(dataDir: string): Promise<{ journal: Journal; recovered: Map<string, JournalEntry> }> {
    const dir = path.join(dataDir, JOURNAL_DIR_NAME);
    const recovered = new Map<string, JournalEntry>();
    let last = 0;
    try {
      await mkdir(dir, { recursive: true });
      for (const name of (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort()) {
        last = Math.max(last, Number(SEGMENT.exec(name)![1]));
        replaySegment(path.join(dir, name), await readFile(path.join(dir, name), 'utf8'), recovered);
      }
    } catch (error) {
      if (error instanceof StorageCorruptFileError) throw error;
      throw new StorageIoError('read the journal in', dir, { cause: error });
    }
    const sequence = last + 1;
    return { journal: new Journal(dir, sequence, openSegment(dir, sequence)), recovered };
  }

  /** The sequence number of the segment appends go to. */
  get sequence(): number {
    return this.#sequence;
  }

  /** Bytes appended to the current segment. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Appends one batch of changes as one line. Synchronous: the line is in the file (the operating system's cache, as
   * any write) when it returns, and lines never interleave.
   *
   * @throws {StorageIoError} when the file system refuses it (disk full); then nothing of the batch counts.
   */
  append(changes: ReadonlyArray<readonly [key: string, entry: JournalEntry]>): void {
    this.#writeLines([lineOf(changes)]);
  }

  /**
   * Appends one batch of changes as one line, together with the batches of other writers that arrive before the
   * event loop turns (one system call for all of them: under load, many conversations save at once). Resolves when
   * the line is in the file, as {@link append} returns.
   *
   * @throws {StorageIoError} when the file system refuses the group; then nothing of any batch in it counts.
   */
  appendSoon(changes: ReadonlyArray<readonly [key: string, entry: JournalEntry]>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queued.push({ line: lineOf(changes), resolve, reject });
      if (this.#queued.length === 1) setImmediate(() => this.#writeQueued());
    });
  }

  #queued: Array<{ line: string; resolve: () => void; reject: (error: unknown) => void }> = [];

  #writeQueued(): void {
    const group = this.#queued;
    this.#queued = [];
    try {
      this.#writeLines(group.map((queued) => queued.line));
    } catch (error) {
      for (const queued of group) queued.reject(error);
      return;
    }
    for (const queued of group) queued.resolve();
  }

  /**
   * Writes whole lines at the end of the current segment. If the file system refuses part of it, the segment is cut
   * back to where it was, so that no line of a refused batch is replayed later.
   */
  #writeLines(lines: string[]): void {
    const buffer = Buffer.from(lines.join(''), 'utf8');
    const before = this.#bytes;
    try {
      if (this.#broken) throw this.#broken;
      let written = 0;
      while (written < buffer.length) written += writeSync(this.#fd, buffer, written);
    } catch (error) {
      try {
        if (!this.#broken) ftruncateSync(this.#fd, this.#start + before);
      } catch (truncateError) {
        // The segment may now end with refused lines: refuse everything from now on rather than let them count.
        this.#broken = truncateError;
      }
      throw new StorageIoError('append to', this.#segmentFile(this.#sequence), { cause: error });
    }
    this.#bytes += buffer.length;
  }

  /** Starts a new segment; returns its sequence number. Everything appended before is in the older segments. */
  rotate(): number {
    const next = this.#sequence + 1;
    const fd = openSegment(this.dir, next);
    closeSync(this.#fd);
    this.#fd = fd;
    this.#sequence = next;
    this.#bytes = 0;
    this.#start = fstatSync(fd).size;
    return next;
  }

  /** Removes the segments older than `sequence` (once their changes are in item files). */
  async removeSegmentsBefore(sequence: number): Promise<void> {
    for (const name of await readdir(this.dir)) {
      const match = SEGMENT.exec(name);
      if (match && Number(match[1]) < sequence) await rm(path.join(this.dir, name), { force: true });
    }
  }

  close(): void {
    closeSync(this.#fd);
  }

  #segmentFile(sequence: number): string {
    return path.join(this.dir, segmentName(sequence));
  }
}

/** One batch as one journal line: `{"b":[...]}` and a newline. */
function lineOf(changes: ReadonlyArray<readonly [key: string, entry: JournalEntry]>): string {
  const parts = changes.map(([key, entry]) =>
    entry === null ? `{"k":${JSON.stringify(key)},"d":1}` : `{"k":${JSON.stringify(key)},"e":${JSON.stringify(entry.eTag)},"v":${entry.valueJson}}`,
  );
  return `{"b":[${parts.join(',')}]}\n`;
}

function segmentName(sequence: number): string {
  return `${String(sequence).padStart(12, '0')}.log`;
}

function openSegment(dir: string, sequence: number): number {
  const file = path.join(dir, segmentName(sequence));
  try {
    return openSync(file, 'a');
  } catch (error) {
    throw new StorageIoError('create the journal segment', file, { cause: error });
  }
}

function replaySegment(file: string, text: string, into: Map<string, JournalEntry>): void {
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line === '') return;
    let batch: unknown;
    try {
      batch = JSON.parse(line);
    } catch (error) {
      // A process killed while appending leaves an incomplete last line: that batch never happened.
      if (index === lines.length - 1) return;
      throw new StorageCorruptFileError(file, `line ${index + 1} is not valid JSON`, { cause: error });
    }
    const changes = (batch as { b?: unknown }).b;
    if (!Array.isArray(changes)) throw new StorageCorruptFileError(file, `line ${index + 1} holds no batch`);
    for (const change of changes as Array<{ k?: unknown; e?: unknown; v?: unknown; d?: unknown }>) {
      if (typeof change.k !== 'string') throw new StorageCorruptFileError(file, `line ${index + 1} has a change without a key`);
      if (change.d === 1) {
        into.set(change.k, null);
      } else if (typeof change.e === 'string' && typeof change.v === 'object' && change.v !== null && !Array.isArray(change.v)) {
        into.set(change.k, { eTag: change.e, valueJson: JSON.stringify(change.v) });
      } else {
        throw new StorageCorruptFileError(file, `line ${index + 1} has a change of the wrong shape`);
      }
    }
  });
}
