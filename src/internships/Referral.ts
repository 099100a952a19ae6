import { z } from 'zod';
import { ContactSchema, isEmailAddress, isPhoneNumber } from './InternshipOffer';

/** How the newcomer wants the adviser to reach them. */
export const CONTACT_PREFERENCES = ['chat', 'phone', 'email'] as const;
export const ContactPreferenceSchema = z.enum(CONTACT_PREFERENCES);
export type ContactPreference = z.infer<typeof ContactPreferenceSchema>;

/**
 * A newcomer's "I'm interested" in an approved offer, recorded only after they agreed to share it with an adviser.
 * It holds the consent moment and the contact preference, and a contact only when the person typed one: nothing about
 * the person's residence, age or registration.
 */
export const ReferralSchema = z
  .object({
    id: z.uuid(),
    offerId: z.uuid(),
    person: z.object({
      channelId: z.string().min(1).max(100),
      userId: z.string().min(1).max(200),
    }),
    /** When the person said yes to sharing (ISO timestamp). No consent, no referral. */
    consentAt: z.iso.datetime(),
    contactPreference: ContactPreferenceSchema,
    /** The phone number or email address the person typed, for `phone` / `email`. */
    contact: ContactSchema.optional(),
    createdAt: z.iso.datetime(),
  })
  .superRefine((value, ctx) => {
    if (value.contactPreference === 'chat' && value.contact !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'no contact is stored when the person chose this chat', path: ['contact'] });
    }
    if (value.contact === undefined) return;
    const fits = value.contactPreference === 'email' ? isEmailAddress(value.contact) : isPhoneNumber(value.contact);
    if (!fits) ctx.addIssue({ code: 'custom', message: `the contact is not a ${value.contactPreference}`, path: ['contact'] });
  });
export type Referral = z.infer<typeof ReferralSchema>;

/** What the dialog supplies; the repository adds the id and the creation time. */
export type ReferralInput = Omit<Referral, 'id' | 'createdAt'>;
