import { createHash, randomBytes } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { readDoc, writeDoc } from '../handoff/storageDocs';

export const SessionSchema = z.object({
  username: z.string(),
  csrfToken: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

const keyOf = (id: string): string => `console/sessions/${createHash('sha256').update(id).digest('hex')}`;

/**
 * Console sessions in the bot's storage (so a restart does not sign advisers out). The cookie holds a random id; the
 * storage key is its SHA-256, so reading the storage does not give anyone a usable cookie.
 */
export class SessionStore {
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly storage: Storage,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? 12 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  async create(username: string): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const session: Session = { username, csrfToken: randomBytes(32).toString('base64url'), createdAt: this.now(), expiresAt: this.now() + this.ttlMs };
    await writeDoc(this.storage, keyOf(id), session);
    return { id, session };
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id || id.length > 100) return undefined;
    const stored = await readDoc(this.storage, keyOf(id), SessionSchema).catch(() => undefined);
    if (!stored) return undefined;
    if (stored.value.expiresAt <= this.now()) {
      await this.destroy(id);
      return undefined;
    }
    return stored.value;
  }

  async destroy(id: string): Promise<void> {
    await this.storage.delete([keyOf(id)]);
  }

  get maxAgeSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }
}
