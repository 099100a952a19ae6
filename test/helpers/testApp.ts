import { MemoryStorage, type Activity } from 'botbuilder';
import { ConfigSchema, type Config } from '../../src/config';
import { createI18n } from '../../src/i18n/i18n';
import { createLogger } from '../../src/logger';
import { createServer, type App } from '../../src/server';
import type { ReadyStorage } from '../../src/storage/readiness';

export const i18n = createI18n();

export interface RunningApp {
  app: App;
  base: string;
  storage: ReadyStorage;
  stop(): Promise<void>;
}

/** Starts the real server on port 0 with in-memory storage (or the one given). */
export async function startApp(overrides: Partial<Config> = {}, storage: ReadyStorage = new MemoryStorage()): Promise<RunningApp> {
  const config = { ...ConfigSchema.parse({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides };
  const app = createServer({ config, logger: createLogger(process.env['TEST_LOG_LEVEL'] ?? 'silent'), storage, i18n });
  await app.listen(0, '127.0.0.1');
  // Conversations in tests run with free-text understanding, as in production once /readyz says ready.
  await app.runtime.nlu.whenReady;
  return { app, base: app.url(), storage, stop: () => app.close() };
}

let sequence = 0;

/** An activity as a channel would post it, asking for the replies in the HTTP response. */
export function activity(conversationId: string, fields: Partial<Activity> = {}): Partial<Activity> {
  sequence += 1;
  return {
    type: 'message',
    id: `act-${sequence}`,
    channelId: 'webchat',
    serviceUrl: 'https://webchat.botframework.com/',
    deliveryMode: 'expectReplies',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: `user-${conversationId}`, name: 'Person' },
    recipient: { id: 'bot', name: 'bot' },
    ...fields,
  };
}

/** Posts an activity and returns the bot's message replies (trace activities filtered out). */
export async function post(base: string, body: unknown): Promise<{ status: number; replies: Partial<Activity>[]; body: unknown }> {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  const activities = (parsed as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  return { status: response.status, replies: activities.filter((a) => a.type === 'message'), body: parsed };
}
