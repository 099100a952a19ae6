import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import { CityIdSchema } from '../content/common';
import type { Logger } from '../logger';
import { ConsentRecordSchema, type ConsentRecord } from './ConsentRecord';
import { ErasureAudit, type ErasureAuditEntry } from './ErasureAudit';
import { PersonSchema, type Person } from './Person';
import type { PersonalDataHolder } from './PersonalDataHolder';
import { SESSION_PROPERTY, SessionRecordSchema, type SessionRecord } from './SessionRecord';
import { conversationStateKey, userStateKey } from './stateKeys';

/** The profile fields a person is shown, read leniently: a field that does not parse is left out, not fatal. */
export interface ProfileView {
  language?: string;
  role?: 'newcomer' | 'employer';
  city?: string;
  consent?: ConsentRecord;
}

/** A holder that could not describe what it keeps (it is named; the person is told part of the data is missing). */
export interface UnavailableHolder {
  unavailable: true;
}

/** Everything the bot keeps about a person, gathered for "see" and "export". */
export interface PersonalData {
  profile: ProfileView;
  /** This conversation's retention record (when the person last wrote, consent). */
  session: SessionRecord | undefined;
  /** The stored user and conversation state, as stored (minus storage bookkeeping). */
  userState: Record<string, unknown> | undefined;
  conversationState: Record<string, unknown> | undefined;
  holders: Record<string, Record<string, unknown> | UnavailableHolder>;
}

/** The JSON a person downloads. */
export interface PersonalDataExport extends PersonalData {
  exportedAt: string;
  person: Person;
}

/** What one erasure deleted: holder name (and `userState`, `conversationState`) → records. */
export interface ErasureReport {
  holders: Record<string, number>;
  /** Whether the audit log recorded it (an erasure is never undone because its audit line failed). */
  audited: boolean;
}

export class PersonalDataErasureError extends Error {
  override readonly name = 'PersonalDataErasureError';
  constructor(
    readonly failedHolders: string[],
    options?: { cause?: unknown },
  ) {
    super(`erasure incomplete: ${failedHolders.join(', ')} failed; the state keys were kept so it can be retried`, options);
  }
}

const RESERVED_NAMES = ['userState', 'conversationState'];

export interface PrivacyServiceOptions {
  holders?: readonly PersonalDataHolder[];
  /** The user-state property that holds the profile (createBotRuntime: "profile"). */
  profileProperty?: string;
  /** The conversation-state property the SessionTracker writes ("session"). */
  sessionProperty?: string;
  audit?: ErasureAudit;
  now?: () => Date;
  logger?: Logger;
}

/**
 * What the bot keeps about a person, and the way to give it to them or to erase it: the user state, the conversation
 * state, and whatever the registered {@link PersonalDataHolder}s keep. Works on botbuilder's Storage directly, so the
 * retention job can use it outside a turn.
 */
export class PrivacyService {
  private readonly holders: PersonalDataHolder[] = [];
  private readonly profileProperty: string;
  private readonly sessionProperty: string;
  private readonly now: () => Date;
  readonly audit: ErasureAudit;

  constructor(
    private readonly storage: Storage,
    private readonly options: PrivacyServiceOptions = {},
  ) {
    this.profileProperty = options.profileProperty ?? 'profile';
    this.sessionProperty = options.sessionProperty ?? SESSION_PROPERTY;
    this.now = options.now ?? (() => new Date());
    this.audit = options.audit ?? new ErasureAudit(storage);
    for (const holder of options.holders ?? []) this.register(holder);
  }

  /** Adds a holder (the handoff and internship modules register theirs when they are built). */
  register(holder: PersonalDataHolder): void {
    if (typeof holder.name !== 'string' || holder.name.trim() === '') throw new TypeError('a data holder needs a name');
    if (RESERVED_NAMES.includes(holder.name) || this.holders.some((h) => h.name === holder.name)) {
      throw new TypeError(`a data holder named "${holder.name}" is already registered`);
    }
    this.holders.push(holder);
  }

