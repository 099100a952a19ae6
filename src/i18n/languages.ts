import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** One row per language the bot speaks. Adding a language is a folder under locales/ and one row here. */
export const LanguageSchema = z.object({
  code: z.string().regex(/^[a-z]{2,3}$/),
  /** The language's name in itself, as a newcomer would look for it. */
  nativeName: z.string().min(1),
  englishName: z.string().min(1),
  rtl: z.boolean(),
  /** Channel locale tags that mean this language, e.g. fa-AF (Dari) → fa. */
  aliases: z.array(z.string()),
});
export type Language = z.infer<typeof LanguageSchema>;

export const LANGUAGES: readonly Language[] = [
  { code: 'en', nativeName: 'English', englishName: 'English', rtl: false, aliases: ['en-GB', 'en-US'] },
  { code: 'pt', nativeName: 'Português', englishName: 'Portuguese', rtl: false, aliases: ['pt-PT', 'pt-BR'] },
  { code: 'it', nativeName: 'Italiano', englishName: 'Italian', rtl: false, aliases: ['it-IT'] },
  { code: 'fi', nativeName: 'Suomi', englishName: 'Finnish', rtl: false, aliases: ['fi-FI'] },
  { code: 'fr', nativeName: 'Français', englishName: 'French', rtl: false, aliases: ['fr-FR', 'fr-BE', 'fr-CA'] },
  { code: 'es', nativeName: 'Español', englishName: 'Spanish', rtl: false, aliases: ['es-ES', 'es-MX', 'es-419'] },
  { code: 'ar', nativeName: 'العربية', englishName: 'Arabic', rtl: true, aliases: ['ar-SA', 'ar-EG', 'ar-SY', 'ar-IQ'] },
  { code: 'fa', nativeName: 'فارسی', englishName: 'Farsi', rtl: true, aliases: ['fa-IR', 'fa-AF', 'prs', 'prs-AF'] },
  { code: 'uk', nativeName: 'Українська', englishName: 'Ukrainian', rtl: false, aliases: ['uk-UA'] },
  { code: 'ti', nativeName: 'ትግርኛ', englishName: 'Tigrinya', rtl: false, aliases: ['ti-ER', 'ti-ET'] },
];

export const DEFAULT_LANGUAGE = 'en';

export class LanguageTableError extends Error {
  override readonly name = 'LanguageTableError';
}

/**
 * Checks the table against itself and against locales/: unique codes and aliases, English present, and a folder with
 * the same namespaces as English for every language. Run at start-up so a broken table never reaches a user.
 */
export function checkLanguageTable(languages: readonly Language[], localesDir: string): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const language of languages) {
    const parsed = LanguageSchema.safeParse(language);
    if (!parsed.success) problems.push(`row ${language.code}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
    for (const tag of [language.code, ...language.aliases].map((t) => t.toLowerCase())) {
      if (seen.has(tag)) problems.push(`"${tag}" is listed twice`);
      seen.add(tag);
    }
  }
  if (!languages.some((l) => l.code === DEFAULT_LANGUAGE)) problems.push(`the default language "${DEFAULT_LANGUAGE}" is missing`);
  const namespacesOf = (code: string): string[] => {
    const dir = path.join(localesDir, code);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  };
  const english = namespacesOf(DEFAULT_LANGUAGE);
  for (const language of languages) {
    const own = namespacesOf(language.code);
    if (own.length === 0) problems.push(`locales/${language.code}/ is missing or empty`);
    const missing = english.filter((ns) => !own.includes(ns));
    if (own.length > 0 && missing.length > 0) problems.push(`locales/${language.code}/ lacks ${missing.join(', ')}`);
  }
  if (problems.length > 0) throw new LanguageTableError(`language table: ${problems.join('; ')}`);
}

/**
 * Maps a channel's locale tag (en-GB, pt_BR, fa-AF, "ar") to a language the bot speaks, or undefined.
 */
export function matchLanguage(tag: string | null | undefined, languages: readonly Language[] = LANGUAGES): Language | undefined {
  if (!tag) return undefined;
  const normalised = tag.trim().replace('_', '-').toLowerCase();
  if (normalised === '') return undefined;
  const exact = languages.find(
    (l) => l.code === normalised || l.aliases.some((a) => a.toLowerCase() === normalised),
  );
  if (exact) return exact;
  const base = normalised.split('-')[0];
  return languages.find((l) => l.code === base);
}

export function isRtl(code: string, languages: readonly Language[] = LANGUAGES): boolean {
  return languages.find((l) => l.code === code)?.rtl ?? false;
}
