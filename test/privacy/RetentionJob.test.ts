import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { ErasureAudit } from '../../src/privacy/ErasureAudit';
import type { Person } from '../../src/privacy/Person';
import { PrivacyService } from '../../src/privacy/PrivacyService';
import { RetentionJob } from '../../src/privacy/RetentionJob';
import { loadRetentionSettings } from '../../src/privacy/retentionSettings';
import type { SessionRecord } from '../../src/privacy/SessionRecord';
import { startRetentionSchedule } from '../../src/privacy/startRetentionSchedule';
import { conversationStateKey, userStateKey } from '../../src/privacy/stateKeys';
import { ListableMemoryStorage } from '../../src/storage/ListableStorage';
import { FakeTicketHolder } from './FakeTicketHolder';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date('2025-06-30T12:00:00.000Z');
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

interface Seeded {
  person: Person;
  keys: string[];
}

function setup(options: { batchSize?: number } = {}) {
  const storage = new ListableMemoryStorage();
  const tickets = new FakeTicketHolder(storage);
  const lines: string[] = [];
  const logger = createLogger('trace', new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) }));
  const privacy = new PrivacyService(storage, { holders: [tickets], now: () => NOW, logger });
  const job = new RetentionJob({ storage, privacy, retentionDays: 90, sessionHours: 24, batchSize: options.batchSize ?? 100, logger });

  async function conversation(
    name: string,
    idleMs: number,
    consent: { record: boolean; profile?: boolean },
  ): Promise<Seeded> {
    const person: Person = { channelId: 'webchat', userId: `user-${name}`, conversationId: `conv-${name}` };
    const session: SessionRecord = { lastSeen: ago(idleMs), channelId: 'webchat', userId: person.userId, consent: consent.record };
    const profile =
      consent.profile === undefined ? { language: 'en' } : { language: 'en', consent: { given: consent.profile, at: ago(idleMs), version: 1 } };
    await storage.write({
      [userStateKey(person)]: { profile },
      [conversationStateKey(person)]: { session, dialogState: { dialogStack: [] } },
    });
    const ticket = await tickets.add(`ticket-${name}`, person, `message from ${name}`);
    return { person, keys: [userStateKey(person), conversationStateKey(person), ticket] };
  }

  const present = async (keys: string[]): Promise<string[]> => Object.keys(await storage.read(keys)).sort();
  return { storage, tickets, privacy, job, lines, conversation, present };
}

