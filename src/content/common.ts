import { z } from 'zod';

/** The languages the bot speaks. The language table in src/i18n/languages.ts holds their names and direction. */
export const LANGUAGE_CODES = ['en', 'pt', 'it', 'fi', 'fr', 'es', 'ar', 'fa', 'uk', 'ti'] as const;
export const LanguageCodeSchema = z.enum(LANGUAGE_CODES);
export type LanguageCode = z.infer<typeof LanguageCodeSchema>;

/** The four cities whose content ships with the product, one per country and legal system. */
export const CITY_IDS = ['birmingham', 'lisbon', 'milan', 'helsinki'] as const;
export const CityIdSchema = z.enum(CITY_IDS);
export type CityId = z.infer<typeof CityIdSchema>;

export const COUNTRY_CODES = ['GB', 'PT', 'IT', 'FI'] as const;
export const CountryCodeSchema = z.enum(COUNTRY_CODES);
export type CountryCode = z.infer<typeof CountryCodeSchema>;

/**
 * A user-facing text in several languages. English is always present: a missing language falls back to English and
 * the bot says, in the user's language, that the item is only available in English.
 */
export const LocalizedTextSchema = z
  .object({ en: z.string().min(1) })
  .catchall(z.string().min(1))
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!(LANGUAGE_CODES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', message: `unknown language "${key}"`, path: [key] });
      }
    }
  });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A list of words (names, synonyms) per language; English always present. */
export const LocalizedTermsSchema = z
  .object({ en: z.array(z.string().min(1)).min(1) })
  .catchall(z.array(z.string().min(1)))
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!(LANGUAGE_CODES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', message: `unknown language "${key}"`, path: [key] });
      }
    }
  });
export type LocalizedTerms = z.infer<typeof LocalizedTermsSchema>;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

/** Every record in data/ says where its facts come from and when a person last checked them. */
export const ProvenanceSchema = z.object({
  sourceUrl: z.url({ protocol: /^https$/ }),
  lastReviewed: IsoDateSchema,
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** Programmes that ended are kept to explain what a city learned, and are never offered as something to join. */
export const ProgrammeStatusSchema = z.enum(['active', 'ended']);
export type ProgrammeStatus = z.infer<typeof ProgrammeStatusSchema>;

/** Picks the text for a language, and says whether it had to fall back to English. */
export function pickText(text: LocalizedText, lng: string): { text: string; fallback: boolean } {
  const own = (text as Record<string, string | undefined>)[lng];
  if (own !== undefined) return { text: own, fallback: false };
  return { text: text.en, fallback: lng !== 'en' };
}

/**
 * Reports, on a zod refinement, every item whose `key` repeats an earlier item's: message `duplicate <label> "<value>"`
 * at path `[...at, index, key]`. Ids must be unique: dialogs and rankings look records up and break ties by them.
 */
export function reportDuplicateKeys<T extends Record<K, string>, K extends string>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  key: K,
  label: string,
  at: ReadonlyArray<string | number> = [],
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = item[key];
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${label} "${value}"`, path: [...at, index, key] });
    seen.add(value);
  });
}
