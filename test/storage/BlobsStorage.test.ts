import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import type { Storage, StoreItem } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { ConfigError, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { AzureBlobsStorage, BlobsNotReadyError, KEY_METADATA } from '../../src/storage/AzureBlobsStorage';
import { blobNameForKey, blobNamePrefixFor, keyFromBlobName } from '../../src/storage/blobNames';
import { StorageConflictError } from '../../src/storage/errors';
import { LowdbStorage } from '../../src/storage/LowdbStorage';
import { openConfiguredStorage } from '../../src/storage/openStorage';
import { startAzurite, uniqueContainer, type Azurite } from '../helpers/azurite';
import { CRAZY_KEY, MULTILINGUAL_TEXT, runStorageContract } from './storageContract';

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

function newStorage(container = uniqueContainer('contract')): AzureBlobsStorage {
  return new AzureBlobsStorage({ connectionString: azurite.connectionString, container });
}

function containerClient(container: string): ContainerClient {
  return new ContainerClient(azurite.connectionString, container);
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys.sort();
}

// Blob Storage has no multi-blob transaction: a stale eTag rejects its own item only, the batch's other items are
// written. AzureBlobsStorage sets the new eTag on the written object (plain BlobsStorage does not, see below).
runStorageContract('AzureBlobsStorage (BlobsStorage on Azurite)', async () => ({ storage: newStorage() }), {
  atomicBatches: false,
  setsETagOnWrittenObjects: true,
});

describe('AzureBlobsStorage', () => {
  it('rejects a stale eTag with a typed StorageConflictError that names no key, and still writes the batch’s other items', async () => {
    const storage = newStorage();
    await storage.write({ 'webchat/conversations/secret-id/': { v: 1 } });
    const stale = (await storage.read(['webchat/conversations/secret-id/']))['webchat/conversations/secret-id/'] as StoreItem;
    await storage.write({ 'webchat/conversations/secret-id/': { v: 2 } });

    const error = await storage
      .write({ 'webchat/conversations/secret-id/': { ...stale, v: 3 }, other: { v: 'written' } })
      .then(() => undefined, (e: unknown) => e);

    expect(error).toBeInstanceOf(StorageConflictError);
    expect(error).toMatchObject({ conflictCount: 1, batchSize: 2 });
    expect((error as Error).message).not.toContain('secret-id');
    expect((error as Error).message).toContain('were written');
    expect(await storage.read(['webchat/conversations/secret-id/', 'other'])).toMatchObject({
      'webchat/conversations/secret-id/': { v: 2 },
      other: { v: 'written' },
    });
  });

  it('creates a missing item whatever eTag it carries, but only once: a second creator with a made-up eTag conflicts', async () => {
    const storage = newStorage();
    await storage.write({ fresh: { by: 'first', eTag: 'never-stored' } });
    await expect(storage.write({ fresh: { by: 'second', eTag: 'never-stored' } })).rejects.toBeInstanceOf(StorageConflictError);
    expect((await storage.read(['fresh']))['fresh']).toMatchObject({ by: 'first' });
  });

  it('writes the same blobs as plain BlobsStorage: each reads what the other wrote', async () => {
    const container = uniqueContainer('compat');
    const ours = newStorage(container);
    const plain = new BlobsStorage(azurite.connectionString, container);
    await ours.write({ 'webchat/users/u1/': { profile: { language: 'ti' } } });
    await plain.write({ 'webchat/users/u2/': { profile: { language: 'uk' } } });

    expect((await plain.read(['webchat/users/u1/']))['webchat/users/u1/']).toMatchObject({ profile: { language: 'ti' } });
    expect((await ours.read(['webchat/users/u2/']))['webchat/users/u2/']).toMatchObject({ profile: { language: 'uk' } });

    const names: string[] = [];
    for await (const blob of containerClient(container).listBlobsFlat()) names.push(blob.name);
    expect(names.sort()).toEqual(['webchat%2Fusers%2Fu1', 'webchat%2Fusers%2Fu2']);
  });

  it('lists keys by prefix exactly, trailing slashes and crazy keys included, and forgets deleted ones', async () => {
    const container = uniqueContainer('keys');
    const storage = newStorage(container);
    const crazy = `webchat/conversations/b${CRAZY_KEY}/`;
    await storage.write({
      'webchat/conversations/a/': { x: 1 },
      [crazy]: { x: 2 },
      'webchat/conversationsX/c/': { x: 3 },
      'webchat/users/u/': { x: 4 },
      'handoff/tickets/1': { x: 5 },
    });
    // A blob written by plain BlobsStorage has no key in its metadata: it is listed under its decoded name.
    await new BlobsStorage(azurite.connectionString, container).write({ 'legacy/item/': { x: 6 } });
    await storage.ping(); // leaves no probe blob behind, and none is listed

    expect(await collect(storage.keys('webchat/conversations/'))).toEqual(['webchat/conversations/a/', crazy].sort());
    expect(await collect(storage.keys())).toEqual(
      ['webchat/conversations/a/', crazy, 'webchat/conversationsX/c/', 'webchat/users/u/', 'handoff/tickets/1', 'legacy/item'].sort(),
    );
    await storage.delete(['webchat/conversations/a/']);
    expect(await collect(storage.keys('webchat/conversations/'))).toEqual([crazy]);
  });

  it('keeps the exact key in the blob metadata, URI-encoded', async () => {
    const container = uniqueContainer('meta');
    const key = `webchat/conversations/${MULTILINGUAL_TEXT.tigrinya}/`;
    await newStorage(container).write({ [key]: { x: 1 } });
    const properties = await containerClient(container).getBlobClient(blobNameForKey(key)).getProperties();
    expect(properties.metadata?.[KEY_METADATA]).toBe(encodeURIComponent(key));
  });

  it('ping() proves the container answers, and fails with BlobsNotReadyError, in bounded time, when nothing listens', async () => {
    await expect(newStorage().ping()).resolves.toBeUndefined();

    const nowhere = azurite.connectionString.replace(`:${azurite.port}/`, ':1/');
    const unreachable = new AzureBlobsStorage({ connectionString: nowhere, container: 'unreachable', pingTimeoutMs: 3_000 });
    const started = Date.now();
    await expect(unreachable.ping()).rejects.toBeInstanceOf(BlobsNotReadyError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses bad container names and empty keys before any request', async () => {
    expect(() => new AzureBlobsStorage({ connectionString: azurite.connectionString, container: 'Bad_Name' })).toThrow(TypeError);
    expect(() => new AzureBlobsStorage({ connectionString: azurite.connectionString, container: 'a--b' })).toThrow(TypeError);
    await expect(newStorage().read([''])).rejects.toThrow(TypeError);
    await expect(newStorage().write({ '': { x: 1 } })).rejects.toThrow(TypeError);
  });
});

describe('STORAGE=azure-blobs', () => {
  it.each([
    [{}, /needs AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER/],
    [{ AZURE_STORAGE_CONTAINER: 'bot-state' }, /needs AZURE_STORAGE_CONNECTION_STRING\.$/],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }, /needs AZURE_STORAGE_CONTAINER\.$/],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', AZURE_STORAGE_CONTAINER: 'Bot_State' }, /AZURE_STORAGE_CONTAINER: a container name/],
  ])('refuses to start with %j', (env, message) => {
    expect(() => loadConfig({ STORAGE: 'azure-blobs', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE: 'azure-blobs', ...env })).toThrow(message);
  });

  it('opens the configured container, creating it, and never echoes the connection string in errors', async () => {
    const container = uniqueContainer('configured');
    const config = loadConfig({ STORAGE: 'azure-blobs', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: container });
    const storage = await openConfiguredStorage(config, createLogger('silent'));
    expect(storage).toBeInstanceOf(AzureBlobsStorage);
    expect(await containerClient(container).exists()).toBe(true);

    const wrongKey = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.from('not the key').toString('base64')}`);
    const refused = loadConfig({ STORAGE: 'azure-blobs', AZURE_STORAGE_CONNECTION_STRING: wrongKey, AZURE_STORAGE_CONTAINER: container });
    const error = await openConfiguredStorage(refused, createLogger('silent')).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/could not reach or create the container/);
    expect(error?.message).not.toContain('AccountKey');
  });
});

describe('blob names, as BlobsStorage makes them', () => {
  const longKey = `webchat/conversations/${'ሀ'.repeat(400)}/`;
  const manySegments = Array.from({ length: 300 }, (_, i) => `s${i}`).join('/');

  it.each([
    ['webchat/conversations/abc/'],
    ['webchat/users/u/'],
    ['a//b'],
    ['/leading'],
    ['//double-leading'],
    [CRAZY_KEY],
    [`conversation/${MULTILINGUAL_TEXT.tigrinya}/${MULTILINGUAL_TEXT.emoji}`],
    [longKey],
    [manySegments],
  ])('blobNameForKey(%j) is sanitizeBlobKey’s name', (key) => {
    expect(blobNameForKey(key)).toBe(sanitizeBlobKey(key));
  });

  it('is lossy in the ways AzureBlobsStorage documents: a trailing or doubled slash is dropped, and long names are cut', () => {
    expect(blobNameForKey('a/b/')).toBe(blobNameForKey('a/b'));
    expect(blobNameForKey('a//b')).toBe(blobNameForKey('a/b'));
    expect(blobNameForKey(longKey)).toHaveLength(1024);
    expect(keyFromBlobName(blobNameForKey('webchat/users/u/'))).toBe('webchat/users/u');
    expect(keyFromBlobName('.readyz-probe/x')).toBeUndefined();
  });

  it.each([
    ['webchat/conversations/', 'webchat%2Fconversations'],
    ['webchat', 'webchat'],
    ['', ''],
    ['a//b', ''],
    ['/a', ''],
  ])('the listing prefix for %j is %j', (prefix, expected) => {
    expect(blobNamePrefixFor(prefix)).toBe(expected);
  });
});

describe('plain BlobsStorage (botbuilder-azure-blobs 4.23.3) on Azurite: what AzureBlobsStorage works around', () => {
  let plain: BlobsStorage;
  beforeEach(() => {
    plain = new BlobsStorage(azurite.connectionString, uniqueContainer('plain'));
  });

  it('does not set the new eTag on the written object', async () => {
    const item: StoreItem = { count: 1 };
    await plain.write({ item });
    expect(item.eTag).toBeUndefined();
  });

  it('fails to create a missing item that carries an eTag, as if it were a conflict', async () => {
    await expect(plain.write({ brandNew: { count: 1, eTag: 'some-old-etag' } })).rejects.toThrow(/eTag conflict/);
  });

  it('throws a plain Error that quotes the key on a stale eTag, possibly before the batch’s other items are written, and writes them', async () => {
    await plain.write({ 'webchat/conversations/secret-id/': { v: 1 } });
    const stale = (await plain.read(['webchat/conversations/secret-id/']))['webchat/conversations/secret-id/'] as StoreItem;
    await plain.write({ 'webchat/conversations/secret-id/': { v: 2 } });

    const error = await plain
      .write({ 'webchat/conversations/secret-id/': { ...stale, v: 3 }, other: { v: 'written' } })
      .then(() => undefined, (e: unknown) => e);

    expect(error).not.toBeInstanceOf(StorageConflictError);
    expect((error as Error).message).toContain('secret-id');
    // p-map rejects at the first failure while the other uploads are still in flight: wait for them (at most 5 s).
    let other: StoreItem | undefined;
    for (const deadline = Date.now() + 5_000; other === undefined && Date.now() < deadline; ) {
      other = (await plain.read(['other']))['other'];
      if (other === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(other).toMatchObject({ v: 'written' });
  });

  it('validates with zod: missing keys are not a ReferenceError', async () => {
    await expect(plain.read(null as unknown as string[])).rejects.not.toBeInstanceOf(ReferenceError);
  });

  it('stores keys that differ only in a trailing slash in one blob', async () => {
    await plain.write({ 'a/b/': { which: 'with slash' } });
    expect((await plain.read(['a/b']))['a/b']).toMatchObject({ which: 'with slash' });
  });
});

interface BytesSubject {
  storage: Storage;
  rawBytes: (key: string) => Promise<Buffer>;
  done: () => Promise<void>;
}

describe.each<[string, 'blob' | 'lowdb file', () => Promise<BytesSubject>]>([
  [
    'AzureBlobsStorage',
    'blob',
    async () => {
      const container = uniqueContainer('bytes');
      return {
        storage: newStorage(container),
        rawBytes: (key) => containerClient(container).getBlobClient(blobNameForKey(key)).downloadToBuffer(),
        done: async () => undefined,
      };
    },
  ],
  [
    'plain BlobsStorage',
    'blob',
    async () => {
      const container = uniqueContainer('bytes-plain');
      return {
        storage: new BlobsStorage(azurite.connectionString, container),
        rawBytes: (key) => containerClient(container).getBlobClient(blobNameForKey(key)).downloadToBuffer(),
        done: async () => undefined,
      };
    },
  ],
  [
    'LowdbStorage',
    'lowdb file',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'bytes-'));
      const storage = await LowdbStorage.open({ dir });
      return {
        storage,
        // The item file, once the journal has been copied into it.
        rawBytes: async (key) => {
          await storage.flush();
          return readFile(storage.fileForKey(key));
        },
        done: async () => {
          await storage.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
])('%s keeps Arabic, Tigrinya, Ukrainian and 4-byte emoji text byte for byte', (_name, layout, make) => {
  it('stores the UTF-8 bytes of every text in full, and reads back identical strings', async () => {
    const { storage, rawBytes, done } = await make();
    try {
      const key = 'webchat/conversations/multilingual/';
      const value = { texts: { ...MULTILINGUAL_TEXT }, [MULTILINGUAL_TEXT.arabic]: 'key in Arabic' };
      await storage.write({ [key]: { ...value } });

      const bytes = await rawBytes(key);
      for (const text of Object.values(MULTILINGUAL_TEXT)) {
        const encoded = Buffer.from(text, 'utf8');
        expect(encoded.byteLength).toBeGreaterThan(text.length); // so a characters-for-bytes mix-up would show
        expect(bytes.indexOf(encoded)).toBeGreaterThanOrEqual(0);
      }
      // The stored document ends where its JSON ends: nothing cut, nothing padded.
      const stored = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      if (layout === 'lowdb file') {
        expect(stored['value']).toEqual(value);
      } else {
        expect(bytes.equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
      }

      const read = (await storage.read([key]))[key] as Record<string, unknown>;
      const texts = read['texts'] as Record<string, string>;
      for (const [name, text] of Object.entries(MULTILINGUAL_TEXT)) {
        expect(Buffer.from(texts[name] ?? '', 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
      }
      expect(read[MULTILINGUAL_TEXT.arabic]).toBe('key in Arabic');
    } finally {
      await done();
    }
  });
});
