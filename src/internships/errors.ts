import type { OfferAction, OfferStatus } from './InternshipOffer';

/**
 * Errors the offer repository throws on purpose. Messages name ids and statuses, never what a person typed (company,
 * contact): messages end up in logs.
 */
export class OfferRepositoryError extends Error {
  override readonly name: string = 'OfferRepositoryError';
}

/** No offer with this id, or (for an employer's action) not one of theirs: the two are not told apart on purpose. */
export class OfferNotFoundError extends OfferRepositoryError {
  override readonly name = 'OfferNotFoundError';

  constructor(readonly offerId: string) {
    super(`Offers: no offer ${offerId} (or it belongs to someone else).`);
  }
}

/** The action is not allowed from the offer's current status (e.g. approving a withdrawn offer). */
export class OfferTransitionError extends OfferRepositoryError {
  override readonly name = 'OfferTransitionError';

  constructor(
    readonly offerId: string,
    readonly from: OfferStatus,
    readonly action: OfferAction,
  ) {
    super(`Offers: cannot ${action} offer ${offerId} while it is ${from}.`);
  }
}

/** Other writers kept changing the same item; the change was given up after a few attempts. Nothing half-done stays visible. */
export class OfferConflictError extends OfferRepositoryError {
  override readonly name = 'OfferConflictError';

  constructor(
    readonly key: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`Offers: gave up writing ${key} after ${attempts} eTag conflicts.`, options);
  }
}

/** The offer exists but is not open to newcomers (not approved, or no longer): no referral can be recorded. */
export class OfferNotOpenError extends OfferRepositoryError {
  override readonly name = 'OfferNotOpenError';

  constructor(
    readonly offerId: string,
    readonly status: OfferStatus | undefined,
  ) {
    super(`Offers: offer ${offerId} is not open to newcomers (status: ${status ?? 'none'}).`);
  }
}
