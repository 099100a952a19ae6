import { Writable } from 'node:stream';
import { MemoryStorage } from 'botbuilder';
import { ConfigSchema, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import type { ReadyStorage } from '../../src/storage/readiness';
import { i18n, type RunningApp } from './testApp';

export interface RunningAppWithLog extends RunningApp {
  /** Every line the app logged so far, as written (JSON). */
  lines: string[];
}

/** Starts the real server on port 0, like startApp, with a logger that writes every line (at `level`) into memory. */
export async function startAppWithLog(
  options: { level?: string; overrides?: Partial<Config>; storage?: ReadyStorage } = {},
): Promise<RunningAppWithLog> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  const config = { ...ConfigSchema.parse({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...options.overrides };
  const storage = options.storage ?? new MemoryStorage();
  const app = createServer({ config, logger: createLogger(options.level ?? 'trace', sink), storage, i18n });
  await app.listen(0, '127.0.0.1');
  await app.runtime.nlu.whenReady;
  return { app, base: app.url(), storage, lines, stop: () => app.close() };
}
