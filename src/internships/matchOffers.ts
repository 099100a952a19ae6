import type { CityId } from '../content/common';
import { CEFR_LEVELS, type CefrLevel } from '../content/schemesSchema';
import type { InternshipOffer } from './InternshipOffer';
import type { WorkField } from './workFields';

/** What the newcomer told the bot that decides which offers to show. */
export interface OfferSeeker {
  city: CityId;
  /** Undefined or `other`: the person did not name a field, so no offer is left out for its field. */
  field?: WorkField;
  /** Their level in the city's main language; `unknown`: offers are shown with the level they ask for. */
  languageLevel: CefrLevel | 'unknown';
}

/**
 * The approved offers to show to one newcomer: in their city, in their field (an offer filed under `other` is shown to
 * everyone), and not asking for a higher language level than they have. Soonest start first. Pure.
 */
export function offersFor(offers: readonly InternshipOffer[], seeker: OfferSeeker): InternshipOffer[] {
  return offers
    .filter((offer) => offer.status === 'approved')
    .filter((offer) => offer.city === seeker.city)
    .filter(
      (offer) => seeker.field === undefined || seeker.field === 'other' || offer.sector === 'other' || offer.sector === seeker.field,
    )
    .filter(
      (offer) =>
        offer.languageLevel === 'none' ||
        seeker.languageLevel === 'unknown' ||
        CEFR_LEVELS.indexOf(seeker.languageLevel) >= CEFR_LEVELS.indexOf(offer.languageLevel),
    )
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
