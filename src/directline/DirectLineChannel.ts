import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Activity, ChannelAccount, Storage } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logger';
import { KeyedSerialQueue } from '../util/KeyedSerialQueue';

/** One conversation of the local Direct Line channel: its token, its person and what was said, with a watermark. */
interface LocalConversation {
  id: string;
  token: string;
  tokenExpiresAt: number;
  user: ChannelAccount;
  locale?: string;
  /** Activities after `firstSeq` (older ones are dropped once the history is full). */
  history: Partial<Activity>[];
  firstSeq: number;
  nextSeq: number;
  listeners: Set<(activities: Partial<Activity>[], watermark: string) => void>;
  lastActive: number;
  /** Whether the bot has had this conversation's conversationUpdate. */
  greeted: boolean;
}

/** What survives a restart of one local conversation: its token, its person and the tail of its history. */
export const StoredConversationSchema = z.object({
  id: z.string().min(1),
  token: z.string().min(1),
  tokenExpiresAt: z.number(),
  user: z.looseObject({ id: z.string() }),
  locale: z.string().optional(),
  history: z.array(z.record(z.string(), z.unknown())),
  firstSeq: z.number().int().nonnegative(),
  nextSeq: z.number().int().nonnegative(),
  greeted: z.boolean(),
  lastActive: z.number(),
});
export type StoredConversation = z.infer<typeof StoredConversationSchema>;

/** Where the local channel keeps its conversations, so a restart does not cut people off (and advisers can reach them). */
export interface DirectLineConversationStore {
  load(conversationId: string): Promise<StoredConversation | undefined>;
  loadByToken(token: string): Promise<StoredConversation | undefined>;
  save(conversation: StoredConversation): Promise<void>;
  remove(conversation: Pick<StoredConversation, 'id' | 'token'>): Promise<void>;
}

const tokenKey = (token: string): string => `directline/tokens/${createHash('sha256').update(token).digest('hex')}`;
const conversationKey = (id: string): string => `directline/conversations/${id}`;
const TokenPointerSchema = z.object({ conversationId: z.string() });

/**
 * Keeps local Direct Line conversations in the bot's Storage: `directline/conversations/<id>` (the record) and
 * `directline/tokens/<sha256(token)>` (which conversation a token opens). One process owns its conversations, so writes
 * overwrite (eTag "*").
 */
export class StorageConversationStore implements DirectLineConversationStore {
  /** Tokens whose pointer this process has written (a token never changes, so once is enough). */
  private readonly pointed = new Set<string>();

  constructor(private readonly storage: Storage) {}

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    const items = await this.storage.read([conversationKey(conversationId)]);
    const raw = items[conversationKey(conversationId)] as Record<string, unknown> | undefined;
    if (!raw) return undefined;
    const { eTag: _eTag, ...rest } = raw;
    const parsed = StoredConversationSchema.safeParse(rest);
    return parsed.success ? parsed.data : undefined;
  }

  async loadByToken(token: string): Promise<StoredConversation | undefined> {
    const items = await this.storage.read([tokenKey(token)]);
    const pointer = TokenPointerSchema.safeParse(items[tokenKey(token)] ?? {});
    if (!pointer.success) return undefined;
    const conversation = await this.load(pointer.data.conversationId);
    return conversation && conversation.token === token ? conversation : undefined;
  }

  async save(conversation: StoredConversation): Promise<void> {
    const pointer = tokenKey(conversation.token);
    await this.storage.write({
      [conversationKey(conversation.id)]: { ...conversation, eTag: '*' },
      ...(this.pointed.has(pointer) ? {} : { [pointer]: { conversationId: conversation.id, eTag: '*' } }),
    });
    this.pointed.add(pointer);
  }

  async remove(conversation: Pick<StoredConversation, 'id' | 'token'>): Promise<void> {
    this.pointed.delete(tokenKey(conversation.token));
    await this.storage.delete([conversationKey(conversation.id), tokenKey(conversation.token)]);
  }
}

