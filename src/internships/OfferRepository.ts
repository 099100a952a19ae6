import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import { StorageConflictError } from '../storage/errors';
import { KeyedSerialQueue } from '../util/KeyedSerialQueue';
import { OfferConflictError, OfferNotFoundError, OfferNotOpenError, OfferTransitionError } from './errors';
import {
  InternshipOfferSchema,
  OfferDraftSchema,
  OfferOwnerSchema,
  nextOfferStatus,
  type InternshipOffer,
  type OfferAction,
  type OfferDraft,
  type OfferOwner,
  type OfferStatus,
} from './InternshipOffer';
import { ReferralSchema, type Referral, type ReferralInput } from './Referral';

export interface OfferRepositoryOptions {
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  /** New ids (tests may pass predictable ones); must be UUIDs. */
  newId?: () => string;
  /** How many times a write is tried again after an eTag conflict. */
  maxAttempts?: number;
  /** Told about a stored item that no longer parses; it is then left out of every answer. */
  onInvalid?: (key: string, error: z.ZodError) => void;
}

/** Storage keys. Ids are UUIDs; owner ids come from channels, so they are encoded. */
export const OfferKeys = {
  offer: (id: string): string => `offers/${id}`,
  status: (status: OfferStatus): string => `offers/index/${status}`,
  owner: (owner: OfferOwner): string =>
    `offers/owner/${encodeURIComponent(owner.channelId)}/${encodeURIComponent(owner.userId)}`,
  referral: (id: string): string => `referrals/${id}`,
  referralsOf: (offerId: string): string => `referrals/offer/${offerId}`,
} as const;

const IndexSchema = z.object({ ids: z.array(z.string()) });

function isConflict(error: unknown): boolean {
  if (error instanceof StorageConflictError) return true;
  if (typeof error === 'object' && error !== null) {
    // Cosmos DB and Blob storage answer a stale eTag with HTTP 412.
    const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
    if (statusCode === 412 || code === 412) return true;
  }
  // botbuilder's MemoryStorage rejects with a plain Error.
  return error instanceof Error && /etag conflict/iu.test(error.message);
}

function sameOwner(a: OfferOwner, b: OfferOwner): boolean {
  return a.channelId === b.channelId && a.userId === b.userId;
}

const byCreation = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Internship offers and referrals over botbuilder's `Storage`.
 *
 * Layout: each offer at `offers/<id>` (the truth), plus index documents `{ ids }` per status and per owner, and per
 * offer for referrals. Every change of an existing item is written with the eTag it was read with and retried on a
 * conflict, so two writers never overwrite each other; within this process, writes to one key also wait for each
 * other. An index may briefly name an offer that has another status (a crash between two writes): readers check each
 * offer's own status, so such an entry is never shown in the wrong list.
 *
 * Limits: creating an index document that does not exist yet cannot be made conditional through `Storage` (botbuilder
 * stores an item that does not exist whatever eTag it carries), so two processes creating the same index at the same
 * moment could lose one entry. One bot process (the lowdb lock) cannot hit this.
 */
export class OfferRepository {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly maxAttempts: number;
  private readonly onInvalid: ((key: string, error: z.ZodError) => void) | undefined;
  private readonly queue = new KeyedSerialQueue();

  constructor(
    private readonly storage: Storage,
    options: OfferRepositoryOptions = {},
  ) {
    if (!storage) throw new ReferenceError('OfferRepository needs a storage');
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.onInvalid = options.onInvalid;
  }

