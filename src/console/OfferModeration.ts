import { z } from 'zod';

/** An employer's internship offer waiting for an admin's review, as the console shows it. */
export const PendingOfferSchema = z.object({
  id: z.string().min(1),
  employer: z.string(),
  title: z.string(),
  city: z.string().optional(),
  description: z.string().optional(),
  /** ISO date and time the employer sent it. */
  submittedAt: z.string().optional(),
});
export type PendingOffer = z.infer<typeof PendingOfferSchema>;

/**
 * What the console needs from the offer repository (built elsewhere). Optional: without it the console says offer
 * review is not available.
 */
export interface OfferModeration {
  listPending(): Promise<PendingOffer[]>;
  approve(id: string): Promise<void>;
  reject(id: string): Promise<void>;
}

/** The offer does not exist or is no longer waiting for review. */
export class OfferNotFoundError extends Error {
  override readonly name = 'OfferNotFoundError';
}
