import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConversationState, TestAdapter, type StoreItem, type TurnContext } from 'botbuilder';
import { Journal } from '../../src/storage/Journal';
import { LowdbStorage, StoredItemFileSchema } from '../../src/storage/LowdbStorage';
import {
  DataDirLockedError,
  StorageConflictError,
  StorageCorruptFileError,
  StorageError,
  StorageNotOpenError,
  StorageNotReadyError,
} from '../../src/storage/errors';
import { CRAZY_KEY, runStorageContract } from './storageContract';

const FIXTURES = path.join(__dirname, 'fixtures');

const tempDirs: string[] = [];
const openStorages: LowdbStorage[] = [];
const children: ChildProcess[] = [];

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lowdb-storage-test-'));
  tempDirs.push(dir);
  return dir;
}

async function openStorage(dir: string): Promise<LowdbStorage> {
  const storage = await LowdbStorage.open({ dir });
  openStorages.push(storage);
  return storage;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await Promise.all(openStorages.splice(0).map((storage) => storage.close().catch(() => undefined)));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

runStorageContract(
  'LowdbStorage',
  async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    return { storage, dispose: () => storage.close() };
  },
  { atomicBatches: true, setsETagOnWrittenObjects: true },
);

// ---------------------------------------------------------------------------------------------------------------------
// Helpers for files and child processes

/** Every regular file under `dir`, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** inode + mtime + size of every file: a rename-based write gives the file a new inode. */
async function fingerprint(dir: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    const info = await stat(path.join(dir, file), { bigint: true });
    result.set(file, `${info.ino}:${info.mtimeNs}:${info.size}`);
  }
  return result;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

