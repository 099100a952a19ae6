import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Activity, ChannelAccount } from 'botbuilder';
import type { Logger } from '../logger';

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
 * Conversation ids and tokens carry 144 bits of randomness; a token opens only its own conversation.
 */
export class DirectLineChannel {
  private readonly conversations = new Map<string, LocalConversation>();
  private readonly conversationByToken = new Map<string, string>();
  /** Conversations whose bot has had its conversationUpdate. */
  private readonly greeted = new Set<string>();
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
  }

  get size(): number {
    return this.conversations.size;
  }

  /** POST /tokens/generate: a token bound to a new conversation, handed to a browser by a page's back end. */
  generateToken(authorization: string | undefined, body: unknown): ConversationTicket {
    this.checkSecret(authorization);
    const conversation = this.create(body);
    return { conversationId: conversation.id, token: conversation.token, expires_in: this.tokenTtl };
  }

  /** POST /conversations: starts a conversation (or returns the one a token is bound to) and greets the bot. */
  async start(authorization: string | undefined, body: unknown, streamUrlFor: (c: ConversationTicket) => string): Promise<{ created: boolean; ticket: ConversationTicket }> {
    const bound = this.byToken(authorization);
    if (bound) {
      const ticket = this.ticket(bound);
      const created = !this.greeted.has(bound.id);
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
  reconnect(authorization: string | undefined, conversationId: string): ConversationTicket {
    const conversation = this.authorise(authorization, conversationId);
    return this.ticket(conversation);
  }

  /** POST /tokens/refresh */
  refresh(authorization: string | undefined): { token: string; expires_in: number; conversationId: string } {
    const conversation = this.byToken(authorization);
    if (!conversation) throw new DirectLineError(403, 'the token is not valid');
    conversation.tokenExpiresAt = this.now() + this.tokenTtl * 1000;
    return { conversationId: conversation.id, token: conversation.token, expires_in: this.tokenTtl };
  }

  /** GET /conversations/{id}/activities?watermark=W */
  activities(authorization: string | undefined, conversationId: string, watermark?: string): { activities: Partial<Activity>[]; watermark: string } {
    const conversation = this.authorise(authorization, conversationId);
    return this.since(conversation, watermark);
  }

  /** POST /conversations/{id}/activities: the person's activity, stamped, kept in the history and given to the bot. */
  async post(authorization: string | undefined, conversationId: string, body: unknown): Promise<{ id: string }> {
    const conversation = this.authorise(authorization, conversationId);
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
  receiveFromBot(conversationId: string, body: unknown): { id: string } {
    const conversation = this.conversations.get(conversationId);
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

  members(conversationId: string): ChannelAccount[] {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new DirectLineError(404, 'no such conversation');
    return [conversation.user, this.options.bot];
  }

  /** Subscribes to new activities (the WebSocket stream); returns the unsubscribe function. */
  subscribe(
    token: string | undefined,
    conversationId: string,
    watermark: string | undefined,
    listener: (activities: Partial<Activity>[], watermark: string) => void,
  ): () => void {
    const conversation = this.authorise(token ? `Bearer ${token}` : undefined, conversationId);
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
        this.greeted.delete(id);
        removed += 1;
      }
    }
    return removed;
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
    };
    if (typeof request.locale === 'string') conversation.locale = request.locale;
    this.conversations.set(conversation.id, conversation);
    this.conversationByToken.set(conversation.token, conversation.id);
    return conversation;
  }

  private async greet(conversation: LocalConversation): Promise<void> {
    this.greeted.add(conversation.id);
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

  private byToken(authorization: string | undefined): LocalConversation | undefined {
    const presented = bearer(authorization);
    if (!presented) return undefined;
    const id = this.conversationByToken.get(presented);
    const conversation = id === undefined ? undefined : this.conversations.get(id);
    if (!conversation || conversation.tokenExpiresAt < this.now()) return undefined;
    return conversation;
  }

  private authorise(authorization: string | undefined, conversationId: string): LocalConversation {
    const conversation = this.conversations.get(conversationId);
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
