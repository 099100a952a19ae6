import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CITY_IDS } from '../../src/content/common';
import {
  CourseCatalogueSchema,
  CourseProgrammeSchema,
  parseCourseData,
  type CourseProgramme,
} from '../../src/content/coursesSchema';
import { rankCourses } from '../../src/matching/rankCourses';

const root = path.join(__dirname, '..', '..');
const readJson = (relative: string): unknown => JSON.parse(readFileSync(path.join(root, relative), 'utf8'));

const rawProgrammes = readJson('data/courses/programmes.json');
const rawSessions = readJson('data/courses/sessions.json');

/** A deep copy of the first real record, as plain JSON, for the schema's negative tests. */
function sampleRecord(): Record<string, unknown> {
  const list = rawProgrammes as Array<Record<string, unknown>>;
  const first = list[0];
  if (first === undefined) throw new Error('programmes.json is empty');
  return JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
}

/** Every string in a value, with the key it sits under. */
function strings(value: unknown, key = ''): Array<{ key: string; text: string }> {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([childKey, child]) => strings(child, childKey));
  }
  return [];
}

describe('language-course data (data/courses)', () => {
  let programmes: CourseProgramme[];

  beforeAll(() => {
    programmes = parseCourseData(rawProgrammes, rawSessions).programmes;
  });

  it('parses against the schema, sessions included', () => {
    expect(() => parseCourseData(rawProgrammes, rawSessions)).not.toThrow();
    expect(programmes.length).toBeGreaterThan(0);
  });

  it.each(CITY_IDS)('has at least two active programmes in %s', (city) => {
    const active = programmes.filter((programme) => programme.city === city && programme.status === 'active');
    expect(active.length).toBeGreaterThanOrEqual(2);
  });

  it('states no money amount and no phone number in any text (rule 2: never invent a fee or a phone number)', () => {
    const skip = new Set(['sourceUrl', 'url', 'lastReviewed', 'employerProvisionSourceUrl']);
    const offending = strings(rawProgrammes)
      .filter(({ key }) => !skip.has(key))
      .filter(({ text }) => /[€£$]\s?\d|\d\s?(?:€|£|EUR\b|GBP\b|euro)/i.test(text) || /\+?\d[\d\s().-]{7,}\d/.test(text));
    expect(offending).toEqual([]);
  });

  it('keeps test fixtures out of data/', () => {
    const fixtureLike = strings(rawProgrammes).filter(({ text }) => /example\.(?:org|com)|fixture/i.test(text));
    expect(fixtureLike).toEqual([]);
  });

  it('never offers an ended programme through the finder', () => {
    const ended = programmes.filter((programme) => programme.status === 'ended').map((programme) => programme.id);
    expect(ended.length).toBeGreaterThan(0);
    for (const city of CITY_IDS) {
      const offered = rankCourses(programmes, { city }).matches.map((match) => match.programme.id);
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.filter((id) => ended.includes(id))).toEqual([]);
    }
  });

  it('says who a conditionally free course is free for', () => {
    for (const programme of programmes) {
      if (programme.cost.free === 'conditional') expect(programme.cost.freeFor?.en).toBeTruthy();
    }
  });
});

describe('course schema', () => {
  it('accepts the sample record as it is (so the rejections below are caused by the change alone)', () => {
    expect(CourseProgrammeSchema.safeParse(sampleRecord()).success).toBe(true);
  });

  it('rejects a record without sourceUrl', () => {
    const record = sampleRecord();
    delete record.sourceUrl;
    const result = CourseProgrammeSchema.safeParse(record);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path.join('.') === 'sourceUrl')).toBe(true);
  });

  it('rejects a source that is not https', () => {
    const record = { ...sampleRecord(), sourceUrl: 'http://example.org/page' };
    expect(CourseProgrammeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects a record without lastReviewed', () => {
    const record = sampleRecord();
    delete record.lastReviewed;
    expect(CourseProgrammeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects a conditionally free course that does not say who it is free for', () => {
    const record = { ...sampleRecord(), cost: { free: 'conditional' } };
    const result = CourseProgrammeSchema.safeParse(record);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path.join('.') === 'cost.freeFor')).toBe(true);
  });

  it('rejects a level outside the CEFR list', () => {
    const record = { ...sampleRecord(), levels: ['A1', 'A3'] };
    expect(CourseProgrammeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects online: true when the formats say in-person only', () => {
    const record = { ...sampleRecord(), formats: ['in-person'], online: true };
    expect(CourseProgrammeSchema.safeParse(record).success).toBe(false);
  });

  it('rejects a catalogue with a duplicate id', () => {
    const record = sampleRecord();
    expect(CourseCatalogueSchema.safeParse([record]).success).toBe(true);
    expect(CourseCatalogueSchema.safeParse([record, sampleRecord()]).success).toBe(false);
  });

  it('rejects a session of an unknown programme', () => {
    const session = {
      programmeId: 'no-such-programme',
      start: '2026-09-01',
      sourceUrl: 'https://example.org/session',
      lastReviewed: '2026-11-23',
    };
    expect(() => parseCourseData([sampleRecord()], [session])).toThrow(/unknown programme/);
    const own = { ...session, programmeId: String(sampleRecord().id) };
    expect(() => parseCourseData([sampleRecord()], [own])).not.toThrow();
  });

  it('accepts the test fixture (fixtures use the real shape)', () => {
    expect(CourseCatalogueSchema.safeParse(readJson('test/fixtures/courses.json')).success).toBe(true);
  });
});
