import {
  BotState,
  ConversationState,
  UserState,
  calculateChangeHash,
  type StatePropertyAccessor,
  type Storage,
  type StoreItem,
  type TurnContext,
} from 'botbuilder';
import { StorageConflictError } from '../storage/errors';
import { rememberWriteJson, takeReadJson } from '../storage/knownJson';

/**
 * A state could not be saved because it changed in storage since this turn read it: another turn of the same
 * conversation (or of the same person) saved first, most likely on another instance of the bot. Nothing of this state
 * was written. {@link StateConflictRetry} runs the turn again on the fresh state. Thrown only when the storage
 * reported a conflict and the stored eTag confirms it.
 */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';

  constructor(
    /** Which state: `conversation` or `user`. Never its key (keys hold channel, user and conversation ids). */
    readonly stateName: string,
    options?: ErrorOptions,
  ) {
    super(`State: the ${stateName} state changed since this turn read it (another turn saved first); it was not saved.`, options);
  }
}

/**
 * The eTag a state is written with when the turn found nothing stored. It never equals an eTag a storage hands out,
 * so it makes the write "create, unless someone created it meanwhile": MemoryStorage, LowdbStorage and
 * AzureBlobsStorage create an item that does not exist whatever eTag it carries, and reject any other eTag than the
 * stored one.
 */
export const NOT_STORED_ETAG = 'consistent-state:not-stored';

/** A bot state that saves with the eTag its turn read (see {@link ConsistentConversationState}). */
export interface ConsistentBotState extends BotState {
  readonly stateName: string;
  /** Whether `saveChanges` would write: the state was loaded (or cleared) and changed in this turn. */
  hasChanges(context: TurnContext): boolean;
  /** `saveChanges`, telling whether it wrote (the state had changed). */
  saveIfChanged(context: TurnContext): Promise<boolean>;
  /** Saves the turn's changes over whatever is stored now (last writer wins, as botbuilder's own states always do). */
  overwrite(context: TurnContext): Promise<void>;
}

export function isConsistentState(state: BotState): state is ConsistentBotState {
  const candidate = state as Partial<ConsistentBotState>;
  return typeof candidate.saveIfChanged === 'function' && typeof candidate.overwrite === 'function';
}

/** What a store's conflict looks like: our typed error, or botbuilder's MemoryStorage / BlobsStorage message. */
export function isStorageConflict(error: unknown): boolean {
  return error instanceof StorageConflictError || (error instanceof Error && /\beTag conflict\b/i.test(error.message));
}

interface Cached {
  state: Record<string, unknown>;
  /** changeHash of the state as loaded or last saved. */
  hash: string;
  /** The eTag to write with: the stored one as read, NOT_STORED_ETAG when nothing was stored, '*' when unknown. */
  eTag: string;
}

/** The per-turn cache and eTag bookkeeping shared by the two state classes. */
class ETagTracker {
  readonly #slot = Symbol('consistentState');

  constructor(
    readonly stateName: string,
    private readonly storage: Storage,
    private readonly storageKey: (context: TurnContext) => Promise<string> | string,
  ) {}

