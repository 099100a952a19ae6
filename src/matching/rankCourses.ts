import type { CityId } from '../content/common';
import {
  COURSE_SLOTS,
  type CourseGoal,
  type CourseLevel,
  type CourseProgramme,
  type CourseSlot,
  type TargetLanguage,
} from '../content/coursesSchema';

/**
 * Ranks language-course programmes for one person. Pure and deterministic: no I/O, no clock, no randomness; the
 * same programmes and query give the same result whatever the input order.
 *
 * Hard constraints (never broken, never offered for relaxing):
 * - city: only programmes in `query.city`;
 * - status: `ended` programmes are never returned;
 * - target language, when the query names one;
 * - level: when the query gives a level, the programme's `levels` must include it. A `literacy` learner is matched
 *   only by programmes whose levels include `literacy` or `pre-A1`, so never by a course for B1 and above.
 *   Programmes whose levels the source does not state (`levels: null`) are shown only to people who do not know
 *   their level (query without `level`), with an `unknown` reason.
 * - free only: a programme with `cost.free === false` (paid) or `null` (source does not say) is never shown to a
 *   free-only query. `'conditional'` (free for some people, per the source) counts as possibly free: it is shown,
 *   with the reason `free-conditional`, and the dialog reads `cost.freeFor` to the user.
 *
 * Preferences that filter but can be relaxed (`relaxSuggestions`): time slots, place (district or online),
 * free only, childcare. A programme is filtered out only when its source contradicts the wish; when the source
 * is silent (null / empty districts) it stays, with an `unknown` reason, and ranks below confirmed matches.
 *
 * `goal` never filters; it only adds to the score.
 */

export interface CourseQuery {
  city: CityId;
  /** The learner's level; omit when the person does not know it. */
  level?: CourseLevel;
  /** Language to learn; omit to accept any language taught in the city (e.g. Finnish or Swedish in Helsinki). */
  targetLanguage?: TargetLanguage;
  /** Time slots that suit the person; empty or omitted = any time. */
  slots?: readonly CourseSlot[];
  /** District the person wants to study in (compared without case or accents). */
  district?: string;
  /** true = the person wants to study online. With `district` too, either one satisfies. */
  online?: boolean;
  freeOnly?: boolean;
  needsChildcare?: boolean;
  goal?: CourseGoal;
}

/** Facts the source leaves open, so the bot can say "the source does not say; ask the provider". */
export type UnknownField = 'levels' | 'slots' | 'district' | 'cost' | 'childcare';

/** Machine-readable reasons; a dialog phrases them in any language ("evenings, free for you, near Sé"). */
export type MatchReason =
  | { kind: 'level'; value: CourseLevel }
  | { kind: 'slot'; value: CourseSlot }
  | { kind: 'district'; value: string }
  | { kind: 'online' }
  | { kind: 'free' }
  | { kind: 'free-conditional' }
  | { kind: 'childcare' }
  | { kind: 'goal'; value: CourseGoal }
  | { kind: 'unknown'; field: UnknownField };

export interface CourseMatch {
  programme: CourseProgramme;
  score: number;
  reasons: MatchReason[];
}

/** The preferences a dialog may offer to drop when nothing fits. */
export const RELAXABLE_CONSTRAINTS = ['slots', 'place', 'childcare', 'freeOnly'] as const;
export type RelaxableConstraint = (typeof RELAXABLE_CONSTRAINTS)[number];

export interface RelaxSuggestion {
  /** Drop all of these (the smallest sets that work are listed; most often a single one). */
  relax: RelaxableConstraint[];
  /** How many programmes would then match. */
  matchCount: number;
}

/** Why nothing was found before any preference applied (only set when `matches` is empty). */
export type NoMatchCause = 'no-programme-in-city' | 'no-programme-for-level' | 'preferences';

export interface CourseRanking {
  matches: CourseMatch[];
  /** Empty when there are matches, or when only a hard constraint blocks (then hand over to an adviser). */
  relaxSuggestions: RelaxSuggestion[];
  noMatchCause?: NoMatchCause;
}

/** Points per confirmed fit. Unknowns score 0, so a confirmed fit always ranks above a "source does not say". */
export const SCORE = {
  slot: 3,
  place: 3,
  childcare: 2,
  free: 2,
  freeConditional: 1,
  goal: 2,
} as const;

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

function levelFits(programme: CourseProgramme, level: CourseLevel | undefined): CourseLevel | 'unknown' | null {
  if (level === undefined) return programme.levels === null ? 'unknown' : null;
  if (programme.levels === null) return null;
  if (level === 'literacy') {
    if (programme.levels.includes('literacy')) return 'literacy';
    if (programme.levels.includes('pre-A1')) return 'pre-A1';
    return null;
  }
  return programme.levels.includes(level) ? level : null;
}

/** City, status, language, level. Returns the level reason, or null when the programme is out. */
function passesHardConstraints(
  programme: CourseProgramme,
  query: CourseQuery,
): { ok: false; stage: 'city' | 'level' } | { ok: true; levelReason: MatchReason | null } {
  if (programme.city !== query.city || programme.status !== 'active') return { ok: false, stage: 'city' };
  if (query.targetLanguage !== undefined && programme.targetLanguage !== query.targetLanguage) {
    return { ok: false, stage: 'city' };
  }
  const level = levelFits(programme, query.level);
  if (query.level !== undefined && level === null) return { ok: false, stage: 'level' };
  if (level === 'unknown') return { ok: true, levelReason: { kind: 'unknown', field: 'levels' } };
  if (level === null) return { ok: true, levelReason: null };
  return { ok: true, levelReason: { kind: 'level', value: level } };
}

