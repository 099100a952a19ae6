/**
 * JSON text already made for a stored item, handed from one layer to the next so the same state is not written as
 * JSON several times a turn: the storage reads an item from its JSON text (LowdbStorage) and the bot state compares
 * the state with that text to see whether the turn changed it; the bot state writes a state it has just made into
 * JSON, and the storage keeps that text.
 *
 * The text is always exactly `JSON.stringify` of the item without its `eTag`, made when the item was made. Each
 * direction has its own table, and a text is taken once: whoever takes it uses it before the item can change (a read
 * item changes once the turn runs; that text must never reach a write).
 */
const fromStorage = new WeakMap<object, string>();
const toStorage = new WeakMap<object, string>();

function take(table: WeakMap<object, string>, item: object): string | undefined {
  const json = table.get(item);
  if (json !== undefined) table.delete(item);
  return json;
}

/** A storage read this item from this text. */
export const rememberReadJson = (item: object, json: string): void => void fromStorage.set(item, json);
/** The text an item was read from (once). */
export const takeReadJson = (item: object): string | undefined => take(fromStorage, item);
/** This new item, about to be written, is this text. */
export const rememberWriteJson = (item: object, json: string): void => void toStorage.set(item, json);
/** The text of an item being written (once). */
export const takeWriteJson = (item: object): string | undefined => take(toStorage, item);
