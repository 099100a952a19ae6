import type { OfferModeration, PendingOffer } from '../console/OfferModeration';
import { OfferNotFoundError as ConsoleOfferNotFoundError } from '../console/OfferModeration';
import { OfferNotFoundError, OfferTransitionError } from './errors';
import type { InternshipOffer } from './InternshipOffer';
import type { OfferRepository } from './OfferRepository';

function describe(offer: InternshipOffer): string {
  const stipend = offer.stipend;
  return [
    `Sector: ${offer.sector}`,
    `District: ${offer.district}`,
    `Start: ${offer.startDate}, ${offer.durationWeeks} weeks, ${offer.hoursPerWeek} h/week`,
    `Stipend: ${JSON.stringify(stipend)}`,
    `Language level: ${String(offer.languageLevel)}`,
    `Mentor: ${offer.mentor ? 'yes' : 'no'}`,
    `Contact (advisers only): ${offer.contact}`,
  ].join('\n');
}

/** The console's admin page reviews employers' offers through the offer repository. */
export function offerModeration(offers: OfferRepository): OfferModeration {
  const moderate = async (change: () => Promise<unknown>): Promise<void> => {
    try {
      await change();
    } catch (error) {
      if (error instanceof OfferNotFoundError || error instanceof OfferTransitionError) {
        throw new ConsoleOfferNotFoundError('the offer does not exist or is no longer waiting for review', { cause: error });
      }
      throw error;
    }
  };
  return {
    async listPending(): Promise<PendingOffer[]> {
      const pending = await offers.listByStatus('pending');
      return pending.map((offer) => ({
        id: offer.id,
        employer: offer.company,
        title: offer.role,
        city: offer.city,
        description: describe(offer),
        submittedAt: offer.createdAt,
      }));
    },
    approve: (id) => moderate(() => offers.approve(id)),
    reject: (id) => moderate(() => offers.reject(id)),
  };
}
