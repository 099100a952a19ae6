import type { StoreItem, StoreItems } from 'botbuilder';
import { takeWriteJson } from './knownJson';

/** One item of a `Storage.write` batch, checked and serialised before anything is written. */
export interface PreparedChange {
  key: string;
  /** The object passed to write(): it receives the new eTag. */
  item: StoreItem;
  /** The eTag the stored item must have, or undefined when the write overwrites whatever is stored. */
  expectedETag: string | undefined;
  /** The item without its eTag, as JSON text, taken when write() was called. */
  valueJson: string;
}

/**
 * Checks a `Storage.write` argument the way every backend of this project does (ReferenceError when missing, TypeError
 * when malformed) and copies each item, so later changes to the caller's objects cannot leak into what is written.
 * `checkKey` lets a backend refuse keys it cannot store.
 */
export function prepareChanges(changes: StoreItems, checkKey: (key: string) => void = () => undefined): PreparedChange[] {
  if (changes === null || changes === undefined) throw new ReferenceError('Changes are required when writing.');
  if (typeof changes !== 'object' || (Array.isArray(changes) && changes.length > 0)) {
    throw new TypeError('Changes must be an object that maps keys to items.');
  }
  return Object.entries(changes).map(([key, item]): PreparedChange => {
    checkKey(key);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TypeError('Each item written to storage must be a plain object.');
    }
    const storeItem = item as StoreItem;
    const eTag: unknown = storeItem.eTag;
    // The bot's states hand over the JSON they made for their change check: then the item needs no copy.
    let valueJson: string | undefined = takeWriteJson(storeItem);
    if (valueJson === undefined) {
      const { eTag: _eTag, ...value } = storeItem as Record<string, unknown>;
      try {
        valueJson = JSON.stringify(value);
      } catch (error) {
        throw new TypeError('An item written to storage cannot be converted to JSON.', { cause: error });
      }
    }
    if (!valueJson.startsWith('{')) throw new TypeError('Each item written to storage must be a plain object.');
    const expectedETag = typeof eTag === 'string' && eTag !== '' && eTag !== '*' ? eTag : undefined;
    return { key, item: storeItem, expectedETag, valueJson };
  });
}

/** Checks a `Storage.read`/`delete` argument: an array of strings (ReferenceError when missing, TypeError otherwise). */
export function checkKeys(keys: string[], doing: string, checkKey: (key: string) => void = () => undefined): string[] {
  if (keys === null || keys === undefined) throw new ReferenceError(`Keys are required when ${doing}.`);
  if (!Array.isArray(keys) || (keys as unknown[]).some((key) => typeof key !== 'string')) {
    throw new TypeError(`Keys must be an array of strings when ${doing}.`);
  }
  for (const key of keys) checkKey(key);
  return keys;
}
