import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  COURSE_LEVELS,
  COURSE_SLOTS,
  CourseCatalogueSchema,
  type CourseProgramme,
  type CourseSlot,
} from '../../src/content/coursesSchema';
import { rankCourses, type CourseQuery } from '../../src/matching/rankCourses';

/** Fixture programmes (test/fixtures/courses.json), not the real data. */
const fixtures: CourseProgramme[] = CourseCatalogueSchema.parse(
  JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'courses.json'), 'utf8')),
);

const byId = (id: string): CourseProgramme => {
  const programme = fixtures.find((candidate) => candidate.id === id);
  if (programme === undefined) throw new Error(`fixture ${id} missing`);
  return programme;
};
const ids = (query: CourseQuery, programmes: readonly CourseProgramme[] = fixtures): string[] =>
  rankCourses(programmes, query).matches.map((match) => match.programme.id);

/** Deterministic shuffle (mulberry32), so the "shuffled input" test is repeatable. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Many queries over the fixture: every level (and no level) × slot wishes × place × free-only × childcare. */
function queryGrid(): CourseQuery[] {
  const slotWishes: CourseSlot[][] = [[], ['evening'], ['morning', 'afternoon'], [...COURSE_SLOTS]];
  const places: Array<Pick<CourseQuery, 'district' | 'online'>> = [{}, { district: 'Sé' }, { online: true }];
  const queries: CourseQuery[] = [];
  for (const city of ['lisbon', 'milan'] as const) {
    for (const level of [undefined, ...COURSE_LEVELS]) {
      for (const slots of slotWishes) {
        for (const place of places) {
          for (const freeOnly of [false, true]) {
            for (const needsChildcare of [false, true]) {
              queries.push({ city, ...(level === undefined ? {} : { level }), slots, ...place, freeOnly, needsChildcare });
            }
          }
        }
      }
    }
  }
  return queries;
}

describe('rankCourses — hard constraints', () => {
  const grid = queryGrid();

  it('never shows a paid course, or one whose cost the source does not state, to a free-only query', () => {
    for (const query of grid.filter((candidate) => candidate.freeOnly === true)) {
      for (const match of rankCourses(fixtures, query).matches) {
        expect([true, 'conditional']).toContain(match.programme.cost.free);
      }
    }
  });

  it('drops the paid course for free-only but shows it otherwise (the filter is what removes it)', () => {
    const query: CourseQuery = { city: 'lisbon', level: 'A1', slots: ['evening'], district: 'Sé' };
    expect(ids(query)).toContain('fx-lisbon-paid-evening-se');
    expect(ids({ ...query, freeOnly: true })).not.toContain('fx-lisbon-paid-evening-se');
    expect(ids({ ...query, freeOnly: true })).toEqual(['fx-lisbon-evening-free']);
  });

  it('counts conditionally free as possibly free, and says so', () => {
    const matches = rankCourses(fixtures, { city: 'lisbon', level: 'literacy', freeOnly: true }).matches;
    expect(matches.map((match) => match.programme.id)).toEqual(['fx-lisbon-literacy']);
    expect(matches[0]?.reasons).toContainEqual({ kind: 'free-conditional' });
  });

  it('never offers a literacy learner a course without literacy or pre-A1 (never a B1 course)', () => {
    for (const query of grid.filter((candidate) => candidate.level === 'literacy')) {
      for (const match of rankCourses(fixtures, query).matches) {
        const levels = match.programme.levels ?? [];
        expect(levels.includes('literacy') || levels.includes('pre-A1')).toBe(true);
        expect(match.programme.id).not.toBe('fx-lisbon-b1-only');
      }
    }
    expect(ids({ city: 'lisbon', level: 'literacy' })).toEqual(['fx-lisbon-literacy']);
    expect(ids({ city: 'lisbon', level: 'B1' })).toContain('fx-lisbon-b1-only');
  });

  it('only offers courses whose levels include the learner level', () => {
    for (const query of grid.filter((candidate) => candidate.level !== undefined && candidate.level !== 'literacy')) {
      for (const match of rankCourses(fixtures, query).matches) {
        expect(match.programme.levels).toContain(query.level);
      }
    }
  });

  it('never shows an ended programme, though it would otherwise fit every query', () => {
    for (const query of grid) {
      expect(ids(query)).not.toContain('fx-lisbon-ended');
    }
    const reopened = fixtures.map((programme) =>
      programme.id === 'fx-lisbon-ended' ? { ...programme, status: 'active' as const } : programme,
    );
    expect(ids({ city: 'lisbon', level: 'A1', slots: ['evening'], district: 'Sé' }, reopened)).toContain(
      'fx-lisbon-ended',
    );
  });

  it('stays in the city asked for', () => {
    for (const query of grid) {
      for (const match of rankCourses(fixtures, query).matches) expect(match.programme.city).toBe(query.city);
    }
    expect(ids({ city: 'milan', level: 'A1' })).toEqual(['fx-milan-free-a1']);
  });

  it('shows a course whose levels the source does not state only to someone who does not know their level', () => {
    const unknownLevel = rankCourses(fixtures, { city: 'lisbon' }).matches.find(
      (match) => match.programme.id === 'fx-lisbon-unknown-levels',
    );
    expect(unknownLevel?.reasons).toContainEqual({ kind: 'unknown', field: 'levels' });
    for (const level of COURSE_LEVELS) expect(ids({ city: 'lisbon', level })).not.toContain('fx-lisbon-unknown-levels');
  });
});