export interface DirectLineChannelOptions {
  /** Hands an activity to the bot and resolves when the bot's turn is over. */
  deliver: (activity: Partial<Activity>) => Promise<void>;
  /** Where the bot sends its replies (this server's local connector endpoint). */
  serviceUrl: () => string;
  bot: ChannelAccount;
  logger: Logger;
  /** When set, starting a conversation or minting a token needs it. */
  secret?: string;
  channelId?: string;
  tokenTtlSeconds?: number;
  maxHistory?: number;
  idleTimeoutMs?: number;
  now?: () => number;
  /** Keeps conversations across restarts. Without it they live in memory only. */
  store?: DirectLineConversationStore;
  /** How many of the latest activities of a conversation are kept in the store (default 20). */
  storedHistory?: number;
}

export class DirectLineError extends Error {
  override readonly name = 'DirectLineError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ConversationTicket {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

const randomId = (bytes: number): string => randomBytes(bytes).toString('base64url');

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A Direct Line 3.0–compatible channel served by the bot itself, so Web Chat and DirectLineJS talk to it with no Azure.
 * Conversation ids and tokens carry 144 bits of randomness; a token opens only its own conversation. With a `store`,
 * conversations survive a restart: they are loaded back on first use (by id or by token).
 */
export class DirectLineChannel {
  private readonly conversations = new Map<string, LocalConversation>();
  private readonly conversationByToken = new Map<string, string>();
  private readonly saves = new KeyedSerialQueue();
  private readonly dirty = new Set<string>();
  private readonly storedHistory: number;
  private readonly tokenTtl: number;
  private readonly maxHistory: number;
  private readonly idleTimeoutMs: number;
  private readonly now: () => number;
  readonly channelId: string;

  constructor(private readonly options: DirectLineChannelOptions) {
    this.tokenTtl = options.tokenTtlSeconds ?? 1800;
    this.maxHistory = options.maxHistory ?? 1000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
    this.channelId = options.channelId ?? 'directline';
    this.storedHistory = options.storedHistory ?? 20;
  }

  get size(): number {
    return this.conversations.size;
  }

  /** POST /tokens/generate: a token bound to a new conversation, handed to a browser by a page's back end. */
  async generateToken(authorization: string | undefined, body: unknown): Promise<ConversationTicket> {
    this.checkSecret(authorization);
    const conversation = this.create(body);
    return { conversationId: conversation.id, token: conversation.token, expires_in: this.tokenTtl };
  }

  /** POST /conversations: starts a conversation (or returns the one a token is bound to) and greets the bot. */
  async start(authorization: string | undefined, body: unknown, streamUrlFor: (c: ConversationTicket) => string): Promise<{ created: boolean; ticket: ConversationTicket }> {
    const bound = await this.byToken(authorization);
    if (bound) {
      const ticket = this.ticket(bound);
      const created = !bound.greeted;
      if (created) await this.greet(bound);
      return { created, ticket: { ...ticket, streamUrl: streamUrlFor(ticket) } };
    }
    this.checkSecret(authorization);
    const conversation = this.create(body);
    await this.greet(conversation);
    const ticket = this.ticket(conversation);
    return { created: true, ticket: { ...ticket, streamUrl: streamUrlFor(ticket) } };
  }

  /** GET /conversations/{id}: reconnect; a fresh stream URL from the watermark on. */
  async reconnect(authorization: string | undefined, conversationId: string): Promise<ConversationTicket> {
    const conversation = await this.authorise(authorization, conversationId);
    return this.ticket(conversation);
  }

  /** POST /tokens/refresh */
  async refresh(authorization: string | undefined): Promise<{ token: string; expires_in: number; conversationId: string }> {
    const conversation = await this.byToken(authorization);
    if (!conversation) throw new DirectLineError(403, 'the token is not valid');
    conversation.tokenExpiresAt = this.now() + this.tokenTtl * 1000;
    this.persist(conversation);
    return { conversationId: conversation.id, token: conversation.token, expires_in: this.tokenTtl };
  }

  /** GET /conversations/{id}/activities?watermark=W */
  async activities(authorization: string | undefined, conversationId: string, watermark?: string): Promise<{ activities: Partial<Activity>[]; watermark: string }> {
    const conversation = await this.authorise(authorization, conversationId);
    return this.since(conversation, watermark);
  }

