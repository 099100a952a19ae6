import fs from 'node:fs';
import path from 'node:path';
import { loadCourses } from './loadCourses';
import { loadRecognitionCatalog } from './loadRecognition';
import { loadSchemes, schemesFile } from './loadSchemes';

export interface StaleRecord {
  file: string;
  /** Where in the file, e.g. `professions[3].routes.PT`. */
  path: string;
  lastReviewed: string;
  sourceUrl: string;
}

export interface ContentReport {
  errors: string[];
  stale: StaleRecord[];
  records: number;
}

/** Every object in a JSON document that carries provenance, with where it is. */
function* provenanceRecords(value: unknown, at: string): Generator<{ path: string; lastReviewed: string; sourceUrl: string }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* provenanceRecords(item, `${at}[${i}]`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  if (typeof record['lastReviewed'] === 'string') {
    yield { path: at || '(top)', lastReviewed: record['lastReviewed'], sourceUrl: String(record['sourceUrl'] ?? '') };
  }
  for (const [key, child] of Object.entries(record)) yield* provenanceRecords(child, at ? `${at}.${key}` : key);
}

/** Months between two ISO dates, by the calendar (a record reviewed exactly 12 months ago is not yet stale). */
function olderThan(lastReviewed: string, today: Date, months: number): boolean {
  const cutoff = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate()));
  return new Date(`${lastReviewed}T00:00:00Z`) < cutoff;
}

/**
 * What `npm run content:check` reports: each content file parsed with its schema (a record without a source, a bad
 * URL or date is an error), and every record not reviewed for `months` months (a warning).
 */
export function checkContent(dataDir: string, today = new Date(), months = 12): ContentReport {
  const errors: string[] = [];
  const attempt = (what: string, load: () => unknown): void => {
    try {
      load();
    } catch (error) {
      const cause = (error as Error & { cause?: unknown }).cause;
      errors.push(`${what}: ${(error as Error).message}${cause instanceof Error ? `\n  ${cause.message}` : ''}`);
    }
  };
  attempt('recognition', () => loadRecognitionCatalog(dataDir));
  attempt('courses', () => loadCourses(dataDir));
  attempt('schemes', () => loadSchemes(schemesFile(dataDir)));

  const stale: StaleRecord[] = [];
  let records = 0;
  const files = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const json: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8'));
    for (const record of provenanceRecords(json, '')) {
      records += 1;
      if (olderThan(record.lastReviewed, today, months)) stale.push({ file, ...record });
    }
  }
  return { errors, stale, records };
}
