import fs from 'node:fs';
import { ConfigError, listenHost, loadConfig } from './config';
import { createI18n } from './i18n/i18n';
import { createLogger } from './logger';
import { createServer } from './server';
import { openConfiguredStorage } from './storage/openStorage';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  // A .env file beside package.json, if there is one (see .env.example); the real environment wins.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const startedAt = Date.now();
  const storage = await openConfiguredStorage(config, logger);
  const i18n = createI18n();
  const app = createServer({ config, logger, storage, i18n });
  const host = listenHost(config);
  const port = await app.listen(config.PORT, host);
  if (!config.MicrosoftAppId) {
    logger.warn('channel authentication is OFF (no MicrosoftAppId): listening on loopback only');
  }
  logger.info({ port, host, storage: config.STORAGE, startupMs: Date.now() - startedAt }, `bot listening on ${app.url()}`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing turns in flight');
    const force = setTimeout(() => {
      logger.error('turns did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      await storage.close?.();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: { message: (error as Error).message } }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const err = error as Error;
  process.stderr.write(`the bot could not start: ${err.name}: ${err.message}\n`);
  process.exit(1);
});
