import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Activity, TurnContext } from 'botbuilder';
import { ClaimsIdentity, type AuthenticateRequestResult } from 'botframework-connector';
import type { i18n as I18n } from 'i18next';
import restify, { type Request, type Response, type Server } from 'restify';
import { WebSocketServer } from 'ws';
import type { Config } from './config';
import { createBotRuntime, type BotRuntime, type BotRuntimeDeps } from './bot/createBotRuntime';
import { mountConsole } from './console/mountConsole';
import { offerModeration } from './internships/offerModeration';
import type { OfferModeration } from './console/OfferModeration';
import { DirectLineChannel, DirectLineError, StorageConversationStore } from './directline/DirectLineChannel';
import type { HandoffOptions } from './handoff/createHandoff';
import { LocalConnectorFactory } from './directline/localConnector';
import { missingActivityFields } from './http/activityShape';
import { RateLimiter, type RateDecision } from './http/RateLimiter';
import { readJsonBody } from './http/readJsonBody';
import { keepConnectionsAlive } from './http/keepAlive';
import { securityHeaders } from './http/securityHeaders';
import { getTurnLocale } from './bot/turnLocale';
import { matchLanguage } from './i18n/languages';
import type { Logger } from './logger';
import { directLineHolder, referralsHolder, ticketsHolder } from './privacy/holders';
import { RetentionJob } from './privacy/RetentionJob';
import { startRetentionSchedule } from './privacy/startRetentionSchedule';
import { isListable } from './storage/ListableStorage';
import { checkStorage, type ReadyStorage } from './storage/readiness';

export interface ServerDeps {
  config: Config;
  logger: Logger;
  storage: ReadyStorage;
  i18n: I18n;
  /** The employers' internship offers awaiting review (the console's admin page); without it the page says so. */
  offers?: OfferModeration;
  /** Handoff tuning (wait estimate, delivery retries) and test hooks. */
  handoff?: HandoffOptions;
  /** Console sign-in throttling (tests shorten the window). */
  consoleThrottle?: { maxFailures?: number; windowMs?: number };
  /** Replaces the root dialog (tests). */
  mainDialog?: BotRuntimeDeps['mainDialog'];
}

export interface App {
  server: Server;
  runtime: BotRuntime;
  directLine: DirectLineChannel | undefined;
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  /** The base URL the app is reachable at on loopback (after listen). */
  url(): string;
  /** Stops accepting, finishes turns in flight, closes sockets. Storage is the caller's to close. */
  close(): Promise<void>;
}

