import { MemoryStorage, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ConfigSchema, type Config } from '../../src/config';
import { hashPassword } from '../../src/console/password';
import type { OfferModeration } from '../../src/console/OfferModeration';
import { AdviserStore } from '../../src/handoff/AdviserStore';
import type { AdviserProfile } from '../../src/handoff/Adviser';
import type { HandoffOptions } from '../../src/handoff/createHandoff';
import type { Handoff, HandoffRequest } from '../../src/handoff/HandoffRequest';
import { DEFAULT_WORKING_HOURS } from '../../src/handoff/workingHours';
import { createLogger } from '../../src/logger';
import { createServer, type App } from '../../src/server';
import type { ReadyStorage } from '../../src/storage/readiness';
import { i18n } from '../helpers/testApp';

/** Always at work: Monday to Sunday, all day (tests must not depend on the hour they run at). */
export const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };

export const HELP_WORD = 'help me';

/**
 * A stand-in for MainDialog's "Talk to a person" (which the lead wires to the Handoff): a message starting with
 * "help me" asks for an adviser with what follows as the summary; anything else is echoed as "bot: …".
 */
export class HelpDeskDialog extends Dialog {
  constructor(
    private readonly handoff: Handoff,
    private readonly request: Partial<HandoffRequest> = {},
  ) {
    super('helpDesk');
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== 'message') {
      await dc.context.sendActivity('Welcome. Write "help me" and your question to talk to a person.');
      return dc.endDialog();
    }
    const text = activity.text ?? '';
    if (text.toLowerCase().startsWith(HELP_WORD)) {
      await this.handoff.request(dc.context as TurnContext, {
        topic: 'recognition',
        reason: 'asked',
        city: 'lisbon',
        summary: { Question: text.slice(HELP_WORD.length).trim() || '(none)', Occupation: 'Nurse' },
        ...this.request,
      });
      return dc.endDialog();
    }
    await dc.context.sendActivity(`bot: ${text}`);
    return dc.endDialog();
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.beginDialog(dc);
  }
}

export interface ConsoleTestApp {
  app: App;
  base: string;
  storage: ReadyStorage;
  stop(): Promise<void>;
}

export interface ConsoleTestOptions {
  storage?: ReadyStorage;
  port?: number;
  config?: Partial<Config>;
  handoff?: HandoffOptions;
  offers?: OfferModeration;
  throttle?: { maxFailures?: number; windowMs?: number };
  request?: Partial<HandoffRequest>;
  /** Use the real MainDialog instead of the help-desk stand-in. */
  realDialogs?: boolean;
}

/** The real server (console included) on loopback, with the help-desk stand-in as its root dialog. */
export async function startConsoleApp(options: ConsoleTestOptions = {}): Promise<ConsoleTestApp> {
  const storage = options.storage ?? new MemoryStorage();
  const config = { ...ConfigSchema.parse({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...options.config };
  const app = createServer({
    config,
    logger: createLogger(process.env['TEST_LOG_LEVEL'] ?? 'silent'),
    storage,
    i18n,
    handoff: { delivery: { attempts: 3, backoffMs: 10 }, ...options.handoff },
    ...(options.offers ? { offers: options.offers } : {}),
    ...(options.throttle ? { consoleThrottle: options.throttle } : {}),
    ...(options.realDialogs ? {} : { mainDialog: ({ handoff }) => new HelpDeskDialog(handoff, options.request) }),
  });
  await app.listen(options.port ?? 0, '127.0.0.1');
  return { app, base: app.url(), storage, stop: () => app.close() };
}

export type TestAdviser = Partial<AdviserProfile> & { username: string; password?: string };

export const PASSWORD = 'correct horse battery staple';

export async function addAdviser(storage: ReadyStorage, adviser: TestAdviser): Promise<AdviserProfile> {
  const store = new AdviserStore(storage);
  const added = await store.add({
    name: adviser.username.replace(/^./, (c) => c.toUpperCase()),
    role: 'adviser',
    languages: ['en', 'pt'],
    cities: ['lisbon'],
    topics: ['recognition', 'courses'],
    hours: ALWAYS,
    ...adviser,
    passwordHash: await hashPassword(adviser.password ?? PASSWORD),
    createdAt: new Date().toISOString(),
  });
  return added;
}

export { DEFAULT_WORKING_HOURS };

/** A console user agent over fetch: keeps its cookies and sends the CSRF token on POST, as the page does. */
export class ConsoleClient {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      if (value === '' || /Max-Age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  async get(path: string): Promise<{ status: number; body: any; raw: string; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, { headers: { Cookie: this.cookieHeader } });
    this.remember(response);
    const raw = await response.text();
    return { status: response.status, body: raw ? safeParse(raw) : undefined, raw, headers: response.headers };
  }

  async post(path: string, body: unknown = {}, extra: Record<string, string> = {}): Promise<{ status: number; body: any; raw: string; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: this.cookieHeader, 'X-CSRF-Token': this.csrf, ...extra },
      body: JSON.stringify(body),
    });
    this.remember(response);
    const raw = await response.text();
    return { status: response.status, body: raw ? safeParse(raw) : undefined, raw, headers: response.headers };
  }

  /** Fetches the login CSRF token (and its cookie), then signs in. */
  async signIn(username: string, password = PASSWORD): Promise<{ status: number; body: any; headers: Headers }> {
    const session = await this.get('/console/api/session');
    this.csrf = session.body.csrfToken;
    const result = await this.post('/console/api/login', { username, password });
    if (result.status === 200) this.csrf = result.body.csrfToken;
    return result;
  }
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
