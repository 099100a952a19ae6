import type { Server } from 'node:http';

/**
 * How long an idle kept-alive connection stays open. Node's default (5 s) makes a channel's connector open connections
 * again and again, and under load Node accepts one new connection per turn of its event loop: measured here, 150 new
 * connections waited up to 2.6 s for their first byte while 50 kept-alive ones were busy (the bare echo bot, and a
 * plain node:http server, wait as long). 65 s outlasts the common 60 s idle timeout of load balancers, so that they
 * close an idle connection first, not the bot while a request may be on its way.
 */
export const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // The headers timeout must be above the keep-alive timeout, or a request arriving on an idle connection may be cut.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
