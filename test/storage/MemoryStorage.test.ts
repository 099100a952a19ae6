import { MemoryStorage } from 'botbuilder';
import { runStorageContract } from './storageContract';

// botbuilder's own in-memory storage is the reference the contract is written against. It does not reject a batch
// atomically and does not set eTags on the written objects, which LowdbStorage does on top.
runStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }), {
  atomicBatches: false,
  setsETagOnWrittenObjects: false,
});

test('MemoryStorage, unlike LowdbStorage, still writes the other items of a batch it rejects', async () => {
  // Documents why the contract lets MemoryStorage skip the all-or-nothing batch test.
  const storage = new MemoryStorage();
  await storage.write({ stale: { v: 1 } });
  const staleCopy = (await storage.read(['stale']))['stale'];
  await storage.write({ stale: { v: 2 } });

  await expect(storage.write({ stale: { ...staleCopy, v: 'batch' }, other: { v: 'batch' } })).rejects.toThrow();

  expect((await storage.read(['other']))['other']).toMatchObject({ v: 'batch' });
});