  /** POST /conversations/{id}/activities: the person's activity, stamped, kept in the history and given to the bot. */
  async post(authorization: string | undefined, conversationId: string, body: unknown): Promise<{ id: string }> {
    const conversation = await this.authorise(authorization, conversationId);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DirectLineError(400, 'the body must be an activity object');
    }
    const incoming = body as Partial<Activity>;
    if (typeof incoming.type !== 'string' || incoming.type === '') throw new DirectLineError(400, 'the activity has no type');
    // The person is who the conversation was started for: a client cannot speak as someone else mid-conversation.
    const from: ChannelAccount = { ...conversation.user, role: 'user' };
    if (typeof incoming.from?.name === 'string') from.name = incoming.from.name;
    if (typeof incoming.locale === 'string') conversation.locale = incoming.locale;
    const activity: Partial<Activity> = {
      ...incoming,
      channelId: this.channelId,
      serviceUrl: this.options.serviceUrl(),
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      recipient: this.options.bot,
      from,
      timestamp: new Date(this.now()),
      localTimestamp: incoming.localTimestamp ?? new Date(this.now()),
    };
    if (conversation.locale && !activity.locale) activity.locale = conversation.locale;
    const id = this.append(conversation, activity);
    await this.options.deliver({ ...activity, id });
    return { id };
  }

  /** The bot's side (Bot Connector v3): a reply or a proactive message lands here and is pushed to the client. */
  async receiveFromBot(conversationId: string, body: unknown): Promise<{ id: string }> {
    const conversation = await this.find(conversationId);
    if (!conversation) throw new DirectLineError(404, 'no such conversation');
    if (typeof body !== 'object' || body === null) throw new DirectLineError(400, 'the body must be an activity object');
    const activity: Partial<Activity> = {
      ...(body as Partial<Activity>),
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      from: this.options.bot,
      recipient: conversation.user,
      channelId: this.channelId,
      timestamp: new Date(this.now()),
    };
    delete activity.serviceUrl;
    if (activity.type === 'typing') {
      // Like the real service: typing goes to live listeners only and is never kept in the history.
      const typingId = `${conversation.id}|typing-${randomId(6)}`;
      this.notify(conversation, [{ ...activity, id: typingId }], this.watermarkOf(conversation));
      return { id: typingId };
    }
    return { id: this.append(conversation, activity) };
  }

  async members(conversationId: string): Promise<ChannelAccount[]> {
    const conversation = await this.find(conversationId);
    if (!conversation) throw new DirectLineError(404, 'no such conversation');
    return [conversation.user, this.options.bot];
  }

  /** Subscribes to new activities (the WebSocket stream); returns the unsubscribe function. */
  async subscribe(
    token: string | undefined,
    conversationId: string,
    watermark: string | undefined,
    listener: (activities: Partial<Activity>[], watermark: string) => void,
  ): Promise<() => void> {
    const conversation = await this.authorise(token ? `Bearer ${token}` : undefined, conversationId);
    const backlog = this.since(conversation, watermark);
    if (backlog.activities.length > 0) listener(backlog.activities, backlog.watermark);
    conversation.listeners.add(listener);
    return () => conversation.listeners.delete(listener);
  }

  /** Forgets conversations idle for longer than the idle timeout; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.idleTimeoutMs;
    let removed = 0;
    for (const [id, conversation] of this.conversations) {
      if (conversation.lastActive < cutoff && conversation.listeners.size === 0) {
        this.conversations.delete(id);
        this.conversationByToken.delete(conversation.token);
        this.dirty.delete(id);
        void this.saves
          .run(id, async () => this.options.store?.remove(conversation))
          .catch((error: unknown) => this.options.logger.warn({ err: { message: (error as Error).message } }, 'could not forget a local conversation'));
        removed += 1;
      }
    }
    return removed;
  }

  /**
   * Forgets what was said in a conversation (the person asked to delete their data, or retention): the history goes,
   * in memory and in the store; the conversation itself stays usable. Returns how many activities were dropped.
   */
  async eraseHistory(conversationId: string): Promise<number> {
    const conversation = await this.find(conversationId);
    if (!conversation) return 0;
    const dropped = conversation.history.length;
    conversation.history = [];
    conversation.firstSeq = conversation.nextSeq;
    this.persist(conversation);
    await this.flush();
    return dropped;
  }

