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