/** Applies the relaxable preferences that are still active; returns the match or null when filtered out. */
function evaluate(
  programme: CourseProgramme,
  query: CourseQuery,
  levelReason: MatchReason | null,
  active: ReadonlySet<RelaxableConstraint>,
): CourseMatch | null {
  const reasons: MatchReason[] = [];
  let score = 0;
  if (levelReason !== null) reasons.push(levelReason);

  // Time slots.
  const wanted = query.slots ?? [];
  if (active.has('slots') && wanted.length > 0) {
    if (programme.slots === null) {
      reasons.push({ kind: 'unknown', field: 'slots' });
    } else {
      const programmeSlots = programme.slots;
      const common = COURSE_SLOTS.filter((slot) => wanted.includes(slot) && programmeSlots.includes(slot));
      if (common.length === 0) return null;
      for (const slot of common) reasons.push({ kind: 'slot', value: slot });
      score += SCORE.slot;
    }
  }

  // Place: a district, online, or either.
  const wantsDistrict = query.district !== undefined && normalise(query.district) !== '';
  const wantsOnline = query.online === true;
  if (active.has('place') && (wantsDistrict || wantsOnline)) {
    const wantedDistrict = wantsDistrict ? normalise(query.district ?? '') : '';
    const district = wantsDistrict ? programme.districts.find((name) => normalise(name) === wantedDistrict) : undefined;
    if (district !== undefined) {
      reasons.push({ kind: 'district', value: district });
      score += SCORE.place;
    } else if (programme.online) {
      reasons.push({ kind: 'online' });
      score += SCORE.place;
    } else if (wantsDistrict && programme.districts.length === 0) {
      reasons.push({ kind: 'unknown', field: 'district' });
    } else {
      return null;
    }
  }

  // Cost. Free-only is a filter; being free adds to the score for everyone.
  const freeOnly = active.has('freeOnly') && query.freeOnly === true;
  switch (programme.cost.free) {
    case true:
      reasons.push({ kind: 'free' });
      score += SCORE.free;
      break;
    case 'conditional':
      reasons.push({ kind: 'free-conditional' });
      score += SCORE.freeConditional;
      break;
    case false:
      if (freeOnly) return null;
      break;
    case null:
      if (freeOnly) return null;
      reasons.push({ kind: 'unknown', field: 'cost' });
      break;
  }

  // Childcare.
  if (active.has('childcare') && query.needsChildcare === true) {
    if (programme.childcare === false) return null;
    if (programme.childcare === null) {
      reasons.push({ kind: 'unknown', field: 'childcare' });
    } else {
      reasons.push({ kind: 'childcare' });
      score += SCORE.childcare;
    }
  }

  // Goal: soft.
  if (query.goal !== undefined && programme.goals.includes(query.goal)) {
    reasons.push({ kind: 'goal', value: query.goal });
    score += SCORE.goal;
  }

  return { programme, score, reasons };
}

/** Score (high first), then id, then English name: a fixed order whatever the input order. */
function compareMatches(a: CourseMatch, b: CourseMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.programme.id !== b.programme.id) return a.programme.id < b.programme.id ? -1 : 1;
  const nameA = a.programme.name.en;
  const nameB = b.programme.name.en;
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  return 0;
}

function requestedConstraints(query: CourseQuery): RelaxableConstraint[] {
  const requested: RelaxableConstraint[] = [];
  if ((query.slots ?? []).length > 0) requested.push('slots');
  if ((query.district !== undefined && normalise(query.district) !== '') || query.online === true) requested.push('place');
  if (query.needsChildcare === true) requested.push('childcare');
  if (query.freeOnly === true) requested.push('freeOnly');
  return requested;
}

/** Every subset of `items` (in RELAXABLE_CONSTRAINTS order), smallest first; the empty set excluded. */
function subsetsBySize<T>(items: readonly T[]): T[][] {
  const subsets: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask += 1) {
    subsets.push(items.filter((_, index) => (mask & (1 << index)) !== 0));
  }
  return subsets.sort((a, b) => a.length - b.length);
}

export function rankCourses(programmes: readonly CourseProgramme[], query: CourseQuery): CourseRanking {
  const eligible: Array<{ programme: CourseProgramme; levelReason: MatchReason | null }> = [];
  let anyInCity = false;
  for (const programme of programmes) {
    const hard = passesHardConstraints(programme, query);
    if (hard.ok) {
      anyInCity = true;
      eligible.push({ programme, levelReason: hard.levelReason });
    } else if (hard.stage === 'level') {
      anyInCity = true;
    }
  }

  const requested = requestedConstraints(query);
  const run = (active: ReadonlySet<RelaxableConstraint>): CourseMatch[] =>
    eligible
      .map(({ programme, levelReason }) => evaluate(programme, query, levelReason, active))
      .filter((match): match is CourseMatch => match !== null)
      .sort(compareMatches);

  const matches = run(new Set(RELAXABLE_CONSTRAINTS));
  if (matches.length > 0) return { matches, relaxSuggestions: [] };

  if (eligible.length === 0) {
    return {
      matches: [],
      relaxSuggestions: [],
      noMatchCause: anyInCity ? 'no-programme-for-level' : 'no-programme-in-city',
    };
  }

  // Smallest sets of preferences whose removal yields matches; a superset of a working set is not listed.
  const relaxSuggestions: RelaxSuggestion[] = [];
  for (const subset of subsetsBySize(requested)) {
    if (relaxSuggestions.some((found) => found.relax.every((constraint) => subset.includes(constraint)))) continue;
    const active = new Set(RELAXABLE_CONSTRAINTS.filter((constraint) => !subset.includes(constraint)));
    const count = run(active).length;
    if (count > 0) relaxSuggestions.push({ relax: subset, matchCount: count });
  }
  return { matches: [], relaxSuggestions, noMatchCause: 'preferences' };
}