  get holderNames(): string[] {
    return this.holders.map((h) => h.name);
  }

  async describe(person: Person): Promise<PersonalData> {
    const who = PersonSchema.parse(person);
    const userKey = userStateKey(who);
    const conversationKey = conversationStateKey(who);
    const stored = await this.storage.read([userKey, conversationKey]);
    const userState = withoutBookkeeping(stored[userKey]);
    const conversationState = withoutBookkeeping(stored[conversationKey]);
    const session = SessionRecordSchema.safeParse(conversationState?.[this.sessionProperty]);
    const holders: PersonalData['holders'] = {};
    for (const holder of this.holders) {
      try {
        holders[holder.name] = await holder.describe(who);
      } catch (error) {
        this.options.logger?.warn({ holder: holder.name, err: { type: (error as Error).name } }, 'a data holder could not describe');
        holders[holder.name] = { unavailable: true };
      }
    }
    return {
      profile: profileView(userState?.[this.profileProperty]),
      session: session.success ? session.data : undefined,
      userState,
      conversationState,
      holders,
    };
  }

  async exportData(person: Person): Promise<PersonalDataExport> {
    const who = PersonSchema.parse(person);
    return { exportedAt: this.now().toISOString(), person: who, ...(await this.describe(who)) };
  }

  /**
   * Erases every trace of the person: first each holder's records, then the user and conversation state, then one
   * audit line. When a holder fails, the state keys stay (so the retention job, or the person, can retry) and a
   * {@link PersonalDataErasureError} names the failed holders.
   */
  async erase(person: Person, options: { audit?: boolean } = {}): Promise<ErasureReport> {
    const who = PersonSchema.parse(person);
    const holders: Record<string, number> = {};
    const failed: string[] = [];
    let firstError: unknown;
    for (const holder of this.holders) {
      try {
        holders[holder.name] = await holder.erase(who);
      } catch (error) {
        failed.push(holder.name);
        firstError ??= error;
      }
    }
    if (failed.length > 0) throw new PersonalDataErasureError(failed, { cause: firstError });
    const keys = [userStateKey(who), conversationStateKey(who)];
    const existing = await this.storage.read(keys);
    await this.storage.delete(keys);
    holders['userState'] = existing[keys[0]!] ? 1 : 0;
    holders['conversationState'] = existing[keys[1]!] ? 1 : 0;
    const audited = options.audit === false ? false : await this.recordErasures({ reason: 'request', people: 1, holders });
    return { holders, audited };
  }

  /** Appends one line to the audit log; logs (without ids) and answers false when it cannot. */
  async recordErasures(entry: Omit<ErasureAuditEntry, 'at'>): Promise<boolean> {
    try {
      await this.audit.append({ at: this.now().toISOString(), ...entry });
      return true;
    } catch (error) {
      this.options.logger?.error({ err: { type: (error as Error).name, message: (error as Error).message } }, 'erasure audit failed');
      return false;
    }
  }
}

function withoutBookkeeping(item: StoreItem | undefined): Record<string, unknown> | undefined {
  if (item === undefined || item === null || typeof item !== 'object') return undefined;
  const { eTag: _eTag, ...rest } = item as Record<string, unknown>;
  return rest;
}

const LenientProfileSchema = z.object({
  language: z.string().optional().catch(undefined),
  role: z.enum(['newcomer', 'employer']).optional().catch(undefined),
  city: CityIdSchema.optional().catch(undefined),
  consent: ConsentRecordSchema.optional().catch(undefined),
});

function profileView(raw: unknown): ProfileView {
  const parsed = LenientProfileSchema.safeParse(raw ?? {});
  if (!parsed.success) return {};
  const view: ProfileView = {};
  for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) Object.assign(view, { [key]: value });
  return view;
}
