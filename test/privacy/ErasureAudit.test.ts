import { MemoryStorage } from 'botbuilder';
import { ErasureAudit, ErasureAuditError, type ErasureAuditEntry } from '../../src/privacy/ErasureAudit';

const entry = (at: string, tickets: number): ErasureAuditEntry => ({ at, reason: 'request', people: 1, holders: { tickets } });

describe('ErasureAudit', () => {
  it('keeps one document per month', async () => {
    const storage = new MemoryStorage();
    const audit = new ErasureAudit(storage);
    await audit.append(entry('2025-03-31T23:59:00.000Z', 1));
    await audit.append(entry('2025-04-01T00:01:00.000Z', 2));
    expect(Object.keys(await storage.read(['audit/erasures/2025-03', 'audit/erasures/2025-04']))).toHaveLength(2);
    expect(await audit.entries(new Date('2025-04-15T00:00:00Z'))).toEqual([entry('2025-04-01T00:01:00.000Z', 2)]);
  });

  it('loses no entry when two writers append at the same time (eTag conflict, read again, append again)', async () => {
    const storage = new MemoryStorage();
    await new ErasureAudit(storage).append(entry('2025-03-01T00:00:00.000Z', 0));
    const writes = jest.spyOn(storage, 'write');
    // Two audits with their own queues, as two processes would be: only the eTag keeps them apart.
    await Promise.all([
      new ErasureAudit(storage).append(entry('2025-03-02T00:00:00.000Z', 1)),
      new ErasureAudit(storage).append(entry('2025-03-02T00:00:00.000Z', 2)),
    ]);
    const counts = (await new ErasureAudit(storage).entries(new Date('2025-03-10Z'))).map((e) => e.holders['tickets']);
    expect(counts.sort()).toEqual([0, 1, 2]);
    expect(writes.mock.calls.length).toBeGreaterThan(2);
  });

  it('queues appends from one process, even for a month whose document does not exist yet', async () => {
    const storage = new MemoryStorage();
    const audit = new ErasureAudit(storage);
    await Promise.all([1, 2, 3, 4, 5].map((n) => audit.append(entry('2025-05-01T00:00:00.000Z', n))));
    expect((await audit.entries(new Date('2025-05-02Z'))).map((e) => e.holders['tickets'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('never rewrites a document it cannot read', async () => {
    const storage = new MemoryStorage();
    await storage.write({ 'audit/erasures/2025-03': { entries: 'damaged' } });
    await expect(new ErasureAudit(storage).append(entry('2025-03-02T00:00:00.000Z', 1))).rejects.toThrow(ErasureAuditError);
    expect((await storage.read(['audit/erasures/2025-03']))['audit/erasures/2025-03']).toMatchObject({ entries: 'damaged' });
  });

  it('gives up after its attempts when every write conflicts', async () => {
    const storage = new MemoryStorage();
    jest.spyOn(storage, 'write').mockRejectedValue(new Error('Storage: error writing "audit/erasures/2025-03" due to eTag conflict.'));
    await expect(new ErasureAudit(storage, 3).append(entry('2025-03-02T00:00:00.000Z', 1))).rejects.toThrow(/attempt 3/);
    expect(storage.write).toHaveBeenCalledTimes(3);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an id', { userId: 'user-1' }],
    ['an unknown reason', { reason: 'because' }],
  ])('refuses an entry with %s', async (_what, extra) => {
    const storage = new MemoryStorage();
    const audit = new ErasureAudit(storage);
    await expect(audit.append({ ...entry('2025-03-02T00:00:00.000Z', 1), ...extra } as ErasureAuditEntry)).rejects.toThrow();
    expect(await storage.read(['audit/erasures/2025-03'])).toEqual({});
  });
});