describe('rankCourses — order and reasons', () => {
  const tieQuery: CourseQuery = { city: 'lisbon', level: 'A2', slots: ['evening'], district: 'Sé' };
  const expectedOrder = [
    'fx-lisbon-evening-free',
    'fx-lisbon-tie-a',
    'fx-lisbon-tie-b',
    'fx-lisbon-tie-c',
    'fx-lisbon-paid-evening-se',
    'fx-lisbon-online-unknown',
  ];

  it('breaks ties by id, the same way whatever the input order', () => {
    expect(ids(tieQuery)).toEqual(expectedOrder);
    expect(ids(tieQuery, [...fixtures].reverse())).toEqual(expectedOrder);
    for (let seed = 1; seed <= 25; seed += 1) {
      expect(ids(tieQuery, shuffled(fixtures, seed))).toEqual(expectedOrder);
    }
    const scores = rankCourses(fixtures, tieQuery).matches.map((match) => match.score);
    expect(scores.slice(0, 4)).toEqual([8, 8, 8, 8]);
  });

  it('gives machine-readable reasons a dialog can phrase ("evenings, free for you, near Sé")', () => {
    const query: CourseQuery = { city: 'lisbon', level: 'A1', slots: ['evening'], district: 'Sé', goal: 'citizenship' };
    const [top, second, third] = rankCourses(fixtures, query).matches;
    expect(top?.programme.id).toBe('fx-lisbon-evening-free');
    expect(top?.reasons).toEqual([
      { kind: 'level', value: 'A1' },
      { kind: 'slot', value: 'evening' },
      { kind: 'district', value: 'Sé' },
      { kind: 'free' },
      { kind: 'goal', value: 'citizenship' },
    ]);
    expect(second?.programme.id).toBe('fx-lisbon-paid-evening-se');
    expect(second?.reasons).not.toContainEqual({ kind: 'free' });
    expect(third?.programme.id).toBe('fx-lisbon-online-unknown');
    expect(third?.reasons).toEqual(
      expect.arrayContaining([
        { kind: 'unknown', field: 'slots' },
        { kind: 'online' },
        { kind: 'unknown', field: 'cost' },
      ]),
    );
  });

  it('matches districts without case or accents and reports the city spelling', () => {
    const top = rankCourses(fixtures, { city: 'lisbon', level: 'A1', district: ' se ' }).matches[0];
    expect(top?.reasons).toContainEqual({ kind: 'district', value: 'Sé' });
  });

  it('filters out childcare the source rules out, and keeps "not stated" with an unknown reason', () => {
    const query: CourseQuery = { city: 'lisbon', level: 'A2', slots: ['afternoon'] };
    expect(ids(query)).toContain('fx-lisbon-no-childcare');
    const withChildcare = rankCourses(fixtures, { ...query, needsChildcare: true }).matches;
    expect(withChildcare.map((match) => match.programme.id)).toEqual(['fx-lisbon-online-unknown']);
    expect(withChildcare[0]?.reasons).toContainEqual({ kind: 'unknown', field: 'childcare' });
  });

  it('ranks a confirmed fit above a "source does not say"', () => {
    const matches = rankCourses(fixtures, { city: 'lisbon', level: 'A1', slots: ['evening'], online: true }).matches;
    expect(matches.map((match) => match.programme.id)).toEqual(['fx-lisbon-online-unknown']);
    const anyTime = rankCourses(fixtures, { city: 'lisbon', level: 'A1', slots: ['evening'] }).matches;
    const last = anyTime[anyTime.length - 1];
    expect(last?.programme.id).toBe('fx-lisbon-online-unknown');
  });
});

