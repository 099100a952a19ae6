import type { Storage, StoreItems } from 'botbuilder';
import type { ListableStorage } from '../../src/storage/ListableStorage';
import type { ReadyStorage } from '../../src/storage/readiness';

type Inner = Storage & Partial<Pick<ListableStorage, 'keys'>> & ReadyStorage;

/** One hook, run the first time a given key is read or written, then never again. */
export interface KeyHook {
  key: string;
  run: () => Promise<void> | void;
}

/**
 * A storage that passes everything to another one, with hooks that make two bot instances overlap deterministically:
 * `afterFirstRead` runs once the first read of its key has returned (and holds that read's result back until it
 * resolves), `beforeFirstWrite` runs before the first write of its key, `afterFirstWrite` after it succeeded or failed.
 * It also counts writes per key, to show which turn wrote what.
 */
export class GatedStorage implements Storage, ReadyStorage {
  afterFirstRead: KeyHook | undefined;
  beforeFirstWrite: KeyHook | undefined;
  afterFirstWrite: KeyHook | undefined;
  readonly writes: Array<{ key: string; ok: boolean }> = [];

  constructor(private readonly inner: Inner) {}

  async read(keys: string[]): Promise<StoreItems> {
    const result = await this.inner.read(keys);
    const hook = take(this, 'afterFirstRead', keys);
    if (hook) await hook.run();
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    const before = take(this, 'beforeFirstWrite', keys);
    if (before) await before.run();
    const after = take(this, 'afterFirstWrite', keys);
    try {
      await this.inner.write(changes);
      for (const key of keys) this.writes.push({ key, ok: true });
    } catch (error) {
      for (const key of keys) this.writes.push({ key, ok: false });
      throw error;
    } finally {
      if (after) await after.run();
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  async ping(): Promise<void> {
    await this.inner.ping?.();
  }
}

function take(storage: GatedStorage, slot: 'afterFirstRead' | 'beforeFirstWrite' | 'afterFirstWrite', keys: string[]): KeyHook | undefined {
  const hook = storage[slot];
  if (!hook || !keys.includes(hook.key)) return undefined;
  storage[slot] = undefined;
  return hook;
}

/** Resolves when `parties` callers have arrived; rejects them all if that takes longer than `timeoutMs`. */
export function barrier(parties: number, timeoutMs = 10_000): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  let fail!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  const timer = setTimeout(() => fail(new Error(`barrier: only ${arrived} of ${parties} arrived within ${timeoutMs} ms`)), timeoutMs);
  return () => {
    arrived += 1;
    if (arrived === parties) {
      clearTimeout(timer);
      open();
    }
    return opened;
  };
}

/** A promise and its resolve function; waiting on it fails after `timeoutMs`. */
export function signal(timeoutMs = 10_000): { fire: () => void; wait: () => Promise<void> } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return {
    fire,
    wait: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`signal: not fired within ${timeoutMs} ms`)), timeoutMs);
        void fired.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