interface ChildRun {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout line that satisfies `predicate` (rejects after `timeoutMs`). */
  waitForLine(predicate: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Every complete stdout line so far. */
  lines(): string[];
}

function runFixture(script: string, args: string[]): ChildRun {
  const child = spawn(process.execPath, [path.join(FIXTURES, script), ...args], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  const waitForLine = (predicate: (line: string) => boolean, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`child gave no matching line in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      const check = () => {
        const line = stdout.split('\n').find((candidate) => candidate !== '' && predicate(candidate));
        if (line !== undefined) finish(undefined, line);
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(new Error(`child exited (${child.exitCode ?? child.signalCode}) without a matching line; stderr: ${stderr}`));
        }
      };
      const finish = (error?: Error, line?: string) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve(line as string);
      };
      listeners.add(check);
      check();
    });
  return { child, exited, waitForLine, lines: () => stdout.split('\n').slice(0, -1) };
}

/** The item files (journal segments and LOCK left out). */
async function listItemFiles(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((file) => file.startsWith(`items${path.sep}`));
}

/** A pid that surely belongs to no running process: that of a child that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const run = runFixture('exit-now.js', []);
  const pid = run.child.pid;
  await run.exited;
  if (pid === undefined) throw new Error('could not start a child process');
  return pid;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------------

describe('LowdbStorage files on disk', () => {
  test('stores each key in items/<first two hex chars>/<sha256 of key>.json holding { key, eTag, value }', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);

    await storage.write({ [CRAZY_KEY]: { step: 2, name: 'Oksana' } });
    await storage.flush();

    const hash = sha256(CRAZY_KEY);
    const file = path.join(dir, 'items', hash.slice(0, 2), `${hash}.json`);
    expect(storage.fileForKey(CRAZY_KEY)).toBe(file);
    const content = StoredItemFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    expect(content).toEqual({ key: CRAZY_KEY, eTag: expect.any(String), value: { step: 2, name: 'Oksana' } });
    expect(await listItemFiles(dir)).toEqual([path.join('items', hash.slice(0, 2), `${hash}.json`)]);
  });

  test('a write changes only the file of its own key, however many keys are stored', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    const STORED = 2000;
    for (let start = 0; start < STORED; start += 250) {
      const batch: Record<string, StoreItem> = {};
      for (let i = start; i < start + 250; i++) batch[`test/conversations/conv-${i}`] = { dialogState: { i } };
      await storage.write(batch);
    }
    await storage.flush();
    const items = async () => new Map([...(await fingerprint(dir))].filter(([file]) => file.startsWith('items')));
    const before = await items();
    expect(before.size).toBe(STORED); // one file per key

    await storage.write({ 'test/conversations/conv-1234': { dialogState: { i: 'updated' } } });
    await storage.flush();
    const afterUpdate = await items();
    await storage.write({ 'test/conversations/new-one': { dialogState: { i: 'new' } } });
    await storage.flush();
    const afterCreate = await items();
    await storage.read(['test/conversations/conv-7', 'test/conversations/new-one']);
    await storage.flush();
    const afterRead = await items();

    const relative = (key: string) => path.relative(dir, storage.fileForKey(key));
    expect(changedFiles(before, afterUpdate)).toEqual([relative('test/conversations/conv-1234')]);
    expect(changedFiles(afterUpdate, afterCreate)).toEqual([relative('test/conversations/new-one')]);
    expect(changedFiles(afterCreate, afterRead)).toEqual([]);
  });

  test('recent items are read from memory: a file changed by hand shows after the storage is opened again', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await storage.write({ k: { v: 'before' } });
    await storage.flush();
    const file = storage.fileForKey('k');
    await writeFile(file, JSON.stringify({ key: 'k', eTag: 'edited', value: { v: 'edited by hand' } }));

    expect((await storage.read(['k']))['k']).toMatchObject({ v: 'before' });
    await storage.close();
    const reopened = await openStorage(dir);
    expect((await reopened.read(['k']))['k']).toEqual({ v: 'edited by hand', eTag: 'edited' });
  });

  test('with cacheItems: 0 every read goes to the file', async () => {
    const dir = await makeTempDir();
    const storage = await LowdbStorage.open({ dir, cacheItems: 0 });
    openStorages.push(storage);
    await storage.write({ k: { v: 'before' } });
    await storage.flush();
    await writeFile(storage.fileForKey('k'), JSON.stringify({ key: 'k', eTag: 'edited', value: { v: 'edited by hand' } }));

    expect((await storage.read(['k']))['k']).toEqual({ v: 'edited by hand', eTag: 'edited' });
  });

  test('the cache keeps only the most recently used items', async () => {
    const dir = await makeTempDir();
    const storage = await LowdbStorage.open({ dir, cacheItems: 2 });
    openStorages.push(storage);
    await storage.write({ a: { v: 'a' } });
    await storage.write({ b: { v: 'b' } });
    await storage.read(['a']);
    await storage.write({ c: { v: 'c' } });
    await storage.flush();
    // b was used least recently: it left the cache, so its file is read again.
    for (const key of ['a', 'b']) {
      await writeFile(storage.fileForKey(key), JSON.stringify({ key, eTag: 'edited', value: { v: `${key} edited` } }));
    }

    const read = await storage.read(['a', 'b', 'c']);
    expect(read).toEqual({ a: expect.objectContaining({ v: 'a' }), b: { v: 'b edited', eTag: 'edited' }, c: expect.objectContaining({ v: 'c' }) });
  });

  test('every read hands out its own copy, from memory too', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await storage.write({ k: { list: [1, 2] } });
    const first = (await storage.read(['k']))['k'] as { list: number[] };
    first.list.push(3);

    expect(((await storage.read(['k']))['k'] as { list: number[] }).list).toEqual([1, 2]);
  });

  test('a read that was slower than a write of the same key never leaves the older item in memory', async () => {
    const dir = await makeTempDir();
    const seed = await openStorage(dir);
    await seed.write({ k: { v: 'old' } });
    await seed.close();
    const storage = await openStorage(dir);
    // The file read of the first read() takes its time: the write starts and finishes meanwhile.
    const fsPromises = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
    const realReadFile = fsPromises.readFile;
    let releaseRead!: () => void;
    const readHeld = new Promise<void>((resolve) => (releaseRead = resolve));
    const spy = jest.spyOn(fsPromises, 'readFile').mockImplementationOnce(async (...args: Parameters<typeof realReadFile>) => {
      const content = await realReadFile(...args);
      await readHeld;
      return content;
    });
    try {
      const slowRead = storage.read(['k']);
      await storage.write({ k: { v: 'new', eTag: '*' } });
      releaseRead();
      expect((await slowRead)['k']).toMatchObject({ v: 'old' });
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }

    expect((await storage.read(['k']))['k']).toMatchObject({ v: 'new' });
  });

  test('a deleted key reads as missing from memory, and a missing key that is written later reads back', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    expect(await storage.read(['later'])).toEqual({});
    await storage.write({ later: { v: 1 }, gone: { v: 2 } });
    await storage.delete(['gone']);

    expect(await storage.read(['later', 'gone'])).toEqual({ later: expect.objectContaining({ v: 1 }) });
  });
});

describe('LowdbStorage open and close', () => {
  test('data survives a close and re-open, like a restart', async () => {
    const dir = await makeTempDir();
    const first = await openStorage(dir);
    await first.write({ user: { language: 'ti', city: 'milan' } });
    const eTag = (await first.read(['user']))['user']?.eTag;
    await first.close();

    const second = await openStorage(dir);

    expect((await second.read(['user']))['user']).toEqual({ language: 'ti', city: 'milan', eTag });
  });

  test('a conversation continues where it stopped after the bot restarts', async () => {
    const dir = await makeTempDir();
    const askTwice = (storage: LowdbStorage) => async (context: TurnContext) => {
      const state = new ConversationState(storage);
      const answers = state.createProperty<string[]>('answers');
      const list = await answers.get(context, []);
      list.push(context.activity.text ?? '');
      await context.sendActivity(`answers so far: ${list.join(', ')}`);
      await state.saveChanges(context);
    };

    const before = await openStorage(dir);
    await new TestAdapter(askTwice(before)).send('one').assertReply('answers so far: one').startTest();
    await before.close();

    const after = await openStorage(dir);
    await new TestAdapter(askTwice(after)).send('two').assertReply('answers so far: one, two').startTest();
  });

  test('close waits for writes that are still running', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    const writes = Array.from({ length: 20 }, (_, i) => storage.write({ [`k${i}`]: { i } }));

    await storage.close();
    await Promise.all(writes);

    const reopened = await openStorage(dir);
    expect(Object.keys(await reopened.read(Array.from({ length: 20 }, (_, i) => `k${i}`)))).toHaveLength(20);
  });

  test('is unusable before open and after close, with a clear error', async () => {
    const dir = await makeTempDir();
    const storage = new LowdbStorage({ dir });
    await expect(storage.read(['k'])).rejects.toThrow(StorageNotOpenError);

    await storage.open();
    openStorages.push(storage);
    await storage.write({ k: { v: 1 } });
    await storage.close();

    await expect(storage.read(['k'])).rejects.toThrow(StorageNotOpenError);
    await expect(storage.write({ k: { v: 2 } })).rejects.toThrow(StorageNotOpenError);
    await expect(storage.delete(['k'])).rejects.toThrow(StorageNotOpenError);
  });

  test('creates a missing data directory', async () => {
    const dir = path.join(await makeTempDir(), 'nested', 'state');
    const storage = await openStorage(dir);
    await storage.write({ k: { v: 1 } });
    expect((await storage.read(['k']))['k']).toMatchObject({ v: 1 });
  });
});

describe('LowdbStorage directory lock', () => {
  test('a second storage on the same directory is refused while the first is open, and opens after it closes', async () => {
    const dir = await makeTempDir();
    const first = await openStorage(dir);

    const second = new LowdbStorage({ dir });
    const refusal = await second.open().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as DataDirLockedError).message).toContain(dir);

    // The refused attempt must not have broken the first storage's lock.
    await expect(first.ping()).resolves.toBeUndefined();
    await first.close();

    await second.open();
    openStorages.push(second);
    await expect(second.ping()).resolves.toBeUndefined();
  });

  test('another process is refused with the pid of the owner and a hint, and gets in once the owner closes', async () => {
    const dir = await makeTempDir();
    const owner = await openStorage(dir);

    const refused = runFixture('open-storage.js', [dir]);
    const refusal = JSON.parse(await refused.waitForLine(() => true, 15000)) as Record<string, unknown>;
    expect(refusal).toMatchObject({ opened: false, name: 'DataDirLockedError', lockPid: process.pid });
    expect(refusal['message']).toContain(`another bot process (pid ${process.pid}) is using ${dir}`);
    expect(refusal['message']).toContain('STATE_DIR');
    expect(await owner.read(['written-by-child'])).toEqual({});

    await owner.close();
    const allowed = runFixture('open-storage.js', [dir]);
    expect(JSON.parse(await allowed.waitForLine(() => true, 15000))).toMatchObject({ opened: true });
    await allowed.exited;
    const reopened = await openStorage(dir);
    expect((await reopened.read(['written-by-child']))['written-by-child']).toEqual({
      pid: allowed.child.pid,
      eTag: expect.any(String),
    });
  });

  test('a lock left by a process that no longer runs is taken over', async () => {
    const dir = await makeTempDir();
    const pid = await deadPid();
    await writeFile(path.join(dir, 'LOCK'), `${pid}\n`);

    const storage = await openStorage(dir);

    expect((await readFile(path.join(dir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  test('a lock holding this process’s own pid that this process did not take is stale (container restart)', async () => {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, 'LOCK'), `${process.pid}\n`);

    await expect(openStorage(dir)).resolves.toBeInstanceOf(LowdbStorage);
  });

  test('an empty or garbled lock file (owner killed while creating it) is taken over', async () => {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, 'LOCK'), '');

    const storage = await openStorage(dir);

    await storage.write({ k: { v: 1 } });
    expect((await readFile(path.join(dir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
  });

  test('close releases the lock file', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    expect(await listFiles(dir)).toContain('LOCK');

    await storage.close();

    expect(await listFiles(dir)).not.toContain('LOCK');
  });
});

describe('LowdbStorage ping', () => {
  test('succeeds on an open storage and leaves no probe file behind', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);

    await expect(storage.ping()).resolves.toBeUndefined();

    expect((await listFiles(dir)).filter((file) => !file.startsWith('journal'))).toEqual(['LOCK']);
  });

  test('fails when the storage is closed', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await storage.close();

    await expect(storage.ping()).rejects.toThrow(StorageNotReadyError);
  });

  test('fails when the lock file was deleted by hand, because another process could now take the directory', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await rm(path.join(dir, 'LOCK'));

    await expect(storage.ping()).rejects.toThrow(/lock file .* was removed or replaced/);
  });

  test('fails when the data directory is gone', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await rm(path.join(dir, 'items'), { recursive: true });

    await expect(storage.ping()).rejects.toThrow(StorageNotReadyError);
  });
});

describe('LowdbStorage corrupt files', () => {
  test('a file that is not JSON gives a typed error naming the file; other keys still work; delete recovers', async () => {
    const dir = await makeTempDir();
    const writer = await openStorage(dir);
    await writer.write({ broken: { v: 1 }, fine: { v: 2 } });
    const file = writer.fileForKey('broken');
    await writer.close();
    // A file damaged while the bot was not running (a full disk, a bad copy).
    await writeFile(file, '{"key":"broken","eTag":"x","value":{"v":');
    const storage = await openStorage(dir);

    const error = await storage.read(['broken']).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(StorageCorruptFileError);
    expect((error as StorageCorruptFileError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect((await storage.read(['fine']))['fine']).toMatchObject({ v: 2 });

    await storage.delete(['broken']);
    expect(await storage.read(['broken'])).toEqual({});
  });

  test('valid JSON of the wrong shape is rejected too, naming what is wrong but not the stored data', async () => {
    const dir = await makeTempDir();
    const writer = await openStorage(dir);
    const file = writer.fileForKey('k');
    await writer.write({ k: { v: 1 } });
    await writer.close();
    await writeFile(file, JSON.stringify({ key: 'k', value: 'secret-user-text' }));
    const storage = await openStorage(dir);

    const error = await storage.read(['k']).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageCorruptFileError);
    expect((error as Error).message).toMatch(/eTag/);
    expect((error as Error).message).not.toContain('secret-user-text');
  });

  test('a file holding another key than its name says is rejected', async () => {
    const dir = await makeTempDir();
    const writer = await openStorage(dir);
    await writer.write({ a: { v: 'a' } });
    await writer.close();
    // Copied by hand while the bot was not running (the folder is the storage's alone while it is open).
    await mkdir(path.dirname(writer.fileForKey('b')), { recursive: true });
    await writeFile(writer.fileForKey('b'), await readFile(writer.fileForKey('a'), 'utf8'));
    const storage = await openStorage(dir);
    await storage.whenIndexed();

    await expect(storage.read(['b'])).rejects.toThrow(StorageCorruptFileError);
  });

  test('a write with an eTag to a corrupt file is refused rather than guessing; a * write repairs it', async () => {
    const dir = await makeTempDir();
    const writer = await openStorage(dir);
    await writer.write({ k: { v: 1 } });
    await writer.close();
    await writeFile(writer.fileForKey('k'), 'not json');
    const storage = await openStorage(dir);

    await expect(storage.write({ k: { v: 2, eTag: 'some-etag' } })).rejects.toThrow(StorageCorruptFileError);
    await storage.write({ k: { v: 3, eTag: '*' } });

    expect((await storage.read(['k']))['k']).toMatchObject({ v: 3 });
  });
});

describe('LowdbStorage concurrency', () => {
  test('of many parallel writes carrying the same read eTag, exactly one succeeds and the others conflict', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await storage.write({ counter: { value: 0 } });
    const read = (await storage.read(['counter']))['counter'] as StoreItem;

    const WRITERS = 25;
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) => storage.write({ counter: { ...read, value: i + 1 } })),
    );

    const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i + 1] : []));
    const losers = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(WRITERS - 1);
    for (const loser of losers) {
      expect(loser).toBeInstanceOf(StorageConflictError);
      expect((loser as StorageConflictError).conflictCount).toBe(1);
    }
    expect((await storage.read(['counter']))['counter']).toMatchObject({ value: winners[0] });
  });

  test('the conflict error counts the stale items and never shows keys or data', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await storage.write({ 'user-secret-key': { text: 'private words' } });
    const stale = (await storage.read(['user-secret-key']))['user-secret-key'] as StoreItem;
    await storage.write({ 'user-secret-key': { text: 'newer' } });

    const error = await storage.write({ 'user-secret-key': stale, other: { text: 'x' } }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageConflictError);
    expect(error).toMatchObject({ conflictCount: 1, batchSize: 2 });
    expect((error as Error).message).toContain('1 of 2');
    expect((error as Error).message).not.toMatch(/user-secret-key|private words/);
  });

  test('parallel * writes to one key are serialised: all succeed, the last one wins, no temp file is left', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    const WRITES = 40;
    const items = Array.from({ length: WRITES }, (_, i): StoreItem => ({ i, eTag: '*', pad: 'x'.repeat(20000) }));

    await Promise.all(items.map((item) => storage.write({ same: item })));

    const stored = (await storage.read(['same']))['same'];
    expect(stored).toMatchObject({ i: WRITES - 1 });
    expect(stored?.eTag).toBe(items[WRITES - 1]?.eTag);
    expect(new Set(items.map((item) => item.eTag)).size).toBe(WRITES); // every write got its own eTag
    expect((await listFiles(dir)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});

describe('LowdbStorage crash safety', () => {
  test('after kill -9 in the middle of writing, every file parses and the storage opens and reads', async () => {
    const dir = await makeTempDir();
    const ROUNDS = 6;
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const writer = runFixture('write-loop.js', [dir, '10000']);
      await writer.waitForLine((line) => line === 'writing', 15000);
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 40));
      writer.child.kill('SIGKILL');
      expect(await writer.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const acked = writer.lines().filter((line) => line.startsWith('acked ')).map((line) => Number(line.slice(6)));
      acknowledged = Math.max(0, ...acked);

      for (const file of (await listFiles(dir)).filter((name) => name.endsWith('.json'))) {
        const parsed = StoredItemFileSchema.safeParse(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
        expect(parsed.success).toBe(true);
      }
    }

    // The dead writer's lock is stale, so the storage opens; leftover temp files are cleaned up.
    const storage = await openStorage(dir);
    const files = await listFiles(dir);
    expect(files.filter((file) => file.endsWith('.tmp') || file.includes('stale'))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.json'))).toHaveLength(8);
    const keys = Array.from({ length: 8 }, (_, k) => `key-${k}`);
    const items = await storage.read(keys);
    expect(Object.keys(items).sort()).toEqual(keys);
    for (const key of keys) {
      // Nothing the last writer was told is written was lost (it may have written one more batch).
      expect(items[key]?.['round']).toBeGreaterThanOrEqual(acknowledged);
      expect((items[key]?.['filler'] as string).length).toBe('ሰላም 🎓 Привіт مرحبا '.length * 8000);
    }
    await storage.write({ 'key-0': { round: 'after crash' } });
    expect((await storage.read(['key-0']))['key-0']).toMatchObject({ round: 'after crash' });
  });
});

describe('LowdbStorage journal', () => {
  test('batches appended in the same moment go out together, each still its own line, in order, and all replay', async () => {
    const dir = await makeTempDir();
    const opened = await Journal.open(dir);
    const journal = opened.journal;
    await Promise.all([
      journal.appendSoon([['a', { eTag: 'e1', valueJson: '{"v":1}' }]]),
      journal.appendSoon([['b', { eTag: 'e2', valueJson: '{"v":"ж ✓ 😀"}' }], ['c', null]]),
      journal.appendSoon([['a', { eTag: 'e3', valueJson: '{"v":3}' }]]),
    ]);
    journal.append([['d', { eTag: 'e4', valueJson: '{"v":4}' }]]);
    journal.close();

    const [segment] = (await readdir(path.join(dir, 'journal'))).filter((name) => name.endsWith('.log'));
    const lines = (await readFile(path.join(dir, 'journal', segment!), 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    const replayed = await Journal.open(dir);
    replayed.journal.close();
    expect(Object.fromEntries(replayed.recovered)).toEqual({
      a: { eTag: 'e3', valueJson: '{"v":3}' },
      b: { eTag: 'e2', valueJson: '{"v":"ж ✓ 😀"}' },
      c: null,
      d: { eTag: 'e4', valueJson: '{"v":4}' },
    });
  });

  test('a write is appended to the journal and copied into its item file by the next checkpoint', async () => {
    const dir = await makeTempDir();
    const storage = await LowdbStorage.open({ dir, checkpointMs: 50 });
    openStorages.push(storage);
    await storage.write({ k: { v: 'journaled' } });
    const journalText = async () =>
      (await Promise.all((await listFiles(dir)).filter((f) => f.startsWith('journal')).map((f) => readFile(path.join(dir, f), 'utf8')))).join('');

    expect(await journalText()).toContain('journaled');
    for (let i = 0; i < 100 && !(await listItemFiles(dir)).length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(JSON.parse(await readFile(storage.fileForKey('k'), 'utf8'))).toMatchObject({ key: 'k', value: { v: 'journaled' } });
    // Copied segments are removed.
    expect(await journalText()).not.toContain('journaled');
  });

  test('once delete() resolves, nothing of the item is left on the disk, journal included', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    await storage.write({ person: { name: 'Secret-Name-4711' }, other: { v: 1 } });
    await storage.flush();
    await storage.write({ person: { name: 'Secret-Name-4711', step: 2 } });

    await storage.delete(['person']);

    for (const file of await listFiles(dir)) expect(await readFile(path.join(dir, file), 'utf8')).not.toContain('Secret-Name-4711');
    expect(await storage.read(['person', 'other'])).toEqual({ other: expect.objectContaining({ v: 1 }) });
  });

  test('a batch cut off by a crash is ignored; an unreadable line before the end stops the storage from opening', async () => {
    const dir = await makeTempDir();
    await mkdir(path.join(dir, 'journal'), { recursive: true });
    const whole = '{"b":[{"k":"a","e":"e1","v":{"v":1}},{"k":"b","e":"e2","v":{"v":2}}]}\n';
    await writeFile(path.join(dir, 'journal', '000000000001.log'), `${whole}{"b":[{"k":"a","e":"e3","v":{"v":"cut`);
    const storage = await openStorage(dir);
    expect(await storage.read(['a', 'b'])).toEqual({ a: { v: 1, eTag: 'e1' }, b: { v: 2, eTag: 'e2' } });
    await storage.close();

    const broken = await makeTempDir();
    await mkdir(path.join(broken, 'journal'), { recursive: true });
    const segment = path.join(broken, 'journal', '000000000001.log');
    await writeFile(segment, `{"b":[{"k":"a"\n${whole}`);
    const error = await openStorage(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageCorruptFileError);
    expect((error as StorageCorruptFileError).file).toBe(segment);
    // The lock was given back: after a repair, the storage opens.
    await writeFile(segment, whole);
    await expect(openStorage(broken)).resolves.toBeInstanceOf(LowdbStorage);
  });

  test('when changes cannot be copied into item files, ping says so; the data stays readable and a repair recovers', async () => {
    const dir = await makeTempDir();
    const storage = await openStorage(dir);
    const subdir = path.dirname(storage.fileForKey('k'));
    await writeFile(subdir, 'a file where a folder should be');

    await storage.write({ k: { v: 'kept' } });
    await expect(storage.flush()).rejects.toThrow(StorageError);
    await expect(storage.ping()).rejects.toThrow(/journal cannot be copied/);
    expect((await storage.read(['k']))['k']).toMatchObject({ v: 'kept' });

    await rm(subdir);
    await storage.flush();
    await expect(storage.ping()).resolves.toBeUndefined();
    expect(JSON.parse(await readFile(storage.fileForKey('k'), 'utf8'))).toMatchObject({ value: { v: 'kept' } });
  });
});

describe('LowdbStorage index of item files', () => {
  test('a key never stored is answered without opening a file once the folders are listed; stored ones are still found', async () => {
    const dir = await makeTempDir();
    const first = await openStorage(dir);
    await first.write({ 'webchat/conversations/old/': { step: 1 }, 'webchat/users/old/': { language: 'uk' } });
    await first.close();

    const storage = await openStorage(dir);
    await storage.whenIndexed();
    expect(storage.stats.indexComplete).toBe(true);
    const before = storage.stats.fileReads;
    // Every new conversation asks for its state, its person and its handoff record: none of them exists.
    expect(await storage.read(['webchat/conversations/new-1/', 'webchat/users/new-1/', 'handoff/conversations/new-1'])).toEqual({});
    expect(storage.stats.fileReads).toBe(before);

    // What an earlier run stored is read from its file.
    expect(await storage.read(['webchat/conversations/old/', 'webchat/users/old/'])).toEqual({
      'webchat/conversations/old/': expect.objectContaining({ step: 1 }),
      'webchat/users/old/': expect.objectContaining({ language: 'uk' }),
    });
    expect(storage.stats.fileReads).toBe(before + 2);

    // Written now, found now and after a restart; deleted, gone.
    await storage.write({ 'webchat/conversations/new-1/': { step: 2 } });
    await storage.delete(['webchat/conversations/old/']);
    await storage.close();
    const again = await openStorage(dir);
    expect(await again.read(['webchat/conversations/new-1/', 'webchat/conversations/old/'])).toEqual({
      'webchat/conversations/new-1/': expect.objectContaining({ step: 2 }),
    });
    await again.whenIndexed();
    expect(await again.read(['webchat/users/old/'])).toEqual({ 'webchat/users/old/': expect.objectContaining({ language: 'uk' }) });
  });

  test('a key written while the folders are being listed is found', async () => {
    const dir = await makeTempDir();
    const first = await openStorage(dir);
    await first.write(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, { i }])));
    await first.close();

    const storage = await openStorage(dir);
    await storage.write({ during: { v: 'listing' } });
    await storage.flush();
    await storage.whenIndexed();
    // Out of the cache: only the index and the file can answer.
    const fresh = await openStorage2(dir, storage);
    expect(await fresh.read(['during', 'k299'])).toEqual({ during: expect.objectContaining({ v: 'listing' }), k299: expect.objectContaining({ i: 299 }) });
  });
});

/** Closes `open` and opens the folder again with an empty cache. */
async function openStorage2(dir: string, open: LowdbStorage): Promise<LowdbStorage> {
  await open.close();
  const storage = await openStorage(dir);
  await storage.whenIndexed();
  return storage;
}

describe('LowdbStorage argument errors', () => {
  test('bad constructor options are a TypeError', () => {
    expect(() => new LowdbStorage(undefined as unknown as { dir: string })).toThrow(TypeError);
    expect(() => new LowdbStorage({ dir: '' })).toThrow(TypeError);
  });

  test('keys that are not an array of strings are a TypeError, missing keys a ReferenceError', async () => {
    const storage = await openStorage(await makeTempDir());
    await expect(storage.read('k' as unknown as string[])).rejects.toThrow(TypeError);
    await expect(storage.read([1] as unknown as string[])).rejects.toThrow(TypeError);
    await expect(storage.delete(undefined as unknown as string[])).rejects.toThrow(ReferenceError);
    await expect(storage.delete('k' as unknown as string[])).rejects.toThrow(TypeError);
  });

  test('items that are not objects, or cannot become JSON, are a TypeError and nothing is written', async () => {
    const storage = await openStorage(await makeTempDir());
    const circular: StoreItem = { name: 'loop' };
    circular['self'] = circular;

    await expect(storage.write({ a: { v: 1 }, b: 5 as unknown as StoreItem })).rejects.toThrow(TypeError);
    await expect(storage.write({ a: { v: 1 }, c: circular })).rejects.toThrow(TypeError);

    expect(await storage.read(['a', 'b', 'c'])).toEqual({});
  });
});
