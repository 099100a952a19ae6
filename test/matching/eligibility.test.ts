import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CITY_IDS } from '../../src/content/common';
import { CEFR_LEVELS, parseSchemeCatalogue, type Scheme } from '../../src/content/schemesSchema';
import {
  AGE_BANDS,
  PERSON_RESIDENCE,
  checkEligibility,
  endedProgrammes,
  schemesFor,
  type AgeBand,
  type Person,
} from '../../src/matching/eligibility';

// Fixtures written for these tests (test/fixtures/schemes.json), never the real data.
const fixtures: Scheme[] = parseSchemeCatalogue(
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'schemes.json'), 'utf8')) as unknown,
).schemes;

function fixture(id: string): Scheme {
  const found = fixtures.find((scheme) => scheme.id === id);
  if (!found) throw new Error(`missing fixture ${id}`);
  return found;
}

/** A person who answers everything, in Birmingham; override what a test needs. */
function person(overrides: Partial<Person> = {}): Person {
  return {
    city: 'birmingham',
    ageBand: '25-29',
    residence: 'refugee',
    registeredUnemployed: true,
    languageLevel: 'C1',
    field: 'health',
    ...overrides,
  };
}

/** Every combination of the person's answers (with and without the optional ones). */
function allPersons(): Person[] {
  const people: Person[] = [];
  for (const city of CITY_IDS) {
    for (const ageBand of AGE_BANDS) {
      for (const residence of PERSON_RESIDENCE) {
        for (const registeredUnemployed of [true, false, 'unknown'] as const) {
          for (const languageLevel of [undefined, 'unknown', 'A2', 'B2'] as const) {
            for (const field of [undefined, 'health', 'hospitality'] as const) {
              const p: Person = { city, ageBand, residence, registeredUnemployed };
              if (languageLevel !== undefined) p.languageLevel = languageLevel;
              if (field !== undefined) p.field = field;
              people.push(p);
            }
          }
        }
      }
    }
  }
  return people;
}

const ids = (matches: { scheme: Scheme }[]): string[] => matches.map((match) => match.scheme.id);

describe('ended programmes', () => {
  it('are not eligible even for a person who meets every condition', () => {
    const result = checkEligibility(fixture('fixture-ended-young-registered'), person({ ageBand: '18-24' }));
    expect(result.status).toBe('not-eligible');
    expect(result.reasons).toContain('programme-ended');
  });

  it('are never offered by schemesFor, whatever the person answers and for every audience', () => {
    const ended = fixtures.filter((scheme) => scheme.status === 'ended').map((scheme) => scheme.id);
    expect(ended.length).toBeGreaterThanOrEqual(2);
    for (const p of allPersons()) {
      for (const audience of ['newcomer', 'employer', 'both'] as const) {
        const offered = ids(schemesFor(fixtures, p, audience));
        for (const id of ended) expect(offered).not.toContain(id);
      }
    }
  });

  it('are listed by endedProgrammes, per city and in id order, to explain what the city learned', () => {
    expect(endedProgrammes(fixtures, 'birmingham').map((s) => s.id)).toEqual([
      'fixture-ended',
      'fixture-ended-young-registered',
    ]);
    expect(endedProgrammes(fixtures, 'lisbon')).toEqual([]);
  });
});

