import { z } from 'zod';

/** The version of the consent text. Raise it when what the bot keeps, why, or who sees it changes: people are asked again. */
export const CONSENT_VERSION = 1;

/** A person's answer to "Do you agree?": kept in their profile. */
export const ConsentRecordSchema = z.object({
  given: z.boolean(),
  at: z.iso.datetime({ offset: true }),
  version: z.number().int().min(1),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

/** Whether the consent question must be asked: never answered, or answered to an older text. */
export function needsConsent(record: unknown, currentVersion = CONSENT_VERSION): boolean {
  const parsed = ConsentRecordSchema.safeParse(record);
  return !parsed.success || parsed.data.version < currentVersion;
}

/** Whether a stored consent record says yes to the current text (or a later one). */
export function hasConsent(record: unknown, currentVersion = CONSENT_VERSION): boolean {
  const parsed = ConsentRecordSchema.safeParse(record);
  return parsed.success && parsed.data.given && parsed.data.version >= currentVersion;
}
