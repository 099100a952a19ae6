import type { InternshipOffer } from '../../src/internships/InternshipOffer';
import { offersFor, type OfferSeeker } from '../../src/internships/matchOffers';
import { draft } from './harness';

let n = 0;
function offer(overrides: Partial<InternshipOffer> = {}): InternshipOffer {
  n += 1;
  return {
    ...draft(),
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'approved',
    owner: { channelId: 'webchat', userId: 'employer' },
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    history: [{ status: 'approved', at: '2026-11-23T10:00:00.000Z' }],
    ...overrides,
  };
}

const seeker = (overrides: Partial<OfferSeeker> = {}): OfferSeeker => ({
  city: 'birmingham',
  field: 'care',
  languageLevel: 'B1',
  ...overrides,
});

describe('offersFor', () => {
  it.each<[string, Partial<InternshipOffer>, Partial<OfferSeeker>, boolean]>([
    ['an approved offer in the city, field and level', {}, {}, true],
    ['a pending offer', { status: 'pending' }, {}, false],
    ['a withdrawn offer', { status: 'withdrawn' }, {}, false],
    ['a rejected offer', { status: 'rejected' }, {}, false],
    ['another city', { city: 'milan' }, {}, false],
    ['another field', { sector: 'construction' }, {}, false],
    ['another field, the person named none', { sector: 'construction' }, { field: 'other' }, true],
    ['an offer filed under "other"', { sector: 'other' }, {}, true],
    ['a higher level than the person has', { languageLevel: 'B2' }, {}, false],
    ['a lower level', { languageLevel: 'A2' }, {}, true],
    ['no level needed', { languageLevel: 'none' }, { languageLevel: 'A1' }, true],
    ['any level when the person does not know theirs', { languageLevel: 'C1' }, { languageLevel: 'unknown' }, true],
  ])('%s', (_name, offerOverrides, seekerOverrides, shown) => {
    const candidate = offer(offerOverrides);
    expect(offersFor([candidate], seeker(seekerOverrides)).map((o) => o.id)).toEqual(shown ? [candidate.id] : []);
  });

  it('lists the soonest start first', () => {
    const later = offer({ startDate: '2027-03-01' });
    const sooner = offer({ startDate: '2027-01-11' });
    expect(offersFor([later, sooner], seeker()).map((o) => o.startDate)).toEqual(['2027-01-11', '2027-03-01']);
  });
});