const CONSOLE_DIR_NAME = 'console';
const PUBLIC_DIR = [path.resolve(__dirname, '..', 'public'), path.resolve(__dirname, '..', '..', 'public')].find((dir) =>
  fs.existsSync(dir),
);
// The package's exports map hides dist/; find the bundle next to this file's node_modules (src/ or dist/src/).
const WEBCHAT_BUNDLE = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')]
  .map((root) => path.join(root, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js'))
  .find((file) => fs.existsSync(file));
const BOT_ACCOUNT = { id: 'newcomer-guide-bot', name: 'Newcomer guide', role: 'bot' };
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

/** Builds the HTTP server (never listens on import): the bot endpoint, the local Direct Line channel, health, pages. */
export function createServer(deps: ServerDeps): App {
  const { config, logger, storage } = deps;
  let baseUrl = '';
  let closing = false;
  const runtime = createBotRuntime({
    config,
    storage,
    i18n: deps.i18n,
    logger,
    localServiceUrl: () => (baseUrl && config.DIRECTLINE_ENABLED === 'true' ? `${baseUrl}/_connector` : undefined),
    ...(deps.handoff ? { handoff: deps.handoff } : {}),
    ...(deps.mainDialog ? { mainDialog: deps.mainDialog } : {}),
  });
  const server = restify.createServer({ name: 'newcomer-guide-bot', handleUncaughtExceptions: false });
  keepConnectionsAlive(server.server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.pre(securityHeaders);
  const limits = {
    perConversation: new RateLimiter(config.RATE_LIMIT_PER_CONVERSATION, 60_000),
    perIp: new RateLimiter(config.RATE_LIMIT_PER_IP, 60_000),
  };
  const clientIp = (req: Request): string => req.socket.remoteAddress ?? 'unknown';
  /** Says once, in the person's language, that they are too fast; bot code and state are left alone. */
  const slowDown = (decision: RateDecision) => async (context: TurnContext): Promise<void> => {
    if (decision.firstRefusal) await context.sendActivity(getTurnLocale(context, deps.i18n).t('common:rateLimit.slowDown'));
  };
  // Retention needs a storage that can list its keys (LowdbStorage, ListableMemoryStorage).
  const retentionSchedule = isListable(storage)
    ? startRetentionSchedule(
        new RetentionJob({ storage, privacy: runtime.privacy, ...runtime.retention, logger }),
        { everyMs: runtime.retention.everyMs, logger },
      )
    : undefined;

  server.on('restifyError', (req: Request, res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    // The route's pattern, never its path: Direct Line paths carry conversation ids.
    if ((error.statusCode ?? 500) >= 500) logger.error({ err: { type: error.name }, route: req.getRoute()?.path }, 'request failed');
    callback();
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (closing) {
      res.send(503, { status: 'stopping' });
      return;
    }
    if (!runtime.nlu.ready) {
      res.send(503, { status: 'not ready', nlu: 'loading' });
      return;
    }
    try {
      await checkStorage(storage);
      res.send(200, { status: 'ready', storage: 'ok', nlu: 'ok' });
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'storage is not ready');
      res.send(503, { status: 'not ready', storage: 'failing' });
    }
  });

  server.post('/api/messages', readJsonBody(), async (req: Request, res: Response) => {
    const missing = missingActivityFields(req.body);
    if (missing.length > 0) {
      res.send(400, { error: 'the activity is incomplete', missing });
      return;
    }
    if (!limits.perIp.consume(clientIp(req)).allowed) {
      res.send(429, { error: 'too many requests from this address' });
      return;
    }
    // botbuilder 4.23.3 answers 500 for a token signed by a key it does not trust: every authentication failure must be
    // a 401, before any bot code runs or any state is written. The turn then runs on this one check.
    let authentication: AuthenticateRequestResult;
    try {
      authentication = await runtime.auth.authenticateRequest(req.body as Activity, req.headers.authorization ?? '');
    } catch {
      res.send(401, { error: 'Unauthorized' });
      return;
    }
    const activity = req.body as Activity;
    const decision = limits.perConversation.consume(`${activity.channelId}|${activity.conversation.id}`);
    try {
      const answer = await runtime.adapter.processAuthenticated(authentication, activity, decision.allowed ? runtime.logic : slowDown(decision));
      if (answer?.body === undefined) {
        res.status(answer?.status ?? 200);
        res.end();
      } else {
        res.send(answer.status, answer.body);
      }
    } catch (error) {
      // The bot's own failures are answered by onTurnError inside the turn; this is the adapter or the connector.
      logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'an activity could not be processed');
      res.send(500, { error: 'the activity could not be processed' });
    }
  });

  let openSockets: WebSocketServer | undefined;
  let stopSweeper: () => void = () => undefined;
  const directLine = config.DIRECTLINE_ENABLED === 'true' ? mountDirectLine() : undefined;
  // Erasure and retention reach every place that keeps something about a person.
  runtime.privacy.register(ticketsHolder(storage));
  runtime.privacy.register(referralsHolder(storage));
  if (directLine) runtime.privacy.register(directLineHolder(directLine));

  function mountDirectLine(): DirectLineChannel {
    const connectorFactory = new LocalConnectorFactory(runtime.localConnectorSecret);
    const channel = new DirectLineChannel({
      bot: BOT_ACCOUNT,
      logger,
      // Conversations survive a restart: the person's client reconnects, and an adviser's reply still reaches them.
      store: new StorageConversationStore(storage),
      secret: config.DIRECTLINE_SECRET,
      serviceUrl: () => `${baseUrl}/_connector`,
      deliver: async (activity) => {
        await runtime.adapter.processActivityDirect(
          { audience: '', claimsIdentity: new ClaimsIdentity([], false), connectorFactory },
          activity as Activity,
          runtime.logic,
        );
      },
    });
    const streamUrlFor = (conversationId: string, token: string, watermark?: string): string => {
      const wsBase = baseUrl.replace(/^http/, 'ws');
      const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
      return `${wsBase}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
    };
    const handle =
      (work: (req: Request, res: Response) => Promise<void> | void) =>
      async (req: Request, res: Response): Promise<void> => {
        try {
          await work(req, res);
        } catch (error) {
          if (error instanceof DirectLineError) {
            res.send(error.status, { error: { code: error.status === 403 ? 'BadArgument' : 'NotFound', message: error.message } });
            return;
          }
          logger.error({ err: { message: (error as Error).message } }, 'direct line request failed');
          res.send(500, { error: { code: 'ServiceError', message: 'the request failed' } });
        }
      };
    const auth = (req: Request): string | undefined => req.headers.authorization;
    const param = (req: Request, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');
    const query = (req: Request, name: string): string | undefined => {
      const value = (req.query as Record<string, unknown> | undefined)?.[name];
      return typeof value === 'string' ? value : undefined;
    };

    server.post('/v3/directline/tokens/generate', readJsonBody(), handle(async (req, res) => {
      res.send(200, await channel.generateToken(auth(req), req.body));
    }));
    server.post('/v3/directline/tokens/refresh', readJsonBody(), handle(async (req, res) => {
      res.send(200, await channel.refresh(auth(req)));
    }));
    server.post('/v3/directline/conversations', readJsonBody(), handle(async (req, res) => {
      const { created, ticket } = await channel.start(auth(req), req.body, (t) => streamUrlFor(t.conversationId, t.token));
      res.send(created ? 201 : 200, ticket);
    }));
    server.get('/v3/directline/conversations/:conversationId', handle(async (req, res) => {
      const ticket = await channel.reconnect(auth(req), param(req, 'conversationId'));
      res.send(200, { ...ticket, streamUrl: streamUrlFor(ticket.conversationId, ticket.token, query(req, 'watermark')) });
    }));
    server.get('/v3/directline/conversations/:conversationId/activities', handle(async (req, res) => {
      res.send(200, await channel.activities(auth(req), param(req, 'conversationId'), query(req, 'watermark')));
    }));
    server.post('/v3/directline/conversations/:conversationId/activities', readJsonBody(), handle(async (req, res) => {
      const conversationId = param(req, 'conversationId');
      if (!limits.perIp.consume(clientIp(req)).allowed) {
        res.send(429, { error: { code: 'TooManyRequests', message: 'too many requests from this address' } });
        return;
      }
      const decision = limits.perConversation.consume(`${channel.channelId}|${conversationId}`);
      if (!decision.allowed) {
        // Only the conversation's own client may make the bot say something into it.
        await channel.activities(auth(req), conversationId);
        if (decision.firstRefusal) {
          const locale = (req.body as { locale?: unknown } | undefined)?.locale;
          const lng = matchLanguage(typeof locale === 'string' ? locale : undefined)?.code ?? 'en';
          await channel.receiveFromBot(conversationId, { type: 'message', locale: lng, text: deps.i18n.getFixedT(lng)('common:rateLimit.slowDown') });
        }
        res.send(429, { error: { code: 'TooManyRequests', message: 'slow down' } });
        return;
      }
      res.send(200, await channel.post(auth(req), conversationId, req.body));
    }));
    // Token minting for the try-it page, done server-side so the page never sees a secret.
    server.post('/api/tryit/token', handle(async (_req, res) => {
      const secret = config.DIRECTLINE_SECRET;
      res.send(200, await channel.generateToken(secret ? `Bearer ${secret}` : undefined, {}));
    }));

    // The bot's side: Bot Connector v3 calls from this process's own ConnectorClient, signed with a process secret.
    const fromBot = (req: Request): boolean => auth(req) === `Bearer ${runtime.localConnectorSecret}`;
    const connectorPost = handle(async (req, res) => {
      if (!fromBot(req)) {
        res.send(401, { error: { code: 'Unauthorized', message: 'not the bot' } });
        return;
      }
      res.send(200, await channel.receiveFromBot(param(req, 'conversationId'), req.body));
    });
    server.post('/_connector/v3/conversations/:conversationId/activities', readJsonBody(), connectorPost);
    server.post('/_connector/v3/conversations/:conversationId/activities/:activityId', readJsonBody(), connectorPost);
    server.get('/_connector/v3/conversations/:conversationId/members', handle(async (req, res) => {
      if (!fromBot(req)) {
        res.send(401, { error: { code: 'Unauthorized', message: 'not the bot' } });
        return;
      }
      res.send(200, await channel.members(param(req, 'conversationId')));
    }));

    const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    server.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match?.[1] || closing) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      const conversationId = decodeURIComponent(match[1]);
      const pending: string[] = [];
      let client: import('ws').WebSocket | undefined;
      let closed = false;
      channel
        .subscribe(url.searchParams.get('t') ?? undefined, conversationId, url.searchParams.get('watermark') ?? undefined, (activities, watermark) => {
          const frame = JSON.stringify({ activities, watermark });
          if (client) client.send(frame);
          else pending.push(frame);
        })
        .then(
          (unsubscribe) => {
            if (closing || socket.destroyed) {
              unsubscribe();
              socket.destroy();
              return;
            }
            sockets.handleUpgrade(request, socket, head, (ws) => {
              client = ws;
              for (const frame of pending.splice(0)) ws.send(frame);
              const stop = (): void => {
                if (closed) return;
                closed = true;
                unsubscribe();
              };
              ws.on('close', stop);
              ws.on('error', stop);
              // Clients send empty pings; nothing to do with them.
              ws.on('message', () => undefined);
            });
          },
          (error: unknown) => {
            const status = error instanceof DirectLineError ? error.status : 500;
            socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\n\r\n`);
          },
        );
    });
    openSockets = sockets;
    const sweeper = setInterval(() => channel.sweep(), 10 * 60_000);
    sweeper.unref();
    stopSweeper = () => clearInterval(sweeper);
    return channel;
  }

  const consoleDir = PUBLIC_DIR ? path.join(PUBLIC_DIR, CONSOLE_DIR_NAME) : undefined;
  const adviserConsole = mountConsole(server, {
    desk: runtime.handoff.desk,
    advisers: runtime.handoff.advisers,
    events: runtime.handoff.events,
    storage,
    i18n: deps.i18n,
    logger: logger.child({ component: 'console' }),
    staticDir: consoleDir && fs.existsSync(consoleDir) ? consoleDir : undefined,
    secureCookies: config.NODE_ENV === 'production',
    offers: deps.offers ?? offerModeration(runtime.offers),
    ...(deps.consoleThrottle ? { throttle: deps.consoleThrottle } : {}),
  });

  server.get('/', async (_req: Request, res: Response) => {
    if (!directLine || !PUBLIC_DIR) {
      res.send(404, { error: 'the try-it page is switched off (DIRECTLINE_ENABLED=false)' });
      return;
    }
    sendFile(res, path.join(PUBLIC_DIR, 'index.html'), 'text/html; charset=utf-8');
  });
  server.get('/static/:file', async (req: Request, res: Response) => {
    const file = String((req.params as Record<string, unknown>)['file'] ?? '');
    if (!PUBLIC_DIR || !/^[a-z0-9-]+\.(js|css)$/.test(file) || !fs.existsSync(path.join(PUBLIC_DIR, file))) {
      res.send(404, { error: 'not found' });
      return;
    }
    sendFile(res, path.join(PUBLIC_DIR, file), file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
  });
  server.get('/static/vendor/webchat.js', async (_req: Request, res: Response) => {
    if (!WEBCHAT_BUNDLE) {
      res.send(404, { error: 'botframework-webchat is not installed' });
      return;
    }
    sendFile(res, WEBCHAT_BUNDLE, 'text/javascript; charset=utf-8', 'public, max-age=86400');
  });

  return {
    server,
    runtime,
    directLine,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.server.address() as AddressInfo;
          const reachable = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
          baseUrl = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${address.port}`;
          resolve(address.port);
        });
      });
    },
    url: () => baseUrl,
    async close() {
      closing = true;
      stopSweeper();
      adviserConsole.close();
      await retentionSchedule?.stop();
      await runtime.handoff.watch?.stop();
      // Advisers' messages already accepted go out first: to local conversations they travel through this server.
      await runtime.handoff.desk.drain();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.guard.drain();
      await runtime.handoff.desk.drain();
      await directLine?.flush();
      for (const client of openSockets?.clients ?? []) client.terminate();
      openSockets?.close();
      server.server.closeAllConnections?.();
      await stopped;
    },
  };
}

function sendFile(res: Response, file: string, type: string, cache = 'no-cache'): void {
  const body = fs.readFileSync(file);
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': cache });
  res.end(body);
}
