import path from 'node:path';
import { z } from 'zod';
import { RetentionSettingsSchema } from './privacy/retentionSettings';

const emptyToUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

/** The environment the bot reads at start-up. `.env.example` documents every variable. */
export const ConfigSchema = z.object({
  ...RetentionSettingsSchema.shape,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Where to listen. Without an App ID the bot only listens on loopback, whatever this says. */
  HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** lowdb: files under STATE_DIR, one process. memory: lost on exit. azure-blobs: Azure Blob Storage, any number of instances. */
  STORAGE: z.enum(['lowdb', 'memory', 'azure-blobs']).default('lowdb'),
  /** STORAGE=azure-blobs: the storage account's connection string (account key or SAS). */
  AZURE_STORAGE_CONNECTION_STRING: z.preprocess(emptyToUndefined, z.string().optional()),
  /** STORAGE=azure-blobs: the container that holds the bot's state; created if missing. */
  AZURE_STORAGE_CONTAINER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'a container name: 3-63 lowercase letters, digits and single hyphens')
      .optional(),
  ),
  /** Runtime state (conversations, tickets, caches). Never inside data/. */
  STATE_DIR: z.preprocess(emptyToUndefined, z.string().default('var')),
  MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().optional()),
  MicrosoftAppPassword: z.preprocess(emptyToUndefined, z.string().optional()),
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Protects the local Direct Line endpoint's "start conversation" and "generate token" calls. */
  DIRECTLINE_SECRET: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
  /** Turns a person may send per minute in one conversation; beyond it they are asked, once, to slow down. */
  RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().min(1).default(30),
  /** Requests per minute from one IP address to the bot and Direct Line endpoints (429 beyond). */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(600),
  /** Set to "false" to switch the local Direct Line endpoint (and the try-it page) off. */
  DIRECTLINE_ENABLED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError that lists every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.MicrosoftAppId) {
    throw new ConfigError(
      'NODE_ENV=production needs MicrosoftAppId (and its password or managed identity): channel authentication must be on in production.',
    );
  }
  if (config.NODE_ENV === 'production' && config.DIRECTLINE_ENABLED === 'true' && !config.DIRECTLINE_SECRET) {
    throw new ConfigError(
      'NODE_ENV=production with the local Direct Line endpoint needs DIRECTLINE_SECRET (16+ characters), or DIRECTLINE_ENABLED=false.',
    );
  }
  if (config.STORAGE === 'azure-blobs') {
    const missing = (['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER'] as const).filter((name) => !config[name]);
    if (missing.length > 0) throw new ConfigError(`STORAGE=azure-blobs needs ${missing.join(' and ')}.`);
  }
  return config;
}

/** Where the bot listens: loopback only while channel authentication is off. */
export function listenHost(config: Config): string {
  if (!config.MicrosoftAppId) return '127.0.0.1';
  return config.HOST ?? '0.0.0.0';
}

export function stateDir(config: Config, cwd = process.cwd()): string {
  return path.resolve(cwd, config.STATE_DIR);
}
