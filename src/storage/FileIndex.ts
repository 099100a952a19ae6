import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** How many leading hex digits of a file's hash the index keeps: 28 bits, small integers in a Set (about 24 bytes each). */
const PREFIX_DIGITS = 7;

/**
 * Which item files may exist, so that reading a key that was never stored (every new conversation reads three) needs
 * no failed file open: listed once from the item folders after open (in the background), then kept up to date by the
 * writes. It keeps only the first 28 bits of each file's hash: two keys can share them, so it answers "may exist" or
 * "does not exist", never "exists". It forgets nothing (a deleted key may share its prefix with a stored one); a key
 * deleted since open costs a file open, as before. Until the listing is complete, every key may exist.
 */
export class FileIndex {
  #prefixes = new Set<number>();
  #complete = false;
  /** Bumped by reset(): a listing started before it does not mark the new index complete. */
  #generation = 0;
  #listing: Promise<void> = Promise.resolve();

  /** Whether a file with this hash may exist. */
  mayExist(hash: string): boolean {
    return !this.#complete || this.#prefixes.has(prefixOf(hash));
  }

  /** A file with this hash is about to be written. */
  add(hash: string): void {
    this.#prefixes.add(prefixOf(hash));
  }

  /** Forgets everything (the folder changed hands); until the next listing, every key may exist. */
  reset(): void {
    this.#generation += 1;
    this.#complete = false;
    this.#prefixes = new Set();
  }

  /**
   * Lists the item folders (`<itemsDir>/<2 hex>/<hash>.json`) in the background. If a folder cannot be read, the index
   * stays incomplete and every key may exist: slower, never wrong.
   */
  list(itemsDir: string): Promise<void> {
    const generation = this.#generation;
    this.#listing = (async () => {
      try {
        const folders = await readdir(itemsDir);
        for (const folder of folders) {
          for (const name of await readdir(path.join(itemsDir, folder))) {
            if (generation !== this.#generation) return;
            if (name.endsWith('.json') && !name.startsWith('.')) this.#prefixes.add(prefixOf(name));
          }
        }
        if (generation === this.#generation) this.#complete = true;
      } catch {
        // Stays incomplete.
      }
    })();
    return this.#listing;
  }

  /** Resolves when the listing under way has finished (for tests and tools). */
  whenListed(): Promise<void> {
    return this.#listing;
  }

  get complete(): boolean {
    return this.#complete;
  }
}

function prefixOf(hash: string): number {
  return Number.parseInt(hash.slice(0, PREFIX_DIGITS), 16);
}