  async load(context: TurnContext, force: boolean): Promise<Record<string, unknown>> {
    const cached = this.#cached(context);
    if (cached && !force) return cached.state;
    const key = await this.storageKey(context);
    const stored = (await this.storage.read([key]))[key] as StoreItem | undefined;
    const state: Record<string, unknown> = stored ?? {};
    const eTag = stored === undefined ? NOT_STORED_ETAG : usableETag(stored.eTag) ?? '*';
    // The storage's own JSON text of the item, when it has one (LowdbStorage), is the hash: no need to make it again.
    const hash = (stored !== undefined ? takeReadJson(stored) : undefined) ?? changeHash(state);
    context.turnState.set(this.#slot, { state, hash, eTag } satisfies Cached);
    return state;
  }

  hasChanges(context: TurnContext): boolean {
    const cached = this.#cached(context);
    return cached !== undefined && cached.hash !== changeHash(cached.state);
  }

  /** Saves the turn's changes; resolves true when it wrote, false when nothing had changed. */
  async saveChanges(context: TurnContext, force: boolean): Promise<boolean> {
    const loaded = this.#cached(context);
    if (!force && loaded === undefined) return false;
    const cached: Cached = loaded ?? { state: {}, hash: '', eTag: '*' };
    const hash = changeHash(cached.state);
    if (!force && hash === cached.hash) return false;
    const key = await this.storageKey(context);
    const item: StoreItem = { ...cached.state, eTag: cached.eTag };
    // The same text, unless the state could not be written as JSON: the storage writes it as is.
    if (isJsonHash(hash)) rememberWriteJson(item, hash);
    try {
      await this.storage.write({ [key]: item });
    } catch (error) {
      if (isStorageConflict(error) && (await this.#changedSince(key, cached.eTag))) {
        throw new StateConflictError(this.stateName, { cause: error });
      }
      throw error;
    }
    // LowdbStorage and AzureBlobsStorage set the new eTag on the written item; MemoryStorage does not, and then a second
    // save in the same turn overwrites (as botbuilder's BotState always does).
    const written = usableETag(item.eTag);
    const eTag = written !== undefined && written !== cached.eTag ? written : '*';
    context.turnState.set(this.#slot, { state: cached.state, hash, eTag } satisfies Cached);
    return true;
  }

  async overwrite(context: TurnContext): Promise<void> {
    const cached = this.#cached(context);
    if (cached) cached.eTag = '*';
    await this.saveChanges(context, false);
  }

  clear(context: TurnContext): void {
    // An empty state, saved against the version this turn read: clearing does not overrule someone else's change.
    const eTag = this.#cached(context)?.eTag ?? '*';
    context.turnState.set(this.#slot, { state: {}, hash: '', eTag } satisfies Cached);
  }

  async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.#slot);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  get(context: TurnContext): Record<string, unknown> | undefined {
    return this.#cached(context)?.state;
  }

  /**
   * Whether the stored item shows another writer since the turn read it. A storage's conflict is believed only then:
   * running a turn again is no cure for a storage that fails for another reason (and says "conflict").
   */
  async #changedSince(key: string, eTag: string): Promise<boolean> {
    if (eTag === '*') return false;
    try {
      const stored = (await this.storage.read([key]))[key] as StoreItem | undefined;
      if (eTag === NOT_STORED_ETAG) return stored !== undefined;
      return stored === undefined || usableETag(stored.eTag) !== eTag;
    } catch {
      return false;
    }
  }

  #cached(context: TurnContext): Cached | undefined {
    return context.turnState.get(this.#slot) as Cached | undefined;
  }
}

/**
 * What botbuilder's calculateChangeHash tells (the state without its eTag, as text), with the engine's JSON.stringify:
 * several times faster on every turn. A state that JSON cannot write (a cycle, a BigInt) falls back to botbuilder's.
 */
export function changeHash(state: Record<string, unknown>): string {
  try {
    const { eTag: _eTag, ...rest } = state;
    return JSON.stringify(rest);
  } catch {
    return FALLBACK_PREFIX + calculateChangeHash(state);
  }
}

/** Marks a hash that is not the state's JSON text (botbuilder's calculateChangeHash was needed). */
const FALLBACK_PREFIX = '\u0000';

function isJsonHash(hash: string): boolean {
  return !hash.startsWith(FALLBACK_PREFIX);
}

function usableETag(eTag: unknown): string | undefined {
  return typeof eTag === 'string' && eTag !== '' && eTag !== '*' && eTag !== NOT_STORED_ETAG ? eTag : undefined;
}

/**
 * botbuilder's BotStatePropertyAccessor, the same behaviour as native async functions that use the state the turn has
 * already loaded without going back to the storage layer. A turn reads and writes its properties a few dozen times, and
 * botbuilder's accessor (compiled to generators) allocates a generator and several promises on each.
 */
export class StateProperty<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly state: BotState,
    readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const obj = await this.#stateOf(context);
    if (!Object.prototype.hasOwnProperty.call(obj, this.name) && defaultValue !== undefined) {
      // A copy: the default object handed in may be shared (a constant), the state's own must not be.
      obj[this.name] = typeof defaultValue === 'object' ? JSON.parse(JSON.stringify(defaultValue)) : defaultValue;
    }
    return obj[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    (await this.#stateOf(context))[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const obj = await this.#stateOf(context);
    if (Object.prototype.hasOwnProperty.call(obj, this.name)) delete obj[this.name];
  }

  #stateOf(context: TurnContext): Record<string, unknown> | Promise<Record<string, unknown>> {
    return (this.state.get(context) as Record<string, unknown> | undefined) ?? this.state.load(context);
  }
}

/**
 * botbuilder's ConversationState, saved with the eTag the turn read instead of `*`: when another turn of the same
 * conversation saved first (on another instance of the bot), `saveChanges` throws {@link StateConflictError} instead of
 * silently overwriting that turn's changes. A conversation that was not stored yet is created only if nobody created it
 * meanwhile. Same storage keys and stored shape as ConversationState.
 */
export class ConsistentConversationState extends ConversationState implements ConsistentBotState {
  readonly stateName = 'conversation';
  readonly #tracker: ETagTracker;

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
    this.#tracker = new ETagTracker(this.stateName, storage, (context) => this.storageKey(context));
  }

