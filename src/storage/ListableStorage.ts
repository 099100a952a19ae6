import { MemoryStorage, type Storage } from 'botbuilder';

/** A storage that can list its keys by prefix, for maintenance jobs such as retention and erasure. */
export interface ListableStorage extends Storage {
  keys(prefix?: string): AsyncIterable<string>;
}

export function isListable(storage: Storage): storage is ListableStorage {
  return typeof (storage as Partial<ListableStorage>).keys === 'function';
}

/** botbuilder's MemoryStorage, able to list its keys (STORAGE=memory and tests). */
export class ListableMemoryStorage extends MemoryStorage implements ListableStorage {
  async *keys(prefix = ''): AsyncGenerator<string> {
    // MemoryStorage deletes by setting undefined: such keys are gone.
    for (const key of Object.keys(this.memory).sort()) if (this.memory[key] !== undefined && key.startsWith(prefix)) yield key;
  }
}
