import type { CityId } from '../content/common';
import {
  CEFR_LEVELS,
  type CefrLevel,
  type ResidenceStatus,
  type Scheme,
  type SchemeAudience,
} from '../content/schemesSchema';

/**
 * Pure eligibility logic for internships, jobs and employer schemes. No I/O, no clock, no randomness: the same input
 * always gives the same output, in the same order.
 *
 * Principles:
 * - an ended programme is never open;
 * - a person whose whole age band lies outside a scheme's ages never sees it as open;
 * - an unknown or withheld answer never produces "eligible": it produces "maybe", shown with "check with the provider";
 * - conditions the source states but the data cannot model (`hasOtherConditions`) also cap the answer at "maybe".
 *
 * For the employer audience the person describes the newcomer the employer wants to hire: conditions are about them.
 */

export const AGE_BANDS = ['16-17', '18-24', '25-29', '30-49', '50+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** What the person says about their residence; the last two are never treated as a status. */
export const PERSON_RESIDENCE = [
  'refugee',
  'asylum-seeker',
  'temporary-protection',
  'eu-citizen',
  'work-permit',
  'other-legal-resident',
  'prefer-not-to-say',
  'unknown',
] as const;
export type PersonResidence = (typeof PERSON_RESIDENCE)[number];

export interface Person {
  city: CityId;
  ageBand: AgeBand;
  residence: PersonResidence;
  registeredUnemployed: boolean | 'unknown';
  /** The person's level in the city's main language (en, pt, it, fi); absent or 'unknown' when not asked. */
  languageLevel?: CefrLevel | 'unknown';
  /** Work field in the catalogue's kebab-case vocabulary (e.g. "health", "hospitality"). */
  field?: string;
}

export type EligibilityStatus = 'eligible' | 'maybe' | 'not-eligible';

/** Reasons that make the answer 'not-eligible'. */
const BLOCKING_REASONS = [
  'programme-ended',
  'other-city',
  'age-below-minimum',
  'age-above-maximum',
  'not-registered-unemployed',
  'residence-not-listed',
  'language-below-minimum',
  'field-not-listed',
] as const;

/** Machine-readable reasons; the dialog layer turns them into sentences in the user's language. */
export const ELIGIBILITY_REASONS = [
  ...BLOCKING_REASONS,
  // uncertain: the answer is 'maybe'
  'age-unknown',
  'age-band-straddles-limit',
  'registration-unknown',
  'residence-not-disclosed',
  'residence-check-with-provider',
  'language-level-unknown',
  'field-unknown',
  'other-conditions-apply',
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

const BLOCKING: ReadonlySet<EligibilityReason> = new Set<EligibilityReason>(BLOCKING_REASONS);

export interface EligibilityResult {
  status: EligibilityStatus;
  /** Every reason that applies, in the fixed order of ELIGIBILITY_REASONS; empty when eligible. */
  reasons: EligibilityReason[];
  /** True when the bot must add "check with the provider" (status 'maybe'). */
  checkWithProvider: boolean;
}

const AGE_RANGES: Record<Exclude<AgeBand, 'unknown'>, { min: number; max: number }> = {
  '16-17': { min: 16, max: 17 },
  '18-24': { min: 18, max: 24 },
  '25-29': { min: 25, max: 29 },
  '30-49': { min: 30, max: 49 },
  '50+': { min: 50, max: Number.POSITIVE_INFINITY },
};

/** The language(s) the person's `languageLevel` refers to, per city. */
const CITY_LANGUAGES: Record<CityId, readonly string[]> = {
  birmingham: ['en'],
  lisbon: ['pt'],
  milan: ['it'],
  helsinki: ['fi'],
};

/** Statuses that `any-legal-resident` covers. An asylum seeker's case depends on the programme: "maybe". */
const LEGAL_RESIDENT_STATUSES: ReadonlySet<PersonResidence> = new Set<PersonResidence>([
  'refugee',
  'temporary-protection',
  'eu-citizen',
  'work-permit',
  'other-legal-resident',
]);

function checkAge(scheme: Scheme, person: Person, out: Set<EligibilityReason>): void {
  const { ageMin, ageMax } = scheme.eligibility;
  if (ageMin === undefined && ageMax === undefined) return;
  if (person.ageBand === 'unknown') {
    out.add('age-unknown');
    return;
  }
  const band = AGE_RANGES[person.ageBand];
  const min = ageMin ?? 0;
  const max = ageMax ?? Number.POSITIVE_INFINITY;
  if (band.max < min) {
    out.add('age-below-minimum');
  } else if (band.min > max) {
    out.add('age-above-maximum');
  } else if (band.min < min || band.max > max) {
    // Part of the band is inside, part outside: the exact age decides.
    out.add('age-band-straddles-limit');
  }
}

function checkRegistration(scheme: Scheme, person: Person, out: Set<EligibilityReason>): void {
  if (scheme.eligibility.requiresUnemployedRegistration !== true) return;
  if (person.registeredUnemployed === 'unknown') out.add('registration-unknown');
  else if (person.registeredUnemployed === false) out.add('not-registered-unemployed');
}

function checkResidence(scheme: Scheme, person: Person, out: Set<EligibilityReason>): void {
  const listed = scheme.eligibility.residence;
  if (listed === undefined) return;
  if (person.residence === 'prefer-not-to-say' || person.residence === 'unknown') {
    out.add('residence-not-disclosed');
    return;
  }
  if ((listed as readonly string[]).includes(person.residence)) return;
  if (listed.includes('any-legal-resident' satisfies ResidenceStatus)) {
    if (LEGAL_RESIDENT_STATUSES.has(person.residence)) return;
    out.add('residence-check-with-provider');
    return;
  }
  if (person.residence === 'other-legal-resident') {
    // "Other" may hide one of the listed statuses; only the provider can tell.
    out.add('residence-check-with-provider');
    return;
  }
  out.add('residence-not-listed');
}

function checkLanguage(scheme: Scheme, person: Person, out: Set<EligibilityReason>): void {
  const required = scheme.eligibility.minLanguageLevel;
  if (required === undefined) return;
  const level = person.languageLevel;
  if (level === undefined || level === 'unknown' || !CITY_LANGUAGES[person.city].includes(required.language)) {
    out.add('language-level-unknown');
    return;
  }
  if (CEFR_LEVELS.indexOf(level) < CEFR_LEVELS.indexOf(required.level)) out.add('language-below-minimum');
}

function checkField(scheme: Scheme, person: Person, out: Set<EligibilityReason>): void {
  const fields = scheme.eligibility.fields;
  if (fields === undefined) return;
  if (person.field === undefined || person.field.trim() === '') out.add('field-unknown');
  else if (!fields.includes(person.field.trim().toLowerCase())) out.add('field-not-listed');
}

/** Checks one scheme against one person. Pure and total: never throws for a parsed scheme. */
export function checkEligibility(scheme: Scheme, person: Person): EligibilityResult {
  const found = new Set<EligibilityReason>();
  if (scheme.status !== 'active') found.add('programme-ended');
  if (scheme.city !== person.city) found.add('other-city');
  checkAge(scheme, person, found);
  checkRegistration(scheme, person, found);
  checkResidence(scheme, person, found);
  checkLanguage(scheme, person, found);
  checkField(scheme, person, found);
  if (scheme.eligibility.hasOtherConditions === true) found.add('other-conditions-apply');

  const reasons = ELIGIBILITY_REASONS.filter((reason) => found.has(reason));
  let status: EligibilityStatus = 'eligible';
  if (reasons.some((reason) => BLOCKING.has(reason))) status = 'not-eligible';
  else if (reasons.length > 0) status = 'maybe';
  return { status, reasons, checkWithProvider: status === 'maybe' };
}

export interface SchemeMatch extends EligibilityResult {
  scheme: Scheme;
  status: 'eligible' | 'maybe';
}

function audienceMatches(scheme: Scheme, audience: SchemeAudience): boolean {
  return audience === 'both' || scheme.audience === 'both' || scheme.audience === audience;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The schemes to show as open to this person, for the given audience: active, in the person's city, and not ruled
 * out by any stated condition. 'eligible' comes first, then 'maybe' (shown with "check with the provider"); within a
 * status, ordered by id, so the order never depends on the order of the input.
 */
export function schemesFor(schemes: readonly Scheme[], person: Person, audience: SchemeAudience): SchemeMatch[] {
  const matches: SchemeMatch[] = [];
  for (const scheme of schemes) {
    if (!audienceMatches(scheme, audience)) continue;
    const result = checkEligibility(scheme, person);
    if (result.status === 'not-eligible') continue;
    matches.push({ scheme, ...result, status: result.status });
  }
  const rank = { eligible: 0, maybe: 1 } as const;
  return matches.sort((a, b) => rank[a.status] - rank[b.status] || compareIds(a.scheme.id, b.scheme.id));
}

/** Ended programmes of a city, ordered by id: never offered, only used to explain what the city learned. */
export function endedProgrammes(schemes: readonly Scheme[], city: CityId): Scheme[] {
  return schemes
    .filter((scheme) => scheme.city === city && scheme.status === 'ended')
    .sort((a, b) => compareIds(a.id, b.id));
}
