import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CITY_IDS, LANGUAGE_CODES } from '../../src/content/common';
import { SchemeCatalogueSchema, SchemeSchema, parseSchemeCatalogue, type Scheme } from '../../src/content/schemesSchema';
import { AGE_BANDS, PERSON_RESIDENCE, schemesFor, type Person } from '../../src/matching/eligibility';

const ROOT = join(__dirname, '..', '..');

function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, relative), 'utf8')) as unknown;
}

const raw = readJson('data/schemes/schemes.json');
const catalogue = parseSchemeCatalogue(raw);
const schemes: Scheme[] = catalogue.schemes;

/** A valid record to mutate in the negative tests (a deep copy, so the parsed data is never touched). */
function validRecord(): Record<string, unknown> {
  const first = (raw as { schemes: Record<string, unknown>[] }).schemes[0];
  return structuredClone(first) as Record<string, unknown>;
}

describe('data/schemes/schemes.json', () => {
  it('parses against the catalogue schema', () => {
    const result = SchemeCatalogueSchema.safeParse(raw);
    if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
    expect(result.success).toBe(true);
    expect(schemes.length).toBeGreaterThan(0);
  });

  it.each(CITY_IDS)('has at least 3 active records for %s', (city) => {
    const active = schemes.filter((scheme) => scheme.city === city && scheme.status === 'active');
    expect(active.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['USE-IT!', '2017–2020'],
    ['MiFriendly Cities', '2018–2021'],
    ['CITIES GROW', '2017–2019'],
  ])('records %s in Birmingham as ended, %s, with a lesson', (name, period) => {
    const matches = schemes.filter(
      (scheme) => scheme.city === 'birmingham' && scheme.name.en.toLowerCase().startsWith(name.toLowerCase()),
    );
    expect(matches).toHaveLength(1);
    const [programme] = matches;
    expect(programme?.status).toBe('ended');
    expect(programme?.period).toBe(period);
    expect(programme?.lesson?.en.length ?? 0).toBeGreaterThan(0);
  });

  it('never offers an ended programme to anyone, in any city, for any audience', () => {
    const ended = new Set(schemes.filter((scheme) => scheme.status === 'ended').map((scheme) => scheme.id));
    expect(ended.size).toBeGreaterThan(0);
    for (const city of CITY_IDS) {
      for (const ageBand of AGE_BANDS) {
        for (const residence of PERSON_RESIDENCE) {
          for (const registeredUnemployed of [true, false, 'unknown'] as const) {
            const person: Person = { city, ageBand, residence, registeredUnemployed };
            for (const audience of ['newcomer', 'employer', 'both'] as const) {
              for (const match of schemesFor(schemes, person, audience)) {
                expect(ended.has(match.scheme.id)).toBe(false);
              }
            }
          }
        }
      }
    }
  });

  it('has the employer-side records the product promises (duty, support, social value)', () => {
    const employerKinds = new Set(
      schemes.filter((s) => s.status === 'active' && s.audience !== 'newcomer').map((s) => s.kind),
    );
    for (const kind of ['employer-duty', 'social-value-procurement', 'hiring-incentive', 'wage-subsidy'] as const) {
      expect(employerKinds).toContain(kind);
    }
  });

  it('keeps test fixtures out of the real data', () => {
    const fixtures = (readJson('test/fixtures/schemes.json') as { schemes: { id: string }[] }).schemes;
    const realIds = new Set(schemes.map((scheme) => scheme.id));
    for (const fixture of fixtures) expect(realIds.has(fixture.id)).toBe(false);
    for (const scheme of schemes) {
      expect(scheme.id.startsWith('fixture-')).toBe(false);
      expect(new URL(scheme.sourceUrl).hostname).not.toBe('example.org');
    }
  });

  it('uses only the bot languages in every text', () => {
    const allowed = new Set<string>(LANGUAGE_CODES);
    for (const scheme of schemes) {
      const texts = [
        scheme.name,
        scheme.summary,
        scheme.eligibilityText,
        scheme.nextSteps,
        scheme.stipend,
        scheme.employerSupport,
        scheme.duration,
        scheme.lesson,
      ];
      for (const text of texts) {
        if (text === undefined) continue;
        for (const language of Object.keys(text)) expect(allowed.has(language)).toBe(true);
      }
    }
  });
});

describe('SchemeSchema', () => {
  it('accepts the unmodified record used by the negative tests', () => {
    expect(SchemeSchema.safeParse(validRecord()).success).toBe(true);
  });

  it('rejects a record without sourceUrl', () => {
    const record = validRecord();
    delete record.sourceUrl;
    const result = SchemeSchema.safeParse(record);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path.join('.') === 'sourceUrl')).toBe(true);
  });

  it('rejects a sourceUrl that is not https', () => {
    const record = { ...validRecord(), sourceUrl: 'http://www.birmingham.gov.uk/' };
    expect(SchemeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects a record without lastReviewed, or with a non-ISO date', () => {
    const missing = validRecord();
    delete missing.lastReviewed;
    expect(SchemeSchema.safeParse(missing).success).toBe(false);
    expect(SchemeSchema.safeParse({ ...validRecord(), lastReviewed: '23/11/2026' }).success).toBe(false);
  });

  it('rejects a user-facing text without English', () => {
    const record = { ...validRecord(), summary: { pt: 'Só em português.' } };
    expect(SchemeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects an ended programme without a period or a lesson', () => {
    const noPeriod = { ...validRecord(), status: 'ended', lesson: { en: 'What we learned.' } };
    const noLesson = { ...validRecord(), status: 'ended', period: '2017–2020' };
    expect(SchemeSchema.safeParse(noPeriod).success).toBe(false);
    expect(SchemeSchema.safeParse(noLesson).success).toBe(false);
    expect(SchemeSchema.safeParse({ ...noPeriod, period: '2017–2020' }).success).toBe(true);
  });

  it('rejects an age range whose minimum is above its maximum', () => {
    const record = { ...validRecord(), eligibility: { ageMin: 30, ageMax: 18 } };
    expect(SchemeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects unknown fields (a typo must not silently drop a condition)', () => {
    const record = { ...validRecord(), eligibility: { ageMaximum: 29 } };
    expect(SchemeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects a residence status outside the enum', () => {
    const record = { ...validRecord(), eligibility: { residence: ['citizen-of-mars'] } };
    expect(SchemeSchema.safeParse(record).success).toBe(false);
  });
});

describe('SchemeCatalogueSchema', () => {
  it('rejects duplicate ids', () => {
    const record = validRecord();
    const result = SchemeCatalogueSchema.safeParse({ schemes: [record, structuredClone(record)] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.message.includes('duplicate scheme id'))).toBe(true);
  });
});
