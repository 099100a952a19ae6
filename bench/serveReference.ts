import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify from 'restify';
import { keepConnectionsAlive } from '../src/http/keepAlive';

/**
 * Serves a reference bot of the benchmark on loopback (PORT, 0 for any) the way the real bot is served: restify, a
 * parsed body, kept-alive connections (see KEEP_ALIVE_MS), /readyz, and the "bot listening on" line the benchmark
 * waits for. SIGTERM stops it.
 */
export function serveReference(adapter: CloudAdapter, logic: (context: TurnContext) => Promise<void>): void {
  const server = restify.createServer();
  keepConnectionsAlive(server.server);
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });
  server.get('/readyz', async (_req, res) => {
    res.send(200, { status: 'ready' });
  });
  server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`bot listening on http://127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
