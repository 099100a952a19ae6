import type { Logger } from '../logger';
import type { ListableStorage } from '../storage/ListableStorage';
import { hasConsent } from './ConsentRecord';
import { PrivacyService } from './PrivacyService';
import { SESSION_PROPERTY, SessionRecordSchema, type SessionRecord } from './SessionRecord';
import { parseConversationStateKey, userStateKey } from './stateKeys';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface RetentionJobOptions {
  storage: ListableStorage;
  privacy: PrivacyService;
  /** Kept this many days after the last message when the person agreed. */
  retentionDays: number;
  /** Kept this many hours after the last message without consent. */
  sessionHours: number;
  /** At most this many conversations are examined per run; the next run goes on after the last one. */
  batchSize?: number;
  sessionProperty?: string;
  profileProperty?: string;
  logger?: Logger;
}

/** What a run did, in counts only. */
export interface RetentionRunReport {
  examined: number;
  erased: number;
  kept: number;
  /** Conversations whose erasure failed (retried on a later run). */
  failed: number;
  /** Conversations the tracker never dated: dated now, judged on a later run. */
  dated: number;
  /** Whether this run reached the last conversation (the next one starts from the first again). */
  completedPass: boolean;
}

/**
 * Erases conversations idle longer than the retention period (with consent) or the session (without), with their
 * person's user state and holders' data, through {@link PrivacyService.erase}. Each run lists the conversation-state
 * keys, examines at most `batchSize` of them after where the last run stopped, and writes one audit line.
 */
export class RetentionJob {
  private cursor = '';
  private running: Promise<RetentionRunReport> | undefined;
  private readonly batchSize: number;
  private readonly sessionProperty: string;
  private readonly profileProperty: string;

  constructor(private readonly options: RetentionJobOptions) {
    if (!(options.retentionDays > 0) || !(options.sessionHours > 0)) throw new RangeError('retention periods must be positive');
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    this.sessionProperty = options.sessionProperty ?? SESSION_PROPERTY;
    this.profileProperty = options.profileProperty ?? 'profile';
  }

  /** Runs once; a call while a run is in progress shares that run. */
  run(now: Date = new Date()): Promise<RetentionRunReport> {
    this.running ??= this.runOnce(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runOnce(now: Date): Promise<RetentionRunReport> {
    const { storage, privacy, logger } = this.options;
    const keys: string[] = [];
    for await (const key of storage.keys()) if (parseConversationStateKey(key)) keys.push(key);
    keys.sort();
    const pending = keys.filter((key) => key > this.cursor);
    const batch = pending.slice(0, this.batchSize);
    const completedPass = pending.length <= this.batchSize;
    this.cursor = completedPass ? '' : (batch.at(-1) ?? '');

    const report: RetentionRunReport = { examined: 0, erased: 0, kept: 0, failed: 0, dated: 0, completedPass };
    const deleted: Record<string, number> = {};
    for (const key of batch) {
      report.examined += 1;
      try {
        const outcome = await this.examine(key, now, deleted);
        report[outcome] += 1;
      } catch (error) {
        report.failed += 1;
        // The key names the conversation: log the failure's kind only.
        logger?.warn({ err: { type: (error as Error).name } }, 'retention could not handle a conversation');
      }
    }
    if (report.erased > 0) await privacy.recordErasures({ reason: 'retention', people: report.erased, holders: deleted });
    logger?.info({ retention: report }, 'retention run finished');
    return report;
  }

  private async examine(key: string, now: Date, deleted: Record<string, number>): Promise<'erased' | 'kept' | 'dated'> {
    const { storage, privacy } = this.options;
    const where = parseConversationStateKey(key)!;
    const stored = (await storage.read([key]))[key] as Record<string, unknown> | undefined;
    if (stored === undefined) return 'kept';
    const parsed = SessionRecordSchema.safeParse(stored[this.sessionProperty]);
    if (!parsed.success) {
      // Never seen by the tracker (older than it, or damaged): date it now, so it expires like a session without consent.
      const session: SessionRecord = { lastSeen: now.toISOString(), channelId: where.channelId, consent: false };
      await storage.write({ [key]: { ...stored, [this.sessionProperty]: session } });
      return 'dated';
    }
    const session = parsed.data;
    const idle = now.getTime() - Date.parse(session.lastSeen);
    if (idle <= this.options.sessionHours * HOUR_MS) return 'kept';
    if (idle <= this.options.retentionDays * DAY_MS && (await this.consented(session))) return 'kept';

    if (session.userId === undefined) {
      await storage.delete([key]);
      add(deleted, { conversationState: 1 });
      return 'erased';
    }
    const { holders } = await privacy.erase(
      { channelId: where.channelId, userId: session.userId, conversationId: where.conversationId },
      { audit: false },
    );
    add(deleted, holders);
    return 'erased';
  }

  /** The stored profile is the truth (consent given in a conversation's last turn reaches it); the record is the fallback. */
  private async consented(session: SessionRecord): Promise<boolean> {
    if (session.userId === undefined) return session.consent;
    const key = userStateKey({ channelId: session.channelId, userId: session.userId });
    const user = (await this.options.storage.read([key]))[key] as Record<string, unknown> | undefined;
    const profile = user?.[this.profileProperty] as { consent?: unknown } | undefined;
    if (profile?.consent === undefined) return session.consent;
    return hasConsent(profile.consent);
  }
}

function add(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [name, count] of Object.entries(counts)) into[name] = (into[name] ?? 0) + count;
}
