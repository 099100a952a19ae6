import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { AdviserSchema, type Adviser } from './Adviser';
import { readDoc, updateDoc, writeDoc } from './storageDocs';

const AdviserIndexSchema = z.object({ usernames: z.array(z.string()) });

export const AdviserKeys = {
  adviser: (username: string): string => `advisers/${username}`,
  index: 'advisers/index',
} as const;

export class AdviserExistsError extends Error {
  override readonly name = 'AdviserExistsError';
  constructor(readonly username: string) {
    super(`an adviser "${username}" already exists`);
  }
}

export class AdviserNotFoundError extends Error {
  override readonly name = 'AdviserNotFoundError';
  constructor(readonly username: string) {
    super(`no adviser "${username}"`);
  }
}

/** Adviser accounts in the bot's storage: one document each, and an index (Storage cannot list keys). */
export class AdviserStore {
  constructor(private readonly storage: Storage) {}

  async get(username: string): Promise<Adviser | undefined> {
    return (await readDoc(this.storage, AdviserKeys.adviser(username), AdviserSchema))?.value;
  }

  async list(): Promise<Adviser[]> {
    const index = await readDoc(this.storage, AdviserKeys.index, AdviserIndexSchema);
    const usernames = index?.value.usernames ?? [];
    if (usernames.length === 0) return [];
    const items = await this.storage.read(usernames.map(AdviserKeys.adviser));
    const advisers: Adviser[] = [];
    for (const username of usernames) {
      const raw = items[AdviserKeys.adviser(username)] as Record<string, unknown> | undefined;
      if (!raw) continue;
      const { eTag: _eTag, ...rest } = raw;
      const parsed = AdviserSchema.safeParse(rest);
      if (parsed.success) advisers.push(parsed.data);
    }
    return advisers.sort((a, b) => a.username.localeCompare(b.username));
  }

  async add(adviser: Adviser): Promise<Adviser> {
    const parsed = AdviserSchema.parse(adviser);
    if (await this.get(parsed.username)) throw new AdviserExistsError(parsed.username);
    await writeDoc(this.storage, AdviserKeys.adviser(parsed.username), parsed);
    await updateDoc(this.storage, AdviserKeys.index, AdviserIndexSchema, (current) => {
      const usernames = current?.usernames ?? [];
      return usernames.includes(parsed.username) ? undefined : { usernames: [...usernames, parsed.username] };
    });
    return parsed;
  }

  async update(username: string, change: (adviser: Adviser) => Adviser): Promise<Adviser> {
    const updated = await updateDoc(this.storage, AdviserKeys.adviser(username), AdviserSchema, (current) => {
      if (!current) throw new AdviserNotFoundError(username);
      return AdviserSchema.parse({ ...change(current), username });
    });
    if (!updated) throw new AdviserNotFoundError(username);
    return updated;
  }

  async remove(username: string): Promise<void> {
    if (!(await this.get(username))) throw new AdviserNotFoundError(username);
    await updateDoc(this.storage, AdviserKeys.index, AdviserIndexSchema, (current) =>
      current ? { usernames: current.usernames.filter((u) => u !== username) } : undefined,
    );
    await this.storage.delete([AdviserKeys.adviser(username)]);
  }
}