  /** How many activities of a conversation are kept (for the person's summary of their data). */
  async historySize(conversationId: string): Promise<number> {
    return (await this.find(conversationId))?.history.length ?? 0;
  }

  /** Resolves when every conversation change so far is in the store (call before closing the storage). */
  flush(): Promise<void> {
    return this.saves.drain();
  }

  /**
   * Writes a conversation to the store after this tick. Writes of one conversation run in order and coalesce: a burst of
   * activities costs one or two writes, each with the latest state.
   */
  private persist(conversation: LocalConversation): void {
    const store = this.options.store;
    if (!store || this.dirty.has(conversation.id)) return;
    this.dirty.add(conversation.id);
    void this.saves
      .run(conversation.id, async () => {
        if (!this.dirty.delete(conversation.id)) return;
        await store.save(this.toStored(conversation));
      })
      .catch((error: unknown) => this.options.logger.error({ err: { message: (error as Error).message } }, 'could not store a local conversation'));
  }

  private toStored(conversation: LocalConversation): StoredConversation {
    const history = conversation.history.slice(-this.storedHistory);
    return {
      id: conversation.id,
      token: conversation.token,
      tokenExpiresAt: conversation.tokenExpiresAt,
      user: { ...conversation.user, id: conversation.user.id },
      ...(conversation.locale ? { locale: conversation.locale } : {}),
      history: JSON.parse(JSON.stringify(history)) as Array<Record<string, unknown>>,
      firstSeq: conversation.nextSeq - history.length,
      nextSeq: conversation.nextSeq,
      greeted: conversation.greeted,
      lastActive: conversation.lastActive,
    };
  }

  /** A conversation from memory or, after a restart, from the store. */
  private async find(conversationId: string): Promise<LocalConversation | undefined> {
    const known = this.conversations.get(conversationId);
    if (known || !this.options.store) return known;
    return this.adopt(await this.options.store.load(conversationId));
  }

  private adopt(stored: StoredConversation | undefined): LocalConversation | undefined {
    if (!stored) return undefined;
    // Another request may have loaded it meanwhile: keep one object per conversation (it holds the listeners).
    const known = this.conversations.get(stored.id);
    if (known) return known;
    const conversation: LocalConversation = {
      id: stored.id,
      token: stored.token,
      tokenExpiresAt: stored.tokenExpiresAt,
      user: stored.user as unknown as ChannelAccount,
      history: stored.history as Partial<Activity>[],
      firstSeq: stored.firstSeq,
      nextSeq: stored.nextSeq,
      listeners: new Set(),
      lastActive: stored.lastActive,
      greeted: stored.greeted,
      ...(stored.locale ? { locale: stored.locale } : {}),
    };
    this.conversations.set(conversation.id, conversation);
    this.conversationByToken.set(conversation.token, conversation.id);
    return conversation;
  }

  private create(body: unknown): LocalConversation {
    const request = (typeof body === 'object' && body !== null ? body : {}) as { user?: { id?: unknown; name?: unknown }; locale?: unknown };
    const requestedId = typeof request.user?.id === 'string' ? request.user.id : undefined;
    // Ids starting dl_ are minted by the server; a client may not claim one.
    const userId = requestedId && !requestedId.startsWith('dl_') && requestedId.length <= 128 ? requestedId : `dl_${randomId(12)}`;
    const user: ChannelAccount = { id: userId, name: typeof request.user?.name === 'string' ? request.user.name : '', role: 'user' };
    const conversation: LocalConversation = {
      id: randomId(18),
      token: randomId(32),
      tokenExpiresAt: this.now() + this.tokenTtl * 1000,
      user,
      history: [],
      firstSeq: 0,
      nextSeq: 0,
      listeners: new Set(),
      lastActive: this.now(),
      greeted: false,
    };
    if (typeof request.locale === 'string') conversation.locale = request.locale;
    this.conversations.set(conversation.id, conversation);
    this.conversationByToken.set(conversation.token, conversation.id);
    this.persist(conversation);
    return conversation;
  }

