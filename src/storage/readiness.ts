import type { Storage } from 'botbuilder';

/** A storage that can prove it is readable and writable, for /readyz. */
export interface ReadyStorage extends Storage {
  ping?(): Promise<void>;
  close?(): Promise<void>;
}

const PROBE_KEY = '__readyz_probe__';

/** Proves the storage answers: a write and a read-back of a probe key, through the Storage interface itself. */
export async function checkStorage(storage: ReadyStorage): Promise<void> {
  if (storage.ping) {
    await storage.ping();
    return;
  }
  const stamp = String(Date.now());
  await storage.write({ [PROBE_KEY]: { stamp, eTag: '*' } });
  const read = await storage.read([PROBE_KEY]);
  if ((read[PROBE_KEY] as { stamp?: string } | undefined)?.stamp !== stamp) throw new Error('storage did not read back its probe');
}