describe('age bands', () => {
  const scheme18to29 = 'fixture-age-18-29';

  it.each<[AgeBand, string]>([
    ['16-17', 'not-eligible'],
    ['18-24', 'eligible'],
    ['25-29', 'eligible'],
    ['30-49', 'not-eligible'],
    ['50+', 'not-eligible'],
    ['unknown', 'maybe'],
  ])('an 18–29 scheme gives %s → %s', (ageBand, status) => {
    expect(checkEligibility(fixture(scheme18to29), person({ ageBand })).status).toBe(status);
  });

  it('names the side of the limit that was missed', () => {
    expect(checkEligibility(fixture(scheme18to29), person({ ageBand: '16-17' })).reasons).toEqual([
      'age-below-minimum',
    ]);
    expect(checkEligibility(fixture(scheme18to29), person({ ageBand: '50+' })).reasons).toEqual(['age-above-maximum']);
    expect(checkEligibility(fixture('fixture-age-min-50'), person({ ageBand: '30-49' })).reasons).toEqual([
      'age-below-minimum',
    ]);
  });

  it('answers maybe, not eligible, when the band straddles a limit (30–49 against "35 or younger")', () => {
    const result = checkEligibility(fixture('fixture-age-max-35'), person({ ageBand: '30-49' }));
    expect(result.status).toBe('maybe');
    expect(result.reasons).toEqual(['age-band-straddles-limit']);
    expect(result.checkWithProvider).toBe(true);
  });

  it('never shows a scheme as open to a person whose whole band is outside its ages', () => {
    const bounds: Record<Exclude<AgeBand, 'unknown'>, [number, number]> = {
      '16-17': [16, 17],
      '18-24': [18, 24],
      '25-29': [25, 29],
      '30-49': [30, 49],
      '50+': [50, Number.POSITIVE_INFINITY],
    };
    let checked = 0;
    for (const p of allPersons()) {
      if (p.ageBand === 'unknown') continue;
      const [low, high] = bounds[p.ageBand];
      for (const match of schemesFor(fixtures, p, 'both')) {
        const { ageMin, ageMax } = match.scheme.eligibility;
        expect(high < (ageMin ?? 0)).toBe(false);
        expect(low > (ageMax ?? Number.POSITIVE_INFINITY)).toBe(false);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('undisclosed or unknown answers', () => {
  it.each(['prefer-not-to-say', 'unknown'] as const)(
    'residence "%s" gives maybe (with "check with the provider"), never eligible',
    (residence) => {
      for (const id of ['fixture-refugees-only', 'fixture-legal-residents']) {
        const result = checkEligibility(fixture(id), person({ residence }));
        expect(result.status).toBe('maybe');
        expect(result.reasons).toEqual(['residence-not-disclosed']);
        expect(result.checkWithProvider).toBe(true);
      }
    },
  );

  it('keeps a prefer-not-to-say person’s residence-restricted scheme in the list, marked maybe', () => {
    const matches = schemesFor(fixtures, person({ residence: 'prefer-not-to-say' }), 'newcomer');
    const restricted = matches.find((match) => match.scheme.id === 'fixture-refugees-only');
    expect(restricted?.status).toBe('maybe');
    expect(restricted?.checkWithProvider).toBe(true);
  });

  it('does not let prefer-not-to-say affect schemes that do not restrict residence', () => {
    expect(checkEligibility(fixture('fixture-aa-open'), person({ residence: 'prefer-not-to-say' })).status).toBe(
      'eligible',
    );
  });

  it('never answers eligible when an answer the scheme depends on is unknown or withheld', () => {
    for (const p of allPersons()) {
      for (const scheme of fixtures) {
        if (checkEligibility(scheme, p).status !== 'eligible') continue;
        const e = scheme.eligibility;
        if (e.ageMin !== undefined || e.ageMax !== undefined) expect(p.ageBand).not.toBe('unknown');
        if (e.requiresUnemployedRegistration) expect(p.registeredUnemployed).toBe(true);
        if (e.residence) expect(['prefer-not-to-say', 'unknown']).not.toContain(p.residence);
        if (e.minLanguageLevel) expect(CEFR_LEVELS).toContain(p.languageLevel);
        if (e.fields) expect(p.field).toBeDefined();
        expect(e.hasOtherConditions).not.toBe(true);
      }
    }
  });

  it('caps a scheme with conditions the data cannot model at maybe', () => {
    const result = checkEligibility(fixture('fixture-other-conditions'), person());
    expect(result.status).toBe('maybe');
    expect(result.reasons).toEqual(['other-conditions-apply']);
  });
});

describe('registered-unemployed requirement', () => {
  const id = 'fixture-registered-unemployed';

  it('is met by a registered person', () => {
    expect(checkEligibility(fixture(id), person({ registeredUnemployed: true })).status).toBe('eligible');
  });

  it('rules out a person who is not registered, and schemesFor leaves the scheme out', () => {
    const p = person({ registeredUnemployed: false });
    const result = checkEligibility(fixture(id), p);
    expect(result.status).toBe('not-eligible');
    expect(result.reasons).toEqual(['not-registered-unemployed']);
    expect(ids(schemesFor(fixtures, p, 'newcomer'))).not.toContain(id);
    expect(ids(schemesFor(fixtures, p, 'employer'))).not.toContain('fixture-employer-subsidy');
  });

  it('gives maybe when the person does not know', () => {
    const result = checkEligibility(fixture(id), person({ registeredUnemployed: 'unknown' }));
    expect(result.status).toBe('maybe');
    expect(result.reasons).toEqual(['registration-unknown']);
  });

  it('does not matter for schemes that do not require it', () => {
    expect(checkEligibility(fixture('fixture-aa-open'), person({ registeredUnemployed: false })).status).toBe(
      'eligible',
    );
  });
});

describe('other conditions', () => {
  it('residence: a listed status is eligible, an unlisted one is not, "other" must be checked', () => {
    const refugeesOnly = fixture('fixture-refugees-only');
    expect(checkEligibility(refugeesOnly, person({ residence: 'temporary-protection' })).status).toBe('eligible');
    expect(checkEligibility(refugeesOnly, person({ residence: 'eu-citizen' })).reasons).toEqual([
      'residence-not-listed',
    ]);
    expect(checkEligibility(refugeesOnly, person({ residence: 'other-legal-resident' })).status).toBe('maybe');
  });

  it('residence: any-legal-resident covers a work permit but leaves an asylum claim to the provider', () => {
    const legal = fixture('fixture-legal-residents');
    expect(checkEligibility(legal, person({ residence: 'work-permit' })).status).toBe('eligible');
    const asylum = checkEligibility(legal, person({ residence: 'asylum-seeker' }));
    expect(asylum.status).toBe('maybe');
    expect(asylum.reasons).toEqual(['residence-check-with-provider']);
  });

  it('language level: at or above the minimum is eligible, below is not, unknown is maybe', () => {
    const b1 = fixture('fixture-english-b1');
    expect(checkEligibility(b1, person({ languageLevel: 'B1' })).status).toBe('eligible');
    expect(checkEligibility(b1, person({ languageLevel: 'A2' })).reasons).toEqual(['language-below-minimum']);
    expect(checkEligibility(b1, person({ languageLevel: 'unknown' })).status).toBe('maybe');
    const { languageLevel: _omitted, ...withoutLevel } = person();
    expect(checkEligibility(b1, withoutLevel).reasons).toEqual(['language-level-unknown']);
  });

  it('field: a listed field is eligible, another is not, none given is maybe', () => {
    const health = fixture('fixture-health-only');
    expect(checkEligibility(health, person({ field: 'health' })).status).toBe('eligible');
    expect(checkEligibility(health, person({ field: 'hospitality' })).reasons).toEqual(['field-not-listed']);
    const { field: _omitted, ...withoutField } = person();
    expect(checkEligibility(health, withoutField).reasons).toEqual(['field-unknown']);
  });

  it('city: a scheme in another city is never open', () => {
    expect(checkEligibility(fixture('fixture-lisbon-open'), person()).reasons).toEqual(['other-city']);
    expect(ids(schemesFor(fixtures, person(), 'newcomer'))).not.toContain('fixture-lisbon-open');
    expect(ids(schemesFor(fixtures, person({ city: 'lisbon' }), 'newcomer'))).toEqual(['fixture-lisbon-open']);
  });

  it('lists every reason that applies, in a fixed order', () => {
    const result = checkEligibility(
      fixture('fixture-ended-young-registered'),
      person({ city: 'milan', ageBand: '50+', registeredUnemployed: false }),
    );
    expect(result.reasons).toEqual([
      'programme-ended',
      'other-city',
      'age-above-maximum',
      'not-registered-unemployed',
    ]);
  });
});

describe('schemesFor', () => {
  it('separates audiences: employer schemes are not shown to newcomers, "both" goes to each', () => {
    const newcomer = ids(schemesFor(fixtures, person(), 'newcomer'));
    const employer = ids(schemesFor(fixtures, person(), 'employer'));
    expect(newcomer).not.toContain('fixture-employer-subsidy');
    expect(employer).toContain('fixture-employer-subsidy');
    expect(employer).not.toContain('fixture-aa-open');
    expect(newcomer).toContain('fixture-both-audiences');
    expect(employer).toContain('fixture-both-audiences');
  });

  it('puts eligible before maybe, and orders by id within each', () => {
    const matches = schemesFor(fixtures, person({ ageBand: '30-49', languageLevel: 'unknown' }), 'newcomer');
    const statuses = matches.map((match) => match.status);
    const firstMaybe = statuses.indexOf('maybe');
    expect(firstMaybe).toBeGreaterThan(0);
    expect(statuses.slice(firstMaybe).every((status) => status === 'maybe')).toBe(true);
    for (const status of ['eligible', 'maybe'] as const) {
      const group = matches.filter((match) => match.status === status).map((match) => match.scheme.id);
      expect(group).toEqual([...group].sort());
    }
    expect(ids(matches).slice(0, 2)).toEqual(['fixture-aa-open', 'fixture-both-audiences']);
  });

  it('gives the same answer whatever the order of the input', () => {
    const p = person({ residence: 'prefer-not-to-say', registeredUnemployed: 'unknown' });
    const expected = ids(schemesFor(fixtures, p, 'both'));
    const reversed = [...fixtures].reverse();
    const rotated = [...fixtures.slice(5), ...fixtures.slice(0, 5)];
    expect(ids(schemesFor(reversed, p, 'both'))).toEqual(expected);
    expect(ids(schemesFor(rotated, p, 'both'))).toEqual(expected);
  });

  it('does not modify its input', () => {
    const input = structuredClone(fixtures);
    const frozen = input.map((scheme) => Object.freeze(scheme));
    Object.freeze(frozen);
    schemesFor(frozen, person(), 'both');
    expect(frozen).toEqual(fixtures);
  });
});
