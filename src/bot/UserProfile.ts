import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { CityIdSchema } from '../content/common';
import { ConsentRecordSchema } from '../privacy/ConsentRecord';

/** What the bot remembers about a person across conversations: only what the guided flow needs. */
export const UserProfileSchema = z.object({
  language: z.string().optional(),
  role: z.enum(['newcomer', 'employer']).optional(),
  welcomed: z.boolean().optional(),
  /** The city the person wants to live or work in, once a guide has asked it: the next guide does not ask again. */
  city: CityIdSchema.optional(),
  /** The person's answer to the consent question (ConsentDialog), with its date and the text's version. */
  consent: ConsentRecordSchema.optional(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** Profiles already checked (what readProfile returned and put back in state): a turn reads the profile many times. */
const checked = new WeakSet<UserProfile>();

/** Reads the profile through its accessor, validating what storage returned; a damaged profile starts afresh. */
export async function readProfile(accessor: StatePropertyAccessor<UserProfile>, context: TurnContext): Promise<UserProfile> {
  const raw: unknown = await accessor.get(context, {});
  if (typeof raw === 'object' && raw !== null && checked.has(raw as UserProfile)) return raw as UserProfile;
  const parsed = UserProfileSchema.safeParse(raw);
  const profile = parsed.success ? parsed.data : {};
  checked.add(profile);
  await accessor.set(context, profile);
  return profile;
}
