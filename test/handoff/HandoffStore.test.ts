import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { AdviserExistsError, AdviserStore } from '../../src/handoff/AdviserStore';
import { HandoffKeys, HandoffStore, TicketNotFoundError } from '../../src/handoff/HandoffStore';
import { appendTranscript } from '../../src/handoff/HandoffTicket';
import { isETagConflict, readDoc, writeDoc } from '../../src/handoff/storageDocs';
import { transition } from '../../src/handoff/transition';
import { DEFAULT_WORKING_HOURS } from '../../src/handoff/workingHours';
import { LowdbStorage } from '../../src/storage/LowdbStorage';
import { z } from 'zod';
import { T0, minutesAfter, ticket } from './fixtures';

const providers: Array<[string, () => Promise<{ storage: Storage; done: () => Promise<void> }>]> = [
  ['MemoryStorage', async () => ({ storage: new MemoryStorage(), done: async () => undefined })],
  [
    'LowdbStorage',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'handoff-store-'));
      const storage = await LowdbStorage.open({ dir });
      return {
        storage,
        done: async () => {
          await storage.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(providers)('HandoffStore over %s', (_name, open) => {
  let storage: Storage;
  let done: () => Promise<void>;
  let store: HandoffStore;
  beforeEach(async () => {
    ({ storage, done } = await open());
    store = new HandoffStore(storage);
  });
  afterEach(async () => done());

  it('keeps the index of tickets with the advisers and the conversation pointer in step with the state', async () => {
    const created = await store.create(ticket({ id: 'a1' }));
    expect((await store.listActive()).map((t) => t.id)).toEqual(['a1']);
    expect((await store.forConversation(created.reference))?.id).toBe('a1');

    await store.update('a1', (t) => transition(t, { type: 'take', by: 'ana' }, T0));
    expect((await store.listActive()).map((t) => t.state)).toEqual(['open']);

    await store.update('a1', (t) => transition(t, { type: 'close', by: 'ana', outcome: 'answered' }, T0));
    expect(await store.listActive()).toEqual([]);
    // Still the conversation's ticket: the satisfaction answer comes next.
    expect((await store.forConversation(created.reference))?.state).toBe('resolved');

    await store.update('a1', (t) => transition(t, { type: 'rate', score: 5 }, T0));
    expect(await store.forConversation(created.reference)).toBeUndefined();
    expect((await store.get('a1'))?.satisfaction?.score).toBe(5);
  });

  it('loses no message when two writers change the same ticket at once (eTags, retried)', async () => {
    await store.create(ticket({ id: 'busy' }));
    const line = (n: number) => ({ id: `line-${n}`, from: 'person' as const, text: `message ${n}`, at: T0.toISOString() });
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.update('busy', (t) => appendTranscript(t, line(n)))));
    const texts = (await store.get('busy'))?.transcript.map((entry) => entry.text).sort();
    expect(texts).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
  });

  it('refuses a write with a stale eTag instead of overwriting', async () => {
    const Doc = z.object({ n: z.number() });
    await writeDoc(storage, 'doc', { n: 1 });
    const first = await readDoc(storage, 'doc', Doc);
    await writeDoc(storage, 'doc', { n: 2 }, first?.eTag);
    const error = await writeDoc(storage, 'doc', { n: 3 }, first?.eTag).catch((e: unknown) => e);
    expect(isETagConflict(error)).toBe(true);
    expect((await readDoc(storage, 'doc', Doc))?.value.n).toBe(2);
  });

  it('repairs an index that names a ticket which is gone', async () => {
    await store.create(ticket({ id: 'kept' }));
    await store.create(ticket({ id: 'gone' }));
    await storage.delete([HandoffKeys.ticket('gone')]);
    expect((await store.listActive()).map((t) => t.id)).toEqual(['kept']);
    const index = await storage.read([HandoffKeys.activeIndex]);
    expect((index[HandoffKeys.activeIndex] as { ids: string[] }).ids).toEqual(['kept']);
  });

  it('says when a ticket does not exist', async () => {
    await expect(store.update('nope', (t) => t)).rejects.toBeInstanceOf(TicketNotFoundError);
  });

  it('keeps the last twenty waits for the estimate', async () => {
    for (let i = 1; i <= 25; i++) await store.recordWait(i * 1000);
    const waits = await store.recentWaits();
    expect(waits).toHaveLength(20);
    expect(waits[0]).toBe(6000);
    expect(waits.at(-1)).toBe(25_000);
  });

  it('stores adviser accounts with an index and refuses a second account with the same name', async () => {
    const advisers = new AdviserStore(storage);
    const account = {
      username: 'ana',
      name: 'Ana',
      role: 'adviser' as const,
      languages: ['pt' as const],
      cities: ['lisbon' as const],
      topics: ['courses' as const],
      hours: DEFAULT_WORKING_HOURS,
      passwordHash: 'scrypt$1$1$1$a$b',
      createdAt: minutesAfter(T0, 0).toISOString(),
    };
    await advisers.add(account);
    await advisers.add({ ...account, username: 'bruno', name: 'Bruno' });
    await expect(advisers.add(account)).rejects.toBeInstanceOf(AdviserExistsError);
    expect((await advisers.list()).map((a) => a.username)).toEqual(['ana', 'bruno']);
    await advisers.remove('ana');
    expect((await advisers.list()).map((a) => a.username)).toEqual(['bruno']);
    expect(await advisers.get('ana')).toBeUndefined();
  });
});
