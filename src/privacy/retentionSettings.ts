import { z } from 'zod';

/** How long the bot keeps data: part of the environment's schema (src/config.ts). */
export const RetentionSettingsSchema = z.object({
  /** Days after the person's last message that their data is kept, when they agreed. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Hours after the last message that a conversation without consent is kept: the "session". */
  SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** How often the retention job runs. */
  RETENTION_EVERY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /** How many conversations one run examines at most (the next run goes on from there). */
  RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(500),
});

export interface RetentionSettings {
  retentionDays: number;
  sessionHours: number;
  everyMs: number;
  batchSize: number;
}

export const DEFAULT_RETENTION: RetentionSettings = loadRetentionSettings({});

export function loadRetentionSettings(env: Record<string, string | undefined> = process.env): RetentionSettings {
  const emptyToUndefined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return toRetentionSettings(RetentionSettingsSchema.parse(emptyToUndefined));
}

export function toRetentionSettings(parsed: z.infer<typeof RetentionSettingsSchema>): RetentionSettings {
  return {
    retentionDays: parsed.RETENTION_DAYS,
    sessionHours: parsed.SESSION_HOURS,
    everyMs: parsed.RETENTION_EVERY_MINUTES * 60_000,
    batchSize: parsed.RETENTION_BATCH,
  };
}
