import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Storage } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { z, ZodError } from 'zod';
import { CITY_IDS, LANGUAGE_CODES } from '../content/common';
import { AdviserProfileSchema, publicAdviser, type Adviser } from '../handoff/Adviser';
import { DeskInputError, type AdviserDesk } from '../handoff/AdviserDesk';
import { AdviserExistsError, AdviserNotFoundError, type AdviserStore } from '../handoff/AdviserStore';
import type { HandoffEvents } from '../handoff/HandoffEvents';
import { HandoffTopicSchema } from '../handoff/HandoffRequest';
import { TicketNotFoundError } from '../handoff/HandoffStore';
import { CloseOutcomeSchema } from '../handoff/HandoffTicket';
import { canHandle } from '../handoff/routing';
import { HandoffTransitionError } from '../handoff/transition';
import { readJsonBody } from '../http/readJsonBody';
import { LANGUAGES } from '../i18n/languages';
import type { Logger } from '../logger';
import { namesOf, queueItemView, ticketView } from './ConsoleViews';
import { PAGE_CSP, SECURITY_HEADERS, clientAddress, parseCookies, safeJson, sendJson, setCookie } from './http';
import { LoginThrottle } from './LoginThrottle';
import { OfferNotFoundError, PendingOfferSchema, type OfferModeration } from './OfferModeration';
import { WeakPasswordError, hashPassword, unknownUserHash, verifyPassword } from './password';
import { SessionStore, type Session } from './SessionStore';

export const SESSION_COOKIE = 'console_session';
export const LOGIN_COOKIE = 'console_login';
export const CSRF_HEADER = 'x-csrf-token';
const CONSOLE_LANGUAGES = LANGUAGE_CODES;
const MAX_CONSOLE_BODY = 16 * 1024;

export interface ConsoleDeps {
  desk: AdviserDesk;
  advisers: AdviserStore;
  events: HandoffEvents;
  storage: Storage;
  i18n: I18n;
  logger: Logger;
  /** The folder with index.html, console.js and console.css. */
  staticDir: string | undefined;
  /** Set the Secure flag on cookies (the console is served over HTTPS). */
  secureCookies: boolean;
  offers?: OfferModeration;
  throttle?: { maxFailures?: number; windowMs?: number };
  sessionTtlMs?: number;
}

export interface ConsoleHandle {
  /** Ends the live streams (on shutdown). */
  close(): void;
  readonly liveStreams: number;
}

interface Signed {
  session: Session;
  sessionId: string;
  adviser: Adviser;
}

const LoginSchema = z.object({ username: z.string().max(80), password: z.string().max(300) });
const ReplySchema = z.object({ text: z.string() });
const TransferSchema = z.object({ to: z.string().min(1).max(40) });
const CloseSchema = z.object({ outcome: CloseOutcomeSchema });
const NewAdviserSchema = AdviserProfileSchema.extend({ password: z.string() });

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The advisers' web console at /console: sign-in (scrypt passwords, HttpOnly SameSite=Strict session cookie, a CSRF
 * token on every POST, throttled failures), the live queue (server-sent events), tickets, and the admin pages.
 */