describe('RetentionJob', () => {
  it('erases what is idle past its period, with user state and holders data, and keeps the rest', async () => {
    const { job, conversation, present, storage } = setup();
    const old = await conversation('old91d', 91 * DAY, { record: true, profile: true });
    const recent = await conversation('recent89d', 89 * DAY, { record: true, profile: true });
    const session = await conversation('noconsent25h', 25 * HOUR, { record: false });
    const fresh = await conversation('noconsent23h', 23 * HOUR, { record: false });

    const report = await job.run(NOW);

    expect(report).toMatchObject({ examined: 4, erased: 2, kept: 2, failed: 0, completedPass: true });
    expect(await present(old.keys)).toEqual([]);
    expect(await present(session.keys)).toEqual([]);
    expect(await present(recent.keys)).toEqual([...recent.keys].sort());
    expect(await present(fresh.keys)).toEqual([...fresh.keys].sort());
    expect(await new ErasureAudit(storage).entries(NOW)).toEqual([
      { at: NOW.toISOString(), reason: 'retention', people: 2, holders: { tickets: 2, userState: 2, conversationState: 2 } },
    ]);
  });

  it('believes the stored profile over the record: consent given in the last turn keeps the conversation', async () => {
    const { job, conversation, present } = setup();
    const agreedLate = await conversation('agreedlate', 25 * HOUR, { record: false, profile: true });
    const withdrew = await conversation('withdrew', 25 * HOUR, { record: true, profile: false });
    await job.run(NOW);
    expect(await present(agreedLate.keys)).toHaveLength(3);
    expect(await present(withdrew.keys)).toEqual([]);
  });

  it('examines at most batchSize conversations per run and goes on from there on the next run', async () => {
    const { job, conversation, present } = setup({ batchSize: 2 });
    const seeded = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => conversation(`expired-${n}`, 100 * DAY, { record: true })));
    const all = seeded.flatMap((s) => s.keys);

    const first = await job.run(NOW);
    expect(first).toMatchObject({ examined: 2, erased: 2, completedPass: false });
    expect(await present(all)).toHaveLength(9);
    const second = await job.run(NOW);
    expect(second).toMatchObject({ examined: 2, erased: 2, completedPass: false });
    const third = await job.run(NOW);
    expect(third).toMatchObject({ examined: 1, erased: 1, completedPass: true });
    expect(await present(all)).toEqual([]);
  });

  it('dates a conversation the tracker never saw, and erases it once it is idle past the session', async () => {
    const { job, storage } = setup();
    const key = 'webchat/conversations/legacy-conv/';
    await storage.write({ [key]: { dialogState: { dialogStack: [] } } });
    expect(await job.run(NOW)).toMatchObject({ dated: 1, erased: 0 });
    expect(await storage.read([key])).toHaveProperty([key]);
    expect(await job.run(new Date(NOW.getTime() + 23 * HOUR))).toMatchObject({ kept: 1 });
    expect(await job.run(new Date(NOW.getTime() + 25 * HOUR))).toMatchObject({ erased: 1 });
    expect(await storage.read([key])).toEqual({});
  });

  it('keeps a conversation whose holder failed, and erases it on a later run', async () => {
    const { job, tickets, conversation, present } = setup();
    const old = await conversation('flaky', 95 * DAY, { record: true });
    tickets.failNext = 'erase';
    expect(await job.run(NOW)).toMatchObject({ failed: 1, erased: 0 });
    expect(await present(old.keys)).toHaveLength(3);
    expect(await job.run(NOW)).toMatchObject({ erased: 1 });
    expect(await present(old.keys)).toEqual([]);
  });

  it('ignores keys that are not conversations (users, audit, holders)', async () => {
    const { job, storage } = setup();
    await storage.write({ 'webchat/users/someone/': { profile: {} }, 'audit/erasures/2025-01': { entries: [] }, 'handoff/tickets/x': {} });
    expect(await job.run(NOW)).toMatchObject({ examined: 0 });
    expect(Object.keys(await storage.read(['webchat/users/someone/', 'audit/erasures/2025-01', 'handoff/tickets/x']))).toHaveLength(3);
  });

  it('logs counts only: no user id, conversation id or message', async () => {
    const { job, tickets, conversation, lines } = setup();
    await conversation('secretperson', 95 * DAY, { record: true });
    await conversation('othersecret', 95 * DAY, { record: true });
    tickets.failNext = 'erase';
    await job.run(NOW);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).toMatch(/retention run finished/);
    for (const line of lines) expect(line).not.toMatch(/secretperson|othersecret|message from/);
  });
});

describe('startRetentionSchedule', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the job on a fake clock: a conversation idle 91 days goes, one idle 89 days stays', async () => {
    jest.useFakeTimers({ now: NOW });
    const { job, conversation, present } = setup();
    const nearly = await conversation('day89', 89 * DAY - 2 * HOUR, { record: true });
    const past = await conversation('day91', 91 * DAY, { record: true });
    const schedule = startRetentionSchedule(job, { everyMs: HOUR, now: () => new Date() });

    await jest.advanceTimersByTimeAsync(HOUR);
    expect(await present(past.keys)).toEqual([]);
    expect(await present(nearly.keys)).toHaveLength(3);
    // Two days later the 89-day one has passed 90 days too.
    await jest.advanceTimersByTimeAsync(2 * DAY);
    expect(await present(nearly.keys)).toEqual([]);
    await schedule.stop();
  });

  it('never keeps the process alive, never overlaps runs, and stops', async () => {
    jest.useFakeTimers({ now: NOW });
    const setInterval = jest.spyOn(global, 'setInterval');
    let release: () => void = () => undefined;
    const run = jest.fn(() => new Promise<never>((_resolve, reject) => (release = () => reject(new Error('boom')))));
    const schedule = startRetentionSchedule({ run }, { everyMs: 60_000 });
    const timer = setInterval.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);

    await jest.advanceTimersByTimeAsync(3 * 60_000);
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(run.mock.calls[1]).toEqual([new Date(NOW.getTime() + 4 * 60_000)]);
    const stopped = schedule.stop();
    release();
    await stopped;
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});

describe('loadRetentionSettings', () => {
  it('defaults to 90 days and 24 hours, and reads the environment', () => {
    expect(loadRetentionSettings({})).toMatchObject({ retentionDays: 90, sessionHours: 24 });
    expect(loadRetentionSettings({ RETENTION_DAYS: '30', SESSION_HOURS: '', RETENTION_BATCH: '10' })).toMatchObject({
      retentionDays: 30,
      sessionHours: 24,
      batchSize: 10,
    });
    expect(() => loadRetentionSettings({ RETENTION_DAYS: '0' })).toThrow();
  });
});
