import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListableMemoryStorage, type ListableStorage } from '../../src/storage/ListableStorage';
import { LowdbStorage } from '../../src/storage/LowdbStorage';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys.sort();
}

describe.each<[string, () => Promise<{ storage: ListableStorage; done: () => Promise<void> }>]>([
  ['ListableMemoryStorage', async () => ({ storage: new ListableMemoryStorage(), done: async () => undefined })],
  [
    'LowdbStorage',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
      const storage = await LowdbStorage.open({ dir });
      return { storage, done: async () => { await storage.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
    },
  ],
])('%s lists keys by prefix', (_name, make) => {
  it('finds exactly the keys under the prefix, crazy keys included, and forgets deleted ones', async () => {
    const { storage, done } = await make();
    try {
      await storage.write({
        'webchat/conversations/a/': { x: 1 },
        'webchat/conversations/b!@#$%^&*()~/\\><,.?\';"`~/': { x: 2 },
        'webchat/users/u/': { x: 3 },
        'handoff/tickets/1': { x: 4 },
      });
      expect(await collect(storage.keys('webchat/conversations/'))).toEqual(
        ['webchat/conversations/a/', 'webchat/conversations/b!@#$%^&*()~/\\><,.?\';"`~/'].sort(),
      );
      expect(await collect(storage.keys())).toHaveLength(4);
      await storage.delete(['webchat/conversations/a/']);
      expect(await collect(storage.keys('webchat/conversations/'))).toHaveLength(1);
    } finally {
      await done();
    }
  });
});

describe('LowdbStorage keys() reads the beginning of each file', () => {
  it('finds keys of every length and script among many files, and skips files that do not parse', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-head-'));
    const storage = await LowdbStorage.open({ dir });
    try {
      const long = `webchat/conversations/${'ж'.repeat(700)}/`; // longer than the part of the file read first
      const many = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`webchat/conversations/c${i}/`, { i }]));
      await storage.write({ ...many, [long]: { x: 1 }, 'webchat/conversations/ትግርኛ 😀/': { x: 2 } });
      await storage.flush();
      // A file damaged while the bot was stopped: not JSON at all.
      const damaged = storage.fileForKey('webchat/conversations/c0/');
      fs.writeFileSync(damaged, 'not json');

      const keys = await collect(storage.keys('webchat/conversations/'));
      expect(keys).toHaveLength(451);
      expect(keys).toContain(long);
      expect(keys).toContain('webchat/conversations/ትግርኛ 😀/');
      expect(keys).not.toContain('webchat/conversations/c0/');
    } finally {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