  /** Stores a new offer as `pending` (waiting for an adviser), owned by the employer who filled in the form. */
  async create(draft: OfferDraft, owner: OfferOwner): Promise<InternshipOffer> {
    const at = this.now().toISOString();
    const offer = InternshipOfferSchema.parse({
      ...OfferDraftSchema.parse(draft),
      id: this.newId(),
      status: 'pending',
      owner: OfferOwnerSchema.parse(owner),
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'pending', at }],
    });
    // Indexes first: an index entry without its offer is skipped by readers; an offer no index names would be lost.
    await this.addToIndex(OfferKeys.status('pending'), offer.id);
    await this.addToIndex(OfferKeys.owner(offer.owner), offer.id);
    await this.storage.write({ [OfferKeys.offer(offer.id)]: { ...offer } });
    return offer;
  }

  async get(id: string): Promise<InternshipOffer | undefined> {
    return (await this.readOffer(id))?.offer;
  }

  /** The offers that have this status now, oldest first. */
  async listByStatus(status: OfferStatus): Promise<InternshipOffer[]> {
    const offers = await this.readOffers(await this.readIds(OfferKeys.status(status)));
    return offers.filter((offer) => offer.status === status).sort(byCreation);
  }

  /** One employer's offers, whatever their status, newest first. */
  async listByOwner(owner: OfferOwner): Promise<InternshipOffer[]> {
    const offers = await this.readOffers(await this.readIds(OfferKeys.owner(owner)));
    return offers.filter((offer) => sameOwner(offer.owner, owner)).sort((a, b) => byCreation(b, a));
  }

  /** An adviser approves a pending offer: from now on newcomers can find it. */
  approve(id: string): Promise<InternshipOffer> {
    return this.transition(id, 'approve');
  }

  /** An adviser rejects a pending (or pulls an approved) offer. */
  reject(id: string): Promise<InternshipOffer> {
    return this.transition(id, 'reject');
  }

  /** The employer who owns the offer withdraws it. Someone else's offer is reported as not found. */
  withdraw(id: string, owner: OfferOwner): Promise<InternshipOffer> {
    return this.transition(id, 'withdraw', owner);
  }

  /** Records a newcomer's interest in an approved offer (after their consent). */
  async addReferral(input: ReferralInput): Promise<Referral> {
    const offer = await this.get(input.offerId);
    if (offer?.status !== 'approved') throw new OfferNotOpenError(input.offerId, offer?.status);
    const referral = ReferralSchema.parse({ ...input, id: this.newId(), createdAt: this.now().toISOString() });
    await this.addToIndex(OfferKeys.referralsOf(referral.offerId), referral.id);
    await this.storage.write({ [OfferKeys.referral(referral.id)]: { ...referral } });
    return referral;
  }

  /** The referrals recorded for an offer, oldest first. */
  async listReferrals(offerId: string): Promise<Referral[]> {
    const ids = await this.readIds(OfferKeys.referralsOf(offerId));
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map(OfferKeys.referral));
    const referrals: Referral[] = [];
    for (const id of ids) {
      const key = OfferKeys.referral(id);
      const item = items[key];
      if (item === undefined) continue;
      const parsed = ReferralSchema.safeParse(item);
      if (parsed.success) referrals.push(parsed.data);
      else this.onInvalid?.(key, parsed.error);
    }
    return referrals.filter((referral) => referral.offerId === offerId).sort(byCreation);
  }

  private transition(id: string, action: OfferAction, owner?: OfferOwner): Promise<InternshipOffer> {
    const key = OfferKeys.offer(id);
    return this.queue.run(key, async () => {
      const addedTo = new Set<OfferStatus>();
      try {
        for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
          const found = await this.readOffer(id);
          if (!found || (owner && !sameOwner(found.offer.owner, owner))) throw new OfferNotFoundError(id);
          const from = found.offer.status;
          const to = nextOfferStatus(from, action);
          if (to === undefined) throw new OfferTransitionError(id, from, action);
          // The new list first: a crash after this leaves an entry that readers skip, never an offer in no list.
          await this.addToIndex(OfferKeys.status(to), id);
          addedTo.add(to);
          const at = this.now().toISOString();
          const updated = InternshipOfferSchema.parse({
            ...found.offer,
            status: to,
            updatedAt: at,
            history: [...found.offer.history, { status: to, at }],
          });
          try {
            await this.storage.write({ [key]: { ...updated, eTag: found.eTag } });
          } catch (error) {
            if (isConflict(error) && attempt < this.maxAttempts) continue;
            if (isConflict(error)) throw new OfferConflictError(key, attempt, { cause: error });
            throw error;
          }
          addedTo.delete(to);
          await this.removeFromIndex(OfferKeys.status(from), id);
          return updated;
        }
        throw new OfferConflictError(key, this.maxAttempts);
      } catch (error) {
        await this.undoIndexEntries(id, addedTo);
        throw error;
      }
    });
  }

  /** After a failed change: take the offer out of the lists it was added to but does not belong to. */
  private async undoIndexEntries(id: string, addedTo: Set<OfferStatus>): Promise<void> {
    if (addedTo.size === 0) return;
    const current = (await this.readOffer(id))?.offer.status;
    for (const status of addedTo) {
      if (status !== current) await this.removeFromIndex(OfferKeys.status(status), id);
    }
  }

  private async readOffer(id: string): Promise<{ offer: InternshipOffer; eTag: string | undefined } | undefined> {
    const key = OfferKeys.offer(id);
    const item = (await this.storage.read([key]))[key];
    if (item === undefined) return undefined;
    const parsed = InternshipOfferSchema.safeParse(item);
    if (!parsed.success) {
      this.onInvalid?.(key, parsed.error);
      return undefined;
    }
    return { offer: parsed.data, eTag: item.eTag };
  }

  private async readOffers(ids: readonly string[]): Promise<InternshipOffer[]> {
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map(OfferKeys.offer));
    const offers: InternshipOffer[] = [];
    for (const id of ids) {
      const key = OfferKeys.offer(id);
      const item = items[key];
      if (item === undefined) continue;
      const parsed = InternshipOfferSchema.safeParse(item);
      if (parsed.success && parsed.data.id === id) offers.push(parsed.data);
      else if (!parsed.success) this.onInvalid?.(key, parsed.error);
    }
    return offers;
  }

  private async readIndex(key: string): Promise<{ ids: string[]; eTag: string | undefined }> {
    const item: StoreItem | undefined = (await this.storage.read([key]))[key];
    if (item === undefined) return { ids: [], eTag: undefined };
    const parsed = IndexSchema.safeParse(item);
    if (!parsed.success) {
      this.onInvalid?.(key, parsed.error);
      // A damaged index is rewritten (with its eTag) by the next change rather than blocking every change.
      return { ids: [], eTag: item.eTag };
    }
    return { ids: parsed.data.ids, eTag: item.eTag };
  }

  private async readIds(key: string): Promise<string[]> {
    return [...new Set((await this.readIndex(key)).ids)];
  }

  private addToIndex(key: string, id: string): Promise<void> {
    return this.updateIndex(key, (ids) => (ids.includes(id) ? ids : [...ids, id]));
  }

  private removeFromIndex(key: string, id: string): Promise<void> {
    return this.updateIndex(key, (ids) => (ids.includes(id) ? ids.filter((other) => other !== id) : ids));
  }

  /** Read, change, write with the eTag read; again on a conflict. */
  private updateIndex(key: string, change: (ids: string[]) => string[]): Promise<void> {
    return this.queue.run(key, async () => {
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        const current = await this.readIndex(key);
        const next = change(current.ids);
        if (next === current.ids) return;
        const item: StoreItem = current.eTag === undefined ? { ids: next } : { ids: next, eTag: current.eTag };
        try {
          await this.storage.write({ [key]: item });
          return;
        } catch (error) {
          if (!isConflict(error)) throw error;
          if (attempt === this.maxAttempts) throw new OfferConflictError(key, attempt, { cause: error });
        }
      }
    });
  }
}
