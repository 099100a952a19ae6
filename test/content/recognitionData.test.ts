import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { COUNTRY_CODES, LANGUAGE_CODES } from '../../src/content/common';
import {
  CountryCatalogSchema,
  CountryRecognitionRouteSchema,
  parseRecognitionCatalog,
  ProfessionCatalogSchema,
  RecognitionCatalogSchema,
  RecognitionCountrySchema,
  staleRecords,
  type CountryRecognitionRoute,
  type RecognitionCatalog,
} from '../../src/content/recognitionSchema';

const DATA_DIR = join(__dirname, '..', '..', 'data', 'recognition');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as unknown;
}

const countriesFile = readJson('countries.json');
const professionsFile = readJson('professions.json');

/** Parses a file and, on failure, fails with every invalid record's path and message (not just "invalid"). */
function parseOrExplain<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
    throw new Error(`invalid records:\n${lines.join('\n')}`);
  }
  return result.data;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('recognition data files', () => {
  const countries = parseOrExplain(CountryCatalogSchema, countriesFile).countries;
  const professions = parseOrExplain(ProfessionCatalogSchema, professionsFile).professions;
  const catalog: RecognitionCatalog = parseRecognitionCatalog(countriesFile, professionsFile);

  it('parse with the schemas, including the cross-file checks', () => {
    expect(() => parseOrExplain(RecognitionCatalogSchema, { countries, professions })).not.toThrow();
    expect(catalog.countries).toHaveLength(countries.length);
    expect(catalog.professions).toHaveLength(professions.length);
  });

  it('cover the four countries, one record each', () => {
    expect(countries.map((c) => c.code).sort()).toEqual([...COUNTRY_CODES].sort());
  });

  it('mark the UK as outside the EU and Portugal, Italy and Finland as inside', () => {
    const eu = Object.fromEntries(countries.map((c) => [c.code, c.eu]));
    expect(eu).toEqual({ GB: false, PT: true, IT: true, FI: true });
  });

  it('have at least 40 occupations, each named in all ten languages', () => {
    expect(professions.length).toBeGreaterThanOrEqual(40);
    const missing: string[] = [];
    for (const profession of professions) {
      for (const lng of LANGUAGE_CODES) {
        const names = (profession.names as Record<string, string[] | undefined>)[lng] ?? [];
        if (names.length === 0) missing.push(`${profession.id}:${lng}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('say for every occupation and every country whether it is regulated', () => {
    const missing = professions.flatMap((p) =>
      COUNTRY_CODES.filter((code) => p.routes[code] === undefined).map((code) => `${p.id}:${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('give every country a comparability centre and a route for people without documents', () => {
    for (const country of countries) {
      expect(country.comparabilityCentre.officialName.length).toBeGreaterThan(0);
      expect(country.comparabilityCentre.url).toMatch(/^https:\/\//);
      expect(country.comparabilityCentre.whatItDoes.en.length).toBeGreaterThan(0);
      expect(country.withoutDocuments.text.en.length).toBeGreaterThan(0);
      expect(['eqpr', 'national', 'none']).toContain(country.withoutDocuments.scheme);
      expect(country.inPersonHelp.length).toBeGreaterThan(0);
    }
  });

  it('name, for every regulated route, an authority that exists in that country', () => {
    const authorities = new Map(countries.map((c) => [c.code, new Set(c.authorities.map((a) => a.id))]));
    const problems: string[] = [];
    let regulated = 0;
    for (const profession of professions) {
      for (const code of COUNTRY_CODES) {
        const route = profession.routes[code];
        if (route === undefined || !route.regulated) continue;
        regulated += 1;
        if (route.authority === undefined) problems.push(`${profession.id}:${code} names no authority`);
        else if (!authorities.get(code)?.has(route.authority)) {
          problems.push(`${profession.id}:${code} names unknown authority ${route.authority}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(regulated).toBeGreaterThan(0);
  });

  it('give every record a source and a review date', () => {
    const all = staleRecords(catalog, new Date('2999-01-01T00:00:00Z'));
    expect(all.length).toBeGreaterThan(professions.length);
    for (const record of all) {
      expect(record.sourceUrl).toMatch(/^https:\/\//);
      expect(record.lastReviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('only quote a language level on a language certificate', () => {
    for (const profession of professions) {
      for (const route of Object.values(profession.routes) as CountryRecognitionRoute[]) {
        for (const doc of route.documents) {
          if (doc.languageLevel !== undefined) expect(doc.kind).toBe('language-certificate');
        }
      }
    }
  });
});

describe('recognition schema rejects bad records', () => {
  const professions = ProfessionCatalogSchema.parse(professionsFile).professions;
  const countries = CountryCatalogSchema.parse(countriesFile).countries;
  const nurseInItaly = professions.find((p) => p.id === 'nurse')?.routes.IT;
  const portugal = countries.find((c) => c.code === 'PT');

  it('has real records to copy', () => {
    expect(nurseInItaly).toBeDefined();
    expect(portugal).toBeDefined();
  });

  it('rejects a route with no sourceUrl', () => {
    const copy = clone(nurseInItaly) as Record<string, unknown>;
    delete copy.sourceUrl;
    const result = CountryRecognitionRouteSchema.safeParse(copy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path[0] === 'sourceUrl')).toBe(true);
  });

  it('rejects a route whose source is not https', () => {
    const copy = { ...clone(nurseInItaly), sourceUrl: 'http://www.salute.gov.it/' };
    const result = CountryRecognitionRouteSchema.safeParse(copy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path[0] === 'sourceUrl')).toBe(true);
  });

  it('rejects a country record with no sourceUrl, and an authority with no sourceUrl', () => {
    const country = clone(portugal) as Record<string, unknown>;
    delete country.sourceUrl;
    expect(RecognitionCountrySchema.safeParse(country).success).toBe(false);

    const withBadAuthority = clone(portugal)!;
    delete (withBadAuthority.authorities[0] as Record<string, unknown>).sourceUrl;
    expect(RecognitionCountrySchema.safeParse(withBadAuthority).success).toBe(false);
  });

  it('rejects an authority link that is not https', () => {
    const copy = clone(portugal)!;
    copy.authorities[0]!.url = 'http://ordemdosmedicos.pt/';
    expect(RecognitionCountrySchema.safeParse(copy).success).toBe(false);
  });

  it('rejects a regulated route without an authority, and an unregulated one with an authority', () => {
    const withoutAuthority = clone(nurseInItaly)! as Record<string, unknown>;
    delete withoutAuthority.authority;
    expect(CountryRecognitionRouteSchema.safeParse(withoutAuthority).success).toBe(false);

    const unregulatedWithAuthority = { ...clone(nurseInItaly), regulated: false };
    expect(CountryRecognitionRouteSchema.safeParse(unregulatedWithAuthority).success).toBe(false);
  });

  it('rejects duplicate profession ids and an authority unknown to the country', () => {
    const first = professions[0]!;
    expect(ProfessionCatalogSchema.safeParse({ professions: [first, clone(first)] }).success).toBe(false);

    const nurse = clone(professions.find((p) => p.id === 'nurse')!);
    nurse.routes.IT = { ...nurse.routes.IT!, authority: 'no-such-authority' };
    const result = RecognitionCatalogSchema.safeParse({ countries, professions: [nurse] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path.includes('authority'))).toBe(true);
  });

  it('rejects duplicate authority ids within a country', () => {
    const copy = clone(portugal)!;
    copy.authorities.push(clone(copy.authorities[0]!));
    expect(RecognitionCountrySchema.safeParse(copy).success).toBe(false);
  });

  it('rejects a language level on a document that is not a language certificate', () => {
    const copy = clone(nurseInItaly)!;
    copy.documents = [{ kind: 'diploma-certified-copy', languageLevel: 'B2' }];
    expect(CountryRecognitionRouteSchema.safeParse(copy).success).toBe(false);
  });
});

describe('staleRecords', () => {
  const base = parseRecognitionCatalog(countriesFile, professionsFile);

  /** A small catalogue built from real records, with chosen review dates. */
  function catalogWithDates(dates: { country: string; route: string }): RecognitionCatalog {
    const country = clone(base.countries.find((c) => c.code === 'FI')!);
    const stamp = (record: { lastReviewed: string }, date: string): void => {
      record.lastReviewed = date;
    };
    stamp(country, dates.country);
    stamp(country.comparabilityCentre, dates.country);
    country.authorities.forEach((a) => stamp(a, dates.country));
    stamp(country.schoolAndVocationalRoute, dates.country);
    stamp(country.withoutDocuments, dates.country);
    country.inPersonHelp.forEach((h) => stamp(h, dates.country));
    if (country.regulatedProfessionsList) stamp(country.regulatedProfessionsList, dates.country);

    const nurse = clone(base.professions.find((p) => p.id === 'nurse')!);
    nurse.routes = { FI: { ...nurse.routes.FI!, lastReviewed: dates.route } };
    return { countries: [country], professions: [nurse] };
  }

  const today = new Date('2026-11-23T10:00:00Z');

  it('lists nothing when everything was reviewed recently', () => {
    expect(staleRecords(catalogWithDates({ country: '2026-11-23', route: '2026-06-01' }), today)).toEqual([]);
  });

  it('lists a record reviewed more than 12 months ago, with its path and source', () => {
    const stale = staleRecords(catalogWithDates({ country: '2026-11-23', route: '2025-11-22' }), today);
    expect(stale).toEqual([
      {
        path: 'professions.nurse.routes.FI',
        lastReviewed: '2025-11-22',
        sourceUrl: 'https://lvv.fi/en/healthcare-and-social-welfare/registered-nurse-trained-outside-of-the-eu-or-eea',
      },
    ]);
  });

  it('does not list a record reviewed exactly 12 months ago', () => {
    expect(staleRecords(catalogWithDates({ country: '2025-11-23', route: '2025-11-23' }), today)).toEqual([]);
  });

  it('lists every stale part of a country record', () => {
    const stale = staleRecords(catalogWithDates({ country: '2024-01-01', route: '2026-11-01' }), today);
    const paths = stale.map((s) => s.path);
    expect(paths).toContain('countries.FI');
    expect(paths).toContain('countries.FI.comparabilityCentre');
    expect(paths).toContain('countries.FI.authorities.lvv');
    expect(paths).toContain('countries.FI.schoolAndVocationalRoute');
    expect(paths).toContain('countries.FI.withoutDocuments');
    expect(paths).toContain('countries.FI.inPersonHelp.0');
    expect(paths).not.toContain('professions.nurse.routes.FI');
  });

  it('takes another window in months, and handles month ends', () => {
    const catalog = catalogWithDates({ country: '2026-11-23', route: '2026-02-28' });
    // 2026-03-31 minus 1 month is 2026-02-28 (February has no 31st): not stale on that day, stale the day after.
    expect(staleRecords(catalog, new Date('2026-03-31T00:00:00Z'), 1)).toEqual([]);
    expect(staleRecords(catalog, new Date('2026-04-01T00:00:00Z'), 1).map((s) => s.path)).toEqual([
      'professions.nurse.routes.FI',
    ]);
  });

  it('does not change the catalogue it reads', () => {
    const catalog = catalogWithDates({ country: '2020-01-01', route: '2020-01-01' });
    const before = JSON.stringify(catalog);
    staleRecords(catalog, today);
    expect(JSON.stringify(catalog)).toBe(before);
  });

  it('finds every record of the shipped data stale with a date far in the future, and none today', () => {
    expect(staleRecords(base, new Date('2026-11-23T00:00:00Z'))).toEqual([]);
    expect(staleRecords(base, new Date('2028-01-01T00:00:00Z')).length).toBeGreaterThan(base.professions.length * 4);
  });
});

describe('languages of the recognition texts', () => {
  /** Every { en, … } text in the data, with where it is. */
  function texts(value: unknown, where: string, out: Array<{ where: string; languages: string[] }> = []) {
    if (Array.isArray(value)) value.forEach((item, i) => texts(item, `${where}[${i}]`, out));
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record['en'] === 'string') out.push({ where, languages: Object.keys(record) });
      for (const [key, inner] of Object.entries(record)) texts(inner, `${where}.${key}`, out);
    }
    return out;
  }

  it('no step, note or cost is in English alone: people who chose another language can read every route', () => {
    const all = [...texts(professionsFile, 'professions'), ...texts(countriesFile, 'countries')];
    expect(all.length).toBeGreaterThan(600);
    expect(all.filter((text) => text.languages.length === 1).map((text) => text.where)).toEqual([]);
  });

  it('texts in all ten languages but Tigrinya are the rule (Tigrinya falls back to English with a note)', () => {
    const all = [...texts(professionsFile, 'professions'), ...texts(countriesFile, 'countries')];
    const nine = LANGUAGE_CODES.filter((code) => code !== 'ti');
    const complete = all.filter((text) => nine.every((code) => text.languages.includes(code)));
    expect(complete.length / all.length).toBeGreaterThan(0.95);
  });
});