describe('rankCourses — nothing fits', () => {
  it('suggests relaxing the time when only the time blocks', () => {
    const result = rankCourses(fixtures, { city: 'lisbon', level: 'literacy', slots: ['evening'] });
    expect(result.matches).toEqual([]);
    expect(result.noMatchCause).toBe('preferences');
    expect(result.relaxSuggestions).toEqual([{ relax: ['slots'], matchCount: 1 }]);
  });

  it('suggests relaxing two preferences together when neither alone is enough', () => {
    const result = rankCourses(fixtures, { city: 'lisbon', level: 'literacy', slots: ['evening'], district: 'Sé' });
    expect(result.matches).toEqual([]);
    expect(result.relaxSuggestions).toEqual([{ relax: ['slots', 'place'], matchCount: 1 }]);
  });

  it('lists each single preference whose removal yields matches', () => {
    const result = rankCourses(fixtures, { city: 'lisbon', level: 'B1', slots: ['morning'], freeOnly: true });
    expect(result.matches).toEqual([]);
    expect(result.relaxSuggestions).toEqual([
      { relax: ['slots'], matchCount: 1 },
      { relax: ['freeOnly'], matchCount: 1 },
    ]);
    const withoutSlots = rankCourses(fixtures, { city: 'lisbon', level: 'B1', freeOnly: true }).matches;
    expect(withoutSlots.map((match) => match.programme.id)).toEqual(['fx-lisbon-b1-only']);
  });

  it('suggests relaxing childcare when the source rules childcare out, next to the other ways out', () => {
    const result = rankCourses(fixtures, {
      city: 'lisbon',
      level: 'A2',
      slots: ['afternoon'],
      freeOnly: true,
      needsChildcare: true,
    });
    expect(result.matches).toEqual([]);
    expect(result.relaxSuggestions).toEqual([
      { relax: ['slots'], matchCount: 4 },
      { relax: ['childcare'], matchCount: 1 },
      { relax: ['freeOnly'], matchCount: 1 },
    ]);
    const withoutChildcare = rankCourses(fixtures, { city: 'lisbon', level: 'A2', slots: ['afternoon'], freeOnly: true });
    expect(withoutChildcare.matches.map((match) => match.programme.id)).toEqual(['fx-lisbon-no-childcare']);
  });

  it('never suggests relaxing a hard constraint (city, level)', () => {
    expect(rankCourses(fixtures, { city: 'helsinki' })).toEqual({
      matches: [],
      relaxSuggestions: [],
      noMatchCause: 'no-programme-in-city',
    });
    expect(rankCourses(fixtures, { city: 'lisbon', level: 'C1', slots: ['evening'] })).toEqual({
      matches: [],
      relaxSuggestions: [],
      noMatchCause: 'no-programme-for-level',
    });
  });
});
