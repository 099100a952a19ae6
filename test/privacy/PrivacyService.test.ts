import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErasureAudit } from '../../src/privacy/ErasureAudit';
import type { Person } from '../../src/privacy/Person';
import { PersonalDataErasureError, PrivacyService } from '../../src/privacy/PrivacyService';
import { conversationStateKey, userStateKey } from '../../src/privacy/stateKeys';
import { ListableMemoryStorage, type ListableStorage } from '../../src/storage/ListableStorage';
import { LowdbStorage } from '../../src/storage/LowdbStorage';
import { FakeTicketHolder } from './FakeTicketHolder';
import { ticketsHolder } from '../../src/privacy/holders';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const AMINA: Person = { channelId: 'webchat', userId: 'user-amina-7731', conversationId: 'conv-amina-4410' };
const OTHER: Person = { channelId: 'webchat', userId: 'user-other-1', conversationId: 'conv-other-1' };

async function seed(storage: ListableStorage, person: Person, words: string): Promise<string[]> {
  await storage.write({
    [userStateKey(person)]: {
      profile: { language: 'pt', role: 'newcomer', city: 'lisbon', welcomed: true, consent: { given: true, at: '2025-03-01T09:00:00.000Z', version: 1 } },
    },
    [conversationStateKey(person)]: {
      session: { lastSeen: '2025-03-13T18:30:00.000Z', channelId: person.channelId, userId: person.userId, consent: true },
      dialogState: { dialogStack: [{ id: 'recognition', state: { profession: words } }] },
    },
  });
  return [userStateKey(person), conversationStateKey(person)];
}