export function mountConsole(server: Server, deps: ConsoleDeps): ConsoleHandle {
  const { desk, advisers, events, logger } = deps;
  const sessions = new SessionStore(deps.storage, deps.sessionTtlMs !== undefined ? { ttlMs: deps.sessionTtlMs } : {});
  const throttle = new LoginThrottle(deps.throttle ?? {});
  const streams = new Set<ServerResponse>();
  const jsonBody = readJsonBody(MAX_CONSOLE_BODY);

  const sessionCookie = (id: string, maxAgeSeconds: number): string =>
    setCookie(SESSION_COOKIE, id, { maxAgeSeconds, secure: deps.secureCookies });
  const loginCookie = (token: string, maxAgeSeconds: number): string =>
    setCookie(LOGIN_COOKIE, token, { maxAgeSeconds, secure: deps.secureCookies });

  async function signedIn(req: Request): Promise<Signed | undefined> {
    const sessionId = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const session = await sessions.get(sessionId);
    if (!session || !sessionId) return undefined;
    // A removed adviser's session ends with them.
    const adviser = await advisers.get(session.username);
    if (!adviser) {
      await sessions.destroy(sessionId);
      return undefined;
    }
    return { session, sessionId, adviser };
  }

  /** A POST from another site: its Origin (sent by every current browser on POST) names another host. */
  function foreignOrigin(req: Request): boolean {
    const origin = req.headers.origin;
    if (!origin) return false;
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }

  type Access = 'public' | 'adviser' | 'admin';
  const api =
    (access: Access, work: (req: Request, res: Response, signed: Signed) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        if (req.method === 'POST' && foreignOrigin(req)) {
          sendJson(res, 403, { error: 'cross-site request refused' });
          return;
        }
        if (access === 'public') {
          await work(req, res, undefined as never);
          return;
        }
        const signed = await signedIn(req);
        if (!signed) {
          sendJson(res, 401, { error: 'sign in first' });
          return;
        }
        if (req.method === 'POST' && !sameToken(String(req.headers[CSRF_HEADER] ?? ''), signed.session.csrfToken)) {
          sendJson(res, 403, { error: 'the CSRF token is missing or wrong' });
          return;
        }
        if (access === 'admin' && signed.adviser.role !== 'admin') {
          sendJson(res, 403, { error: 'admins only' });
          return;
        }
        await work(req, res, signed);
      } catch (error) {
        sendError(res, error);
      }
    };

  function sendError(res: Response, error: unknown): void {
    if (error instanceof TicketNotFoundError || error instanceof AdviserNotFoundError || error instanceof OfferNotFoundError) {
      sendJson(res, 404, { error: 'not found' });
    } else if (error instanceof HandoffTransitionError) {
      sendJson(res, 409, { error: 'the conversation has moved on', reason: error.reason, state: error.from });
    } else if (error instanceof AdviserExistsError) {
      sendJson(res, 409, { error: error.message });
    } else if (error instanceof DeskInputError || error instanceof WeakPasswordError) {
      sendJson(res, 400, { error: error.message });
    } else if (error instanceof ZodError) {
      sendJson(res, 400, { error: 'the request is not valid', issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
    } else {
      logger.error({ err: { type: (error as Error).name, message: (error as Error).message } }, 'console request failed');
      sendJson(res, 500, { error: 'the request failed' });
    }
  }

  const param = (req: Request, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');

  // Pages
  const page = async (_req: Request, res: Response): Promise<void> => {
    const file = deps.staticDir ? path.join(deps.staticDir, 'index.html') : undefined;
    if (!file || !fs.existsSync(file)) {
      sendJson(res, 404, { error: 'the console page is not installed' });
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Security-Policy': PAGE_CSP, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  };
  server.get('/console', page);
  server.get('/console/', page);
  server.get('/console/static/:file', async (req: Request, res: Response) => {
    const file = param(req, 'file');
    const full = deps.staticDir ? path.join(deps.staticDir, file) : undefined;
    if (!full || !/^[a-z0-9-]+\.(js|css)$/.test(file) || !fs.existsSync(full)) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    const body = fs.readFileSync(full);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Cache-Control': 'no-cache',
      'Content-Type': file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      'Content-Length': body.length,
    });
    res.end(body);
  });

  // The console's own words, and what its forms offer.
  server.get('/console/api/texts/:lng', api('public', async (req, res) => {
    const requested = param(req, 'lng');
    const lng = (CONSOLE_LANGUAGES as readonly string[]).includes(requested) ? requested : 'en';
    sendJson(res, 200, {
      lng,
      texts: deps.i18n.getResourceBundle(lng, 'console') ?? deps.i18n.getResourceBundle('en', 'console'),
      languages: LANGUAGES.map((l) => ({ code: l.code, nativeName: l.nativeName, englishName: l.englishName, rtl: l.rtl })),
      cities: CITY_IDS,
      topics: HandoffTopicSchema.options,
      outcomes: CloseOutcomeSchema.options,
    });
  }));

  // Sign-in
  server.get('/console/api/session', api('public', async (req, res) => {
    const signed = await signedIn(req);
    if (signed) {
      sendJson(res, 200, { signedIn: true, adviser: publicAdviser(signed.adviser), csrfToken: signed.session.csrfToken });
      return;
    }
    // Before sign-in, the login form's CSRF token is a double-submit cookie (HttpOnly, SameSite=Strict).
    const token = randomBytes(24).toString('base64url');
    sendJson(res, 200, { signedIn: false, csrfToken: token }, { 'Set-Cookie': loginCookie(token, 3600) });
  }));

  server.post('/console/api/login', jsonBody, api('public', async (req, res) => {
    const address = clientAddress(req);
    const wait = throttle.retryAfter(address);
    if (wait > 0) {
      sendJson(res, 429, { error: 'too many failed sign-ins; try again later', retryAfterSeconds: wait }, { 'Retry-After': String(wait) });
      return;
    }
    if (!sameToken(String(req.headers[CSRF_HEADER] ?? ''), parseCookies(req.headers.cookie)[LOGIN_COOKIE])) {
      sendJson(res, 403, { error: 'the CSRF token is missing or wrong: reload the page' });
      return;
    }
    const credentials = LoginSchema.parse(req.body ?? {});
    const adviser = await advisers.get(credentials.username.trim().toLowerCase()).catch(() => undefined);
    const matches = await verifyPassword(credentials.password, adviser?.passwordHash ?? (await unknownUserHash()));
    if (!adviser || !matches) {
      throttle.recordFailure(address);
      logger.warn({ address }, 'console sign-in failed');
      sendJson(res, 401, { error: 'the user name or password is wrong' });
      return;
    }
    throttle.reset(address);
    // A fresh session id at every sign-in; an older session of this browser ends.
    const previous = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (previous) await sessions.destroy(previous).catch(() => undefined);
    const { id, session } = await sessions.create(adviser.username);
    logger.info({ adviser: adviser.username }, 'console sign-in');
    sendJson(
      res,
      200,
      { signedIn: true, adviser: publicAdviser(adviser), csrfToken: session.csrfToken },
      { 'Set-Cookie': [sessionCookie(id, sessions.maxAgeSeconds), loginCookie('', 0)] },
    );
  }));

  server.post('/console/api/logout', jsonBody, api('adviser', async (_req, res, signed) => {
    await sessions.destroy(signed.sessionId);
    sendJson(res, 204, undefined, { 'Set-Cookie': sessionCookie('', 0) });
  }));

  // The queue and tickets
  const names = async (): Promise<Map<string, string>> => namesOf(await advisers.list());

  server.get('/console/api/queue', api('adviser', async (_req, res, signed) => {
    const queue = await desk.queue(signed.adviser);
    const known = await names();
    sendJson(res, 200, {
      waiting: queue.waiting.map((entry) => queueItemView(entry.ticket, known)),
      mine: queue.mine.map((ticket) => queueItemView(ticket, known)),
      others: queue.others.map((ticket) => queueItemView(ticket, known)),
    });
  }));

  server.get('/console/api/tickets/:id', api('adviser', async (req, res, signed) => {
    const ticket = await desk.view(signed.adviser, param(req, 'id'));
    sendJson(res, 200, ticketView(ticket, await names()));
  }));

  server.post('/console/api/tickets/:id/take', jsonBody, api('adviser', async (req, res, signed) => {
    const ticket = await desk.take(signed.adviser, param(req, 'id'));
    sendJson(res, 200, ticketView(ticket, await names()));
  }));

  server.post('/console/api/tickets/:id/reply', jsonBody, api('adviser', async (req, res, signed) => {
    const { text } = ReplySchema.parse(req.body ?? {});
    const entry = await desk.reply(signed.adviser, param(req, 'id'), text);
    sendJson(res, 202, entry);
  }));

  server.post('/console/api/tickets/:id/transfer', jsonBody, api('adviser', async (req, res, signed) => {
    const { to } = TransferSchema.parse(req.body ?? {});
    const ticket = await desk.transfer(signed.adviser, param(req, 'id'), to);
    sendJson(res, 200, ticketView(ticket, await names()));
  }));

  server.post('/console/api/tickets/:id/close', jsonBody, api('adviser', async (req, res, signed) => {
    const { outcome } = CloseSchema.parse(req.body ?? {});
    const ticket = await desk.close(signed.adviser, param(req, 'id'), outcome);
    sendJson(res, 200, ticketView(ticket, await names()));
  }));

  server.get('/console/api/canned/:lng', api('adviser', async (req, res) => {
    const requested = param(req, 'lng');
    const lng = (LANGUAGE_CODES as readonly string[]).includes(requested) ? requested : 'en';
    const own = (deps.i18n.getResourceBundle(lng, 'handoff') as { canned?: Record<string, string> } | undefined)?.canned ?? {};
    const english = (deps.i18n.getResourceBundle('en', 'handoff') as { canned?: Record<string, string> } | undefined)?.canned ?? {};
    sendJson(res, 200, Object.entries(english).map(([id, text]) => ({ id, text: own[id] ?? text, english: text })));
  }));

  // Live updates: which tickets changed. The page then fetches what it shows.
  server.get('/console/api/events', api('adviser', async (req, res, signed) => {
    const adviser = signed.adviser;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    streams.add(res);
    const unsubscribe = events.subscribe(({ kind, ticket }) => {
      const concerned = adviser.role === 'admin' || ticket.assignee === adviser.username || canHandle(adviser, ticket);
      if (concerned) res.write(`event: change\ndata: ${safeJson({ ticketId: ticket.id, kind, state: ticket.state })}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 20_000);
    heartbeat.unref();
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }));

  // Advisers
  server.get('/console/api/advisers', api('adviser', async (_req, res) => {
    sendJson(res, 200, (await advisers.list()).map(publicAdviser));
  }));

  server.post('/console/api/advisers', jsonBody, api('admin', async (req, res) => {
    const input = NewAdviserSchema.parse(req.body ?? {});
    const { password, ...profile } = input;
    const added = await advisers.add({ ...profile, passwordHash: await hashPassword(password), createdAt: new Date().toISOString() });
    logger.info({ adviser: added.username, role: added.role }, 'adviser added in the console');
    sendJson(res, 201, publicAdviser(added));
  }));

  server.post('/console/api/advisers/:username/remove', jsonBody, api('admin', async (req, res, signed) => {
    const username = param(req, 'username');
    if (username === signed.adviser.username) throw new DeskInputError('you cannot remove your own account');
    await advisers.remove(username);
    logger.info({ adviser: username }, 'adviser removed in the console');
    sendJson(res, 204, undefined);
  }));

  // Employers' internship offers
  server.get('/console/api/offers', api('admin', async (_req, res) => {
    if (!deps.offers) {
      sendJson(res, 200, { available: false, offers: [] });
      return;
    }
    const offers = z.array(PendingOfferSchema).parse(await deps.offers.listPending());
    sendJson(res, 200, { available: true, offers });
  }));

  for (const decision of ['approve', 'reject'] as const) {
    server.post(`/console/api/offers/:id/${decision}`, jsonBody, api('admin', async (req, res, signed) => {
      if (!deps.offers) {
        sendJson(res, 404, { error: 'offer review is not available' });
        return;
      }
      await deps.offers[decision](param(req, 'id'));
      logger.info({ adviser: signed.adviser.username, decision }, 'internship offer reviewed');
      sendJson(res, 204, undefined);
    }));
  }

  return {
    close() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
    get liveStreams() {
      return streams.size;
    },
  };
}
