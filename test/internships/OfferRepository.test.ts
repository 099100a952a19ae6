import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { ZodError } from 'zod';
import { OfferConflictError, OfferNotFoundError, OfferNotOpenError, OfferTransitionError } from '../../src/internships/errors';
import { OfferKeys, OfferRepository } from '../../src/internships/OfferRepository';
import { LowdbStorage } from '../../src/storage/LowdbStorage';
import { draft, sequentialIds } from './harness';

const EMPLOYER = { channelId: 'webchat', userId: 'employer-1' };
const OTHER_EMPLOYER = { channelId: 'webchat', userId: 'employer-2' };

function clock(start = '2026-11-23T10:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

function repository(storage: Storage = new MemoryStorage()): OfferRepository {
  return new OfferRepository(storage, { now: clock(), newId: sequentialIds() });
}

async function indexOf(storage: Storage, key: string): Promise<string[]> {
  const item = (await storage.read([key]))[key] as { ids?: string[] } | undefined;
  return item?.ids ?? [];
}

/** A storage that runs `before` once, just before the first write of `key` goes through: another writer got there first. */
class InterleavingStorage implements Storage {
  private fired = false;

  constructor(
    private readonly inner: Storage,
    private readonly key: string,
    private readonly before: () => Promise<void>,
  ) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    if (!this.fired && this.key in changes) {
      this.fired = true;
      await this.before();
    }
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('OfferRepository', () => {
  it('stores a new offer as pending, owned by the employer, under offers/<id> and in the pending list', async () => {
    const storage = new MemoryStorage();
    const offers = repository(storage);
    const offer = await offers.create(draft(), EMPLOYER);

    expect(offer).toMatchObject({ status: 'pending', owner: EMPLOYER, company: 'Harbour Care Ltd', history: [{ status: 'pending' }] });
    expect((await storage.read([OfferKeys.offer(offer.id)]))[OfferKeys.offer(offer.id)]).toMatchObject({ status: 'pending' });
    expect(await indexOf(storage, OfferKeys.status('pending'))).toEqual([offer.id]);
    expect((await offers.listByStatus('pending')).map((o) => o.id)).toEqual([offer.id]);
    expect(await offers.listByStatus('approved')).toEqual([]);
  });

  it.each([
    ['a negative stipend', { stipend: { kind: 'monthly' as const, amount: -1 } }],
    ['a 5,000-character role', { role: 'x'.repeat(5000) }],
    ['53 weeks', { durationWeeks: 53 }],
    ['a contact that is neither email nor phone', { contact: 'call me maybe' }],
  ])('refuses %s and stores nothing', async (_name, overrides) => {
    const storage = new MemoryStorage();
    await expect(repository(storage).create(draft(overrides), EMPLOYER)).rejects.toThrow(ZodError);
    expect(await indexOf(storage, OfferKeys.status('pending'))).toEqual([]);
    expect(await indexOf(storage, OfferKeys.owner(EMPLOYER))).toEqual([]);
  });

  it('approve moves the offer from the pending list to the approved list and records when', async () => {
    const storage = new MemoryStorage();
    const offers = repository(storage);
    const { id } = await offers.create(draft(), EMPLOYER);

    const approved = await offers.approve(id);

    expect(approved.status).toBe('approved');
    expect(approved.history.map((h) => h.status)).toEqual(['pending', 'approved']);
    expect(await indexOf(storage, OfferKeys.status('pending'))).toEqual([]);
    expect(await indexOf(storage, OfferKeys.status('approved'))).toEqual([id]);
    expect((await offers.get(id))?.status).toBe('approved');
  });

  it('reject takes a pending offer out of every list newcomers see', async () => {
    const offers = repository();
    const { id } = await offers.create(draft(), EMPLOYER);
    await offers.reject(id);
    expect(await offers.listByStatus('pending')).toEqual([]);
    expect((await offers.listByStatus('rejected')).map((o) => o.id)).toEqual([id]);
  });

  it.each([
    ['approve a withdrawn offer', async (o: OfferRepository, id: string) => o.withdraw(id, EMPLOYER), (o: OfferRepository, id: string) => o.approve(id)],
    ['approve twice', async (o: OfferRepository, id: string) => o.approve(id), (o: OfferRepository, id: string) => o.approve(id)],
    ['withdraw a rejected offer', async (o: OfferRepository, id: string) => o.reject(id), (o: OfferRepository, id: string) => o.withdraw(id, EMPLOYER)],
  ])('refuses to %s, and leaves it where it was', async (_name, first, second) => {
    const offers = repository();
    const { id } = await offers.create(draft(), EMPLOYER);
    const before = await first(offers, id);
    await expect(second(offers, id)).rejects.toThrow(OfferTransitionError);
    expect(await offers.get(id)).toEqual(before);
  });

  it('lets only the owner withdraw; for anyone else the offer does not exist', async () => {
    const offers = repository();
    const { id } = await offers.create(draft(), EMPLOYER);
    await offers.approve(id);

    await expect(offers.withdraw(id, OTHER_EMPLOYER)).rejects.toThrow(OfferNotFoundError);
    await expect(offers.withdraw(id, { channelId: 'telegram', userId: EMPLOYER.userId })).rejects.toThrow(OfferNotFoundError);
    expect((await offers.get(id))?.status).toBe('approved');

    const withdrawn = await offers.withdraw(id, EMPLOYER);
    expect(withdrawn.status).toBe('withdrawn');
    expect(await offers.listByStatus('approved')).toEqual([]);
  });

  it('lists one employer\'s offers, whatever their status, newest first, and nobody else\'s', async () => {
    const offers = repository();
    const first = await offers.create(draft({ role: 'First' }), EMPLOYER);
    await offers.create(draft({ role: 'Someone else' }), OTHER_EMPLOYER);
    const second = await offers.create(draft({ role: 'Second' }), EMPLOYER);
    await offers.approve(first.id);

    const mine = await offers.listByOwner(EMPLOYER);
    expect(mine.map((o) => [o.role, o.status])).toEqual([
      ['Second', 'pending'],
      ['First', 'approved'],
    ]);
    expect(mine.map((o) => o.id)).toEqual([second.id, first.id]);
  });

  it('an adviser approving while the employer withdraws: the second writer sees the first one\'s change', async () => {
    const memory = new MemoryStorage();
    const employerSide = repository(memory);
    const { id } = await employerSide.create(draft(), EMPLOYER);
    // The adviser's console (another repository, as in another process) reads the offer; the employer withdraws it
    // before the console's write lands.
    const racing = new InterleavingStorage(memory, OfferKeys.offer(id), async () => {
      await employerSide.withdraw(id, EMPLOYER);
    });
    const consoleSide = new OfferRepository(racing, { now: clock('2026-11-24T10:00:00.000Z') });

    await expect(consoleSide.approve(id)).rejects.toThrow(OfferTransitionError);

    expect((await employerSide.get(id))?.status).toBe('withdrawn');
    expect(await indexOf(memory, OfferKeys.status('approved'))).toEqual([]);
    expect(await indexOf(memory, OfferKeys.status('withdrawn'))).toEqual([id]);
    expect(await consoleSide.listByStatus('approved')).toEqual([]);
  });

  it('two writers adding to the same list at once both end up in it (eTag retry)', async () => {
    const memory = new MemoryStorage();
    const other = repository(memory);
    await other.create(draft({ role: 'Seed' }), OTHER_EMPLOYER); // the pending list exists, with an eTag
    let otherId = '';
    const racing = new InterleavingStorage(memory, OfferKeys.status('pending'), async () => {
      otherId = (await other.create(draft({ role: 'Racing' }), OTHER_EMPLOYER)).id;
    });
    const mine = new OfferRepository(racing, { now: clock('2026-11-24T10:00:00.000Z') });

    const offer = await mine.create(draft({ role: 'Mine' }), EMPLOYER);

    const pending = await indexOf(memory, OfferKeys.status('pending'));
    expect(pending).toEqual(expect.arrayContaining([offer.id, otherId]));
    expect(pending).toHaveLength(3);
  });

  it('gives up with OfferConflictError when every write conflicts, and the offer keeps its status', async () => {
    const memory = new MemoryStorage();
    const offers = repository(memory);
    const { id } = await offers.create(draft(), EMPLOYER);
    const key = OfferKeys.offer(id);
    const alwaysStale: Storage = {
      read: (keys) => memory.read(keys),
      delete: (keys) => memory.delete(keys),
      write: async (changes) => {
        if (key in changes) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        return memory.write(changes);
      },
    };
    const stubborn = new OfferRepository(alwaysStale, { maxAttempts: 3 });
    await expect(stubborn.approve(id)).rejects.toThrow(OfferConflictError);
    expect((await offers.get(id))?.status).toBe('pending');
    expect(await indexOf(memory, OfferKeys.status('approved'))).toEqual([]);
  });

  it('skips a damaged stored offer and says so', async () => {
    const memory = new MemoryStorage();
    const invalid: string[] = [];
    const offers = new OfferRepository(memory, { now: clock(), newId: sequentialIds(), onInvalid: (key) => invalid.push(key) });
    const good = await offers.create(draft({ role: 'Good' }), EMPLOYER);
    const bad = await offers.create(draft({ role: 'Bad' }), EMPLOYER);
    await memory.write({ [OfferKeys.offer(bad.id)]: { id: bad.id, status: 'pending', role: 42 } });

    expect((await offers.listByStatus('pending')).map((o) => o.id)).toEqual([good.id]);
    expect(invalid).toEqual([OfferKeys.offer(bad.id)]);
  });

  describe('referrals', () => {
    const input = (offerId: string) => ({
      offerId,
      person: { channelId: 'webchat', userId: 'newcomer-1' },
      consentAt: '2026-11-23T10:05:00.000Z',
      contactPreference: 'phone' as const,
      contact: '+44 7700 900123',
    });

    it('records a referral for an approved offer, with the consent time and the preference', async () => {
      const offers = repository();
      const { id } = await offers.create(draft(), EMPLOYER);
      await offers.approve(id);
      const referral = await offers.addReferral(input(id));
      expect(referral).toMatchObject({ offerId: id, consentAt: '2026-11-23T10:05:00.000Z', contactPreference: 'phone' });
      expect(await offers.listReferrals(id)).toEqual([referral]);
    });

    it.each([
      ['pending', async (_o: OfferRepository, _id: string) => undefined],
      ['withdrawn', async (o: OfferRepository, id: string) => void (await o.withdraw(id, EMPLOYER))],
    ])('refuses a referral for a %s offer and stores nothing', async (_status, setUp) => {
      const storage = new MemoryStorage();
      const offers = repository(storage);
      const { id } = await offers.create(draft(), EMPLOYER);
      await setUp(offers, id);
      await expect(offers.addReferral(input(id))).rejects.toThrow(OfferNotOpenError);
      expect(await offers.listReferrals(id)).toEqual([]);
      expect(await indexOf(storage, OfferKeys.referralsOf(id))).toEqual([]);
    });

    it.each([
      ['a contact with "this chat"', { contactPreference: 'chat' as const, contact: '+44 7700 900123' }],
      ['an email address given as a phone', { contactPreference: 'phone' as const, contact: 'me@example.com' }],
      ['a consent time that is not a timestamp', { consentAt: 'yes' }],
    ])('refuses %s', async (_name, overrides) => {
      const offers = repository();
      const { id } = await offers.create(draft(), EMPLOYER);
      await offers.approve(id);
      await expect(offers.addReferral({ ...input(id), ...overrides })).rejects.toThrow(ZodError);
      expect(await offers.listReferrals(id)).toEqual([]);
    });
  });
});

describe('OfferRepository over the bot\'s embedded storage (LowdbStorage)', () => {
  it('creates, approves, withdraws and refers just as over MemoryStorage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offers-'));
    const storage = await LowdbStorage.open({ dir });
    try {
      const offers = repository(storage);
      const { id } = await offers.create(draft(), EMPLOYER);
      await offers.approve(id);
      await offers.addReferral({
        offerId: id,
        person: { channelId: 'webchat', userId: 'newcomer-1' },
        consentAt: '2026-11-23T10:05:00.000Z',
        contactPreference: 'chat',
      });
      await offers.withdraw(id, EMPLOYER);
      expect(await offers.listByStatus('approved')).toEqual([]);
      expect((await offers.listByStatus('withdrawn')).map((o) => o.history.map((h) => h.status))).toEqual([
        ['pending', 'approved', 'withdrawn'],
      ]);
      expect(await offers.listReferrals(id)).toHaveLength(1);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
