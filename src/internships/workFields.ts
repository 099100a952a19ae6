import { z } from 'zod';

/**
 * The work fields a newcomer can name and an employer can file an offer under: one vocabulary for both sides, so an
 * offer in "health" reaches people who said "health". Kebab-case, like `eligibility.fields` in the schemes data.
 * `other` means "not in this list / not sure" and never filters anything out.
 */
export const WORK_FIELDS = [
  'health',
  'care',
  'hospitality',
  'construction',
  'manufacturing',
  'logistics',
  'retail',
  'cleaning',
  'it',
  'education',
  'office',
  'agriculture',
  'other',
] as const;
export const WorkFieldSchema = z.enum(WORK_FIELDS);
export type WorkField = z.infer<typeof WorkFieldSchema>;
