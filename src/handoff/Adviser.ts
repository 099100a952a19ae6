import { z } from 'zod';
import { CityIdSchema, LanguageCodeSchema } from '../content/common';
import { CITY_TIME_ZONES } from './cities';
import { HandoffTopicSchema } from './HandoffRequest';
import { DEFAULT_WORKING_HOURS, WorkingHoursSchema } from './workingHours';

export const AdviserRoleSchema = z.enum(['adviser', 'admin']);
export type AdviserRole = z.infer<typeof AdviserRoleSchema>;

export const UsernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, '2–40 characters: a-z, 0-9, dot, dash, underscore');

/** What an adviser can take: languages they speak, cities and topics they know, and when they work. */
export const AdviserProfileSchema = z.object({
  username: UsernameSchema,
  name: z.string().trim().min(1).max(80),
  role: AdviserRoleSchema,
  languages: z.array(LanguageCodeSchema).min(1),
  cities: z.array(CityIdSchema).min(1),
  topics: z.array(HandoffTopicSchema).min(1),
  hours: WorkingHoursSchema.default(DEFAULT_WORKING_HOURS),
});
export type AdviserProfile = z.infer<typeof AdviserProfileSchema>;

/** An adviser account as stored: the profile and a scrypt password hash. */
export const AdviserSchema = AdviserProfileSchema.extend({
  passwordHash: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Adviser = z.infer<typeof AdviserSchema>;

/** The adviser without secrets, as the console shows it. */
export function publicAdviser(adviser: Adviser): AdviserProfile {
  const { passwordHash: _secret, createdAt: _created, ...profile } = adviser;
  return profile;
}

/** An adviser's working hours are read on the clock of their first city. */
export function adviserTimeZone(adviser: Pick<AdviserProfile, 'cities'>): string {
  return CITY_TIME_ZONES[adviser.cities[0] ?? 'birmingham'];
}