  private async greet(conversation: LocalConversation): Promise<void> {
    conversation.greeted = true;
    this.persist(conversation);
    const update: Partial<Activity> = {
      type: 'conversationUpdate',
      id: `${conversation.id}|update`,
      channelId: this.channelId,
      serviceUrl: this.options.serviceUrl(),
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      recipient: this.options.bot,
      from: conversation.user,
      membersAdded: [this.options.bot, conversation.user],
      timestamp: new Date(this.now()),
    };
    if (conversation.locale) update.locale = conversation.locale;
    try {
      await this.options.deliver(update);
    } catch (error) {
      this.options.logger.error({ err: { message: (error as Error).message } }, 'the bot failed on a new local conversation');
    }
  }

  private ticket(conversation: LocalConversation): ConversationTicket {
    return { conversationId: conversation.id, token: conversation.token, expires_in: Math.max(0, Math.round((conversation.tokenExpiresAt - this.now()) / 1000)) };
  }

  private checkSecret(authorization: string | undefined): void {
    const secret = this.options.secret;
    if (!secret) return;
    const presented = bearer(authorization);
    if (!presented || !sameSecret(presented, secret)) throw new DirectLineError(403, 'a valid Direct Line secret is needed');
  }

  private async byToken(authorization: string | undefined): Promise<LocalConversation | undefined> {
    const presented = bearer(authorization);
    if (!presented) return undefined;
    const id = this.conversationByToken.get(presented);
    let conversation = id === undefined ? undefined : this.conversations.get(id);
    if (!conversation && this.options.store) conversation = this.adopt(await this.options.store.loadByToken(presented));
    if (!conversation || conversation.tokenExpiresAt < this.now()) return undefined;
    return conversation;
  }

  private async authorise(authorization: string | undefined, conversationId: string): Promise<LocalConversation> {
    const conversation = await this.find(conversationId);
    const presented = bearer(authorization);
    if (!presented) throw new DirectLineError(403, 'a token is needed');
    const secretOk = this.options.secret !== undefined && sameSecret(presented, this.options.secret);
    if (!conversation) throw new DirectLineError(secretOk ? 404 : 403, secretOk ? 'no such conversation' : 'the token is not valid for this conversation');
    if (!secretOk) {
      if (!sameSecret(conversation.token, presented)) throw new DirectLineError(403, 'the token is not valid for this conversation');
      if (conversation.tokenExpiresAt < this.now()) throw new DirectLineError(403, 'the token has expired');
    }
    conversation.lastActive = this.now();
    return conversation;
  }

  private append(conversation: LocalConversation, activity: Partial<Activity>): string {
    const seq = conversation.nextSeq;
    conversation.nextSeq += 1;
    const id = `${conversation.id}|${String(seq).padStart(7, '0')}`;
    const stored = { ...activity, id };
    conversation.history.push(stored);
    if (conversation.history.length > this.maxHistory) {
      conversation.history.shift();
      conversation.firstSeq += 1;
    }
    conversation.lastActive = this.now();
    this.persist(conversation);
    this.notify(conversation, [stored], String(seq));
    return id;
  }

  private notify(conversation: LocalConversation, activities: Partial<Activity>[], watermark: string): void {
    for (const listener of conversation.listeners) {
      try {
        listener(activities, watermark);
      } catch (error) {
        this.options.logger.warn({ err: { message: (error as Error).message } }, 'a stream listener failed');
      }
    }
  }

  private watermarkOf(conversation: LocalConversation): string {
    return conversation.nextSeq === 0 ? '' : String(conversation.nextSeq - 1);
  }

  private since(conversation: LocalConversation, watermark: string | undefined): { activities: Partial<Activity>[]; watermark: string } {
    const parsed = watermark === undefined || watermark === '' ? -1 : Number.parseInt(watermark, 10);
    const after = Number.isFinite(parsed) ? parsed : -1;
    const start = Math.max(0, after + 1 - conversation.firstSeq);
    const activities = conversation.history.slice(start);
    return { activities, watermark: this.watermarkOf(conversation) };
  }
}

function bearer(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match?.[1];
}