describe.each<[string, () => Promise<{ storage: ListableStorage; done: () => Promise<void> }>]>([
  ['ListableMemoryStorage', async () => ({ storage: new ListableMemoryStorage(), done: async () => undefined })],
  [
    'LowdbStorage',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-'));
      const storage = await LowdbStorage.open({ dir });
      return {
        storage,
        done: async () => {
          await storage.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
])('PrivacyService over %s', (_name, make) => {
  let storage: ListableStorage;
  let done: () => Promise<void>;
  let tickets: FakeTicketHolder;
  let service: PrivacyService;

  beforeEach(async () => {
    ({ storage, done } = await make());
    tickets = new FakeTicketHolder(storage);
    service = new PrivacyService(storage, { holders: [tickets], now: () => NOW });
  });
  afterEach(async () => done());

  it('describes the profile, the conversation and what each holder keeps', async () => {
    await seed(storage, AMINA, 'nurse');
    await tickets.add('t1', AMINA, 'I am a nurse from Eritrea');
    await tickets.add('t2', OTHER, 'someone else');
    const data = await service.describe(AMINA);
    expect(data.profile).toEqual({
      language: 'pt',
      role: 'newcomer',
      city: 'lisbon',
      consent: { given: true, at: '2025-03-01T09:00:00.000Z', version: 1 },
    });
    expect(data.session?.lastSeen).toBe('2025-03-13T18:30:00.000Z');
    expect(data.holders['tickets']).toEqual({ tickets: 1, messages: 1, items: ['I am a nurse from Eritrea'] });
    expect(data.conversationState?.['dialogState']).toEqual({ dialogStack: [{ id: 'recognition', state: { profession: 'nurse' } }] });
    expect(data.userState).not.toHaveProperty('eTag');
  });

  it('exports the same data with the person and the time of the export', async () => {
    await seed(storage, AMINA, 'nurse');
    const exported = await service.exportData(AMINA);
    expect(exported.exportedAt).toBe(NOW.toISOString());
    expect(exported.person).toEqual(AMINA);
    expect(exported.profile.language).toBe('pt');
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
  });

  it('says which holder could not describe, and still describes the rest', async () => {
    await seed(storage, AMINA, 'nurse');
    tickets.failNext = 'describe';
    const data = await service.describe(AMINA);
    expect(data.holders['tickets']).toEqual({ unavailable: true });
    expect(data.profile.language).toBe('pt');
  });

  it('erases every key that held the person, and a later read of each finds nothing', async () => {
    const stateKeys = await seed(storage, AMINA, 'nurse');
    const ticketKeys = [await tickets.add('t1', AMINA, 'first'), await tickets.add('t2', AMINA, 'second')];
    const otherKeys = [...(await seed(storage, OTHER, 'welder')), await tickets.add('t3', OTHER, 'keep me')];

    const report = await service.erase(AMINA);

    expect(report).toEqual({ holders: { tickets: 2, userState: 1, conversationState: 1 }, audited: true });
    const erased = [...stateKeys, ...ticketKeys];
    expect(Object.keys(await storage.read(erased))).toEqual([]);
    for (const key of erased) expect((await storage.read([key]))[key]).toBeUndefined();
    const left: string[] = [];
    for await (const key of storage.keys()) left.push(key);
    expect(left.filter((key) => key.includes('amina'))).toEqual([]);
    expect(Object.keys(await storage.read(otherKeys)).sort()).toEqual([...otherKeys].sort());
  });

  it('records THAT it erased, with counts and no ids or content', async () => {
    await seed(storage, AMINA, 'nurse');
    await tickets.add('t1', AMINA, 'I am a nurse from Eritrea');
    await service.erase(AMINA);
    const entries = await new ErasureAudit(storage).entries(NOW);
    expect(entries).toEqual([{ at: NOW.toISOString(), reason: 'request', people: 1, holders: { tickets: 1, userState: 1, conversationState: 1 } }]);
    const auditKeys: string[] = [];
    for await (const key of storage.keys('audit/')) auditKeys.push(key);
    expect(auditKeys).toEqual(['audit/erasures/2025-03']);
    const stored = JSON.stringify(await storage.read(auditKeys));
    for (const secret of ['amina', '7731', '4410', 'nurse', 'Eritrea']) expect(stored).not.toContain(secret);
  });

  it('keeps the state keys and writes no audit line when a holder fails, so a retry finishes the job', async () => {
    const stateKeys = await seed(storage, AMINA, 'nurse');
    await tickets.add('t1', AMINA, 'first');
    tickets.failNext = 'erase';
    const failure = await service.erase(AMINA).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PersonalDataErasureError);
    expect((failure as PersonalDataErasureError).failedHolders).toEqual(['tickets']);
    expect((failure as Error).message).not.toContain('amina');
    expect(Object.keys(await storage.read(stateKeys))).toHaveLength(2);
    expect(await new ErasureAudit(storage).entries(NOW)).toEqual([]);

    await service.erase(AMINA);
    expect(Object.keys(await storage.read(stateKeys))).toEqual([]);
    expect(await tickets.keysOf(AMINA)).toEqual([]);
  });
});

describe('PrivacyService holders', () => {
  it.each(['tickets', 'userState', 'conversationState', ''])('refuses a second or reserved holder name "%s"', (name) => {
    const storage = new ListableMemoryStorage();
    const service = new PrivacyService(storage, { holders: [new FakeTicketHolder(storage)] });
    expect(() => service.register({ name, describe: async () => ({}), erase: async () => 0 })).toThrow(TypeError);
  });

  it('rejects a person without ids', async () => {
    const service = new PrivacyService(new ListableMemoryStorage());
    await expect(service.erase({ channelId: 'webchat', userId: '', conversationId: 'c' })).rejects.toThrow();
  });
});

describe('finding a person\'s documents by scanning', () => {
  it('finds and erases them even when another document under the same prefix is damaged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-damaged-'));
    const writer = await LowdbStorage.open({ dir });
    const reference = (person: Person) => ({ channelId: person.channelId, user: { id: person.userId }, conversation: { id: person.conversationId } });
    await writer.write({
      'handoff/tickets/t-amina': { reference: reference(AMINA), summary: 'Amina’s question' },
      'handoff/tickets/t-other': { reference: reference(OTHER), summary: 'another question' },
      'handoff/tickets/t-damaged': { reference: reference(OTHER) },
    });
    await writer.close();
    // Damaged while the bot was stopped (a bad copy): its beginning still names its key, the rest is not JSON.
    const file = writer.fileForKey('handoff/tickets/t-damaged');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 60));
    const storage = await LowdbStorage.open({ dir });
    try {

      const holder = ticketsHolder(storage);
      expect(await holder.describe(AMINA)).toEqual({ tickets: 1 });
      expect(await holder.erase(AMINA)).toBe(1);
      expect(await storage.read(['handoff/tickets/t-amina', 'handoff/tickets/t-other'])).toEqual({
        'handoff/tickets/t-other': expect.objectContaining({ summary: 'another question' }),
      });
    } finally {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