  override createProperty<T = unknown>(name: string): StatePropertyAccessor<T> {
    return new StateProperty<T>(this, name);
  }

  override load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    return this.#tracker.load(context, force);
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await this.#tracker.saveChanges(context, force);
  }

  saveIfChanged(context: TurnContext): Promise<boolean> {
    return this.#tracker.saveChanges(context, false);
  }

  override async clear(context: TurnContext): Promise<void> {
    this.#tracker.clear(context);
  }

  override delete(context: TurnContext): Promise<void> {
    return this.#tracker.delete(context);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.#tracker.get(context);
  }

  hasChanges(context: TurnContext): boolean {
    return this.#tracker.hasChanges(context);
  }

  overwrite(context: TurnContext): Promise<void> {
    return this.#tracker.overwrite(context);
  }
}

/** botbuilder's UserState, saved with the eTag the turn read (see {@link ConsistentConversationState}). */
export class ConsistentUserState extends UserState implements ConsistentBotState {
  readonly stateName = 'user';
  readonly #tracker: ETagTracker;

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
    this.#tracker = new ETagTracker(this.stateName, storage, (context) => this.storageKey(context));
  }

  override createProperty<T = unknown>(name: string): StatePropertyAccessor<T> {
    return new StateProperty<T>(this, name);
  }

  override load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    return this.#tracker.load(context, force);
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await this.#tracker.saveChanges(context, force);
  }

  saveIfChanged(context: TurnContext): Promise<boolean> {
    return this.#tracker.saveChanges(context, false);
  }

  override async clear(context: TurnContext): Promise<void> {
    this.#tracker.clear(context);
  }

  override delete(context: TurnContext): Promise<void> {
    return this.#tracker.delete(context);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.#tracker.get(context);
  }

  hasChanges(context: TurnContext): boolean {
    return this.#tracker.hasChanges(context);
  }

  overwrite(context: TurnContext): Promise<void> {
    return this.#tracker.overwrite(context);
  }
}

/**
 * Saves the turn's states in order; the first one that writes is the turn's commit point. A conflict before anything
 * was written throws {@link StateConflictError} (nothing of the turn is stored, so it can run again). A conflict after
 * the commit point cannot be undone by running the turn again (the turn's effect on the first state is stored): that
 * state is then written over what is stored, and `onOverwrite` is told. Blob Storage has no transaction across two
 * blobs, so this order is what keeps a retried turn from being applied twice.
 *
 * Pass the conversation state first: every turn of a person changes it (the session record), so a concurrent turn of
 * the same conversation always conflicts there, before anything is written. The user state conflicts after it only
 * when the same person changed their profile in another conversation at the same moment.
 */
export async function saveTurnState(
  context: TurnContext,
  states: readonly BotState[],
  onOverwrite?: (stateName: string) => void,
): Promise<void> {
  let committed = false;
  for (const state of states) {
    const consistent = isConsistentState(state) ? state : undefined;
    let wrote = true;
    try {
      if (consistent) wrote = await consistent.saveIfChanged(context);
      else await state.saveChanges(context, false);
    } catch (error) {
      if (!(error instanceof StateConflictError) || !committed || !consistent) throw error;
      onOverwrite?.(consistent.stateName);
      await consistent.overwrite(context);
    }
    committed ||= wrote;
  }
}
