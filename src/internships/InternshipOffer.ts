import { z } from 'zod';
import { CityIdSchema, type CityId } from '../content/common';
import { CefrLevelSchema } from '../content/schemesSchema';
import { WorkFieldSchema } from './workFields';

/**
 * An internship an employer registers through the bot. It reaches newcomers only after an adviser approves it; the
 * employer's contact is for the adviser and is never shown to a newcomer.
 */

export const OFFER_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const OfferStatusSchema = z.enum(OFFER_STATUSES);
export type OfferStatus = z.infer<typeof OfferStatusSchema>;

export const OFFER_ACTIONS = ['approve', 'reject', 'withdraw'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

/**
 * The one place that says which status changes are allowed. An adviser may still reject an approved offer (e.g. the
 * employer turned out not to be genuine); rejected and withdrawn are final.
 */
const TRANSITIONS: Record<OfferStatus, Partial<Record<OfferAction, OfferStatus>>> = {
  pending: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  approved: { reject: 'rejected', withdraw: 'withdrawn' },
  rejected: {},
  withdrawn: {},
};

/** The status an action leads to from `from`, or undefined when the action is not allowed. */
export function nextOfferStatus(from: OfferStatus, action: OfferAction): OfferStatus | undefined {
  return TRANSITIONS[from][action];
}

/** Who registered the offer: the channel's user id, which is only stable within one channel. */
export const OfferOwnerSchema = z.object({
  channelId: z.string().min(1).max(100),
  userId: z.string().min(1).max(200),
});
export type OfferOwner = z.infer<typeof OfferOwnerSchema>;

/** A monthly amount in the city's currency, or an explicit "not paid" / "to discuss". */
export const StipendSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monthly'), amount: z.number().min(0).max(100_000) }),
  z.object({ kind: z.literal('unpaid') }),
  z.object({ kind: z.literal('to-discuss') }),
]);
export type Stipend = z.infer<typeof StipendSchema>;

/** The level of the city's main language the intern needs, or none. */
export const RequiredLanguageLevelSchema = z.union([CefrLevelSchema, z.literal('none')]);
export type RequiredLanguageLevel = z.infer<typeof RequiredLanguageLevelSchema>;

export const OFFER_LIMITS = {
  company: 120,
  role: 150,
  district: 80,
  contact: 120,
  durationWeeks: { min: 1, max: 52 },
  hoursPerWeek: { min: 1, max: 48 },
} as const;

const IsoDateSchema = z.iso.date();

const EmailSchema = z.email().max(OFFER_LIMITS.contact);

/** Digits with an optional leading +, once spaces, dots, dashes and brackets are taken out (E.164 allows 15 digits). */
export function isPhoneNumber(text: string): boolean {
  return text.length <= 30 && /^\+?\d{6,15}$/u.test(text.replace(/[\s().-]/gu, ''));
}

export function isEmailAddress(text: string): boolean {
  return EmailSchema.safeParse(text).success;
}

/** An email address or a phone number. */
export const ContactSchema = z
  .string()
  .trim()
  .min(1)
  .max(OFFER_LIMITS.contact)
  .refine((text) => isEmailAddress(text) || isPhoneNumber(text), { message: 'expected an email address or a phone number' });

/** What the employer fills in (the guided form). */
export const OfferDraftSchema = z.object({
  company: z.string().trim().min(1).max(OFFER_LIMITS.company),
  sector: WorkFieldSchema,
  role: z.string().trim().min(1).max(OFFER_LIMITS.role),
  city: CityIdSchema,
  district: z.string().trim().min(1).max(OFFER_LIMITS.district),
  startDate: IsoDateSchema,
  durationWeeks: z.number().int().min(OFFER_LIMITS.durationWeeks.min).max(OFFER_LIMITS.durationWeeks.max),
  hoursPerWeek: z.number().int().min(OFFER_LIMITS.hoursPerWeek.min).max(OFFER_LIMITS.hoursPerWeek.max),
  stipend: StipendSchema,
  languageLevel: RequiredLanguageLevelSchema,
  mentor: z.boolean(),
  /** An email address or a phone number, for the adviser only. */
  contact: ContactSchema,
});
export type OfferDraft = z.infer<typeof OfferDraftSchema>;

export const OfferHistoryEntrySchema = z.object({
  status: OfferStatusSchema,
  at: z.iso.datetime(),
});

export const InternshipOfferSchema = OfferDraftSchema.extend({
  id: z.uuid(),
  status: OfferStatusSchema,
  owner: OfferOwnerSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Every status the offer went through, oldest first, so an adviser can see who changed what when. */
  history: z.array(OfferHistoryEntrySchema).min(1),
});
export type InternshipOffer = z.infer<typeof InternshipOfferSchema>;

/** The currency a stipend is stated in, per city. */
export const CITY_CURRENCY: Record<CityId, 'GBP' | 'EUR'> = {
  birmingham: 'GBP',
  lisbon: 'EUR',
  milan: 'EUR',
  helsinki: 'EUR',
};

/** The city's time zone: "today" (for "the start date is not in the past") is the city's today. */
export const CITY_TIME_ZONE: Record<CityId, string> = {
  birmingham: 'Europe/London',
  lisbon: 'Europe/Lisbon',
  milan: 'Europe/Rome',
  helsinki: 'Europe/Helsinki',
};

/** Today's date (YYYY-MM-DD) in the city. */
export function todayIn(city: CityId, now: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE[city] }).format(now);
}
