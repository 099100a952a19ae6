import { z } from 'zod';
import { CityIdSchema, LocalizedTextSchema, ProgrammeStatusSchema, ProvenanceSchema, reportDuplicateKeys } from './common';

/**
 * Internships, jobs and employer schemes: what a newcomer can join, what an employer can get or must do when they hire
 * a newcomer, and programmes that ended (kept only to explain what a city learned).
 *
 * Content rules (see /work/shared/CONTENT.md):
 * - a figure (stipend, subsidy, age limit, duration) appears only where the cited source states it;
 * - a condition the source does not state is left out; `eligibilityText` then points to the source;
 * - ended programmes carry `status: 'ended'`, a `period` and a `lesson`, and are never offered.
 */

export const SCHEME_KINDS = [
  'internship',
  'wage-subsidy',
  'hiring-incentive',
  'social-value-procurement',
  'business-support',
  'employer-duty',
  'language-at-work',
  'other',
] as const;
export const SchemeKindSchema = z.enum(SCHEME_KINDS);
export type SchemeKind = z.infer<typeof SchemeKindSchema>;

/** Who the record speaks to. Eligibility conditions always describe the newcomer (the participant or the person hired). */
export const SCHEME_AUDIENCES = ['newcomer', 'employer', 'both'] as const;
export const SchemeAudienceSchema = z.enum(SCHEME_AUDIENCES);
export type SchemeAudience = z.infer<typeof SchemeAudienceSchema>;

/**
 * Residence statuses a source can name as qualifying. `any-legal-resident` means the source asks only for a lawful
 * right to stay and work; it never covers a pending asylum claim by itself (the matcher then answers "maybe").
 */
export const RESIDENCE_STATUSES = [
  'refugee',
  'asylum-seeker',
  'temporary-protection',
  'eu-citizen',
  'work-permit',
  'any-legal-resident',
] as const;
export const ResidenceStatusSchema = z.enum(RESIDENCE_STATUSES);
export type ResidenceStatus = z.infer<typeof ResidenceStatusSchema>;

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export const CefrLevelSchema = z.enum(CEFR_LEVELS);
export type CefrLevel = z.infer<typeof CefrLevelSchema>;

const SchemeIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id (a-z, 0-9, single hyphens)');

const HttpsUrlSchema = z.url({ protocol: /^https$/ });

/** "2017–2020" (en dash) or "2017-2020". */
const PeriodSchema = z.string().regex(/^\d{4}[–-]\d{4}$/, 'expected a period such as "2017–2020"');

/**
 * Structured, checkable conditions. Every field is optional: a missing field means the source does not state that
 * condition. `hasOtherConditions` says the source lists conditions that are not modelled here (qualification level,
 * referral by social services, months of unemployment...): the matcher never answers "eligible" for such a scheme,
 * only "maybe", and the bot shows `eligibilityText` and "check with the provider".
 */
export const SchemeEligibilitySchema = z
  .strictObject({
    ageMin: z.number().int().min(0).max(120).optional(),
    ageMax: z.number().int().min(0).max(120).optional(),
    requiresUnemployedRegistration: z.boolean().optional(),
    residence: z.array(ResidenceStatusSchema).min(1).optional(),
    minLanguageLevel: z
      .strictObject({
        /** ISO 639-1 code of the language the level is asked in (e.g. "fi"), which need not be a bot language. */
        language: z.string().regex(/^[a-z]{2}$/, 'expected an ISO 639-1 language code'),
        level: CefrLevelSchema,
      })
      .optional(),
    fields: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)).min(1).optional(),
    hasOtherConditions: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.ageMin !== undefined && value.ageMax !== undefined && value.ageMin > value.ageMax) {
      ctx.addIssue({ code: 'custom', message: 'ageMin is greater than ageMax', path: ['ageMin'] });
    }
    for (const key of ['residence', 'fields'] as const) {
      const list = value[key];
      if (list && new Set(list).size !== list.length) {
        ctx.addIssue({ code: 'custom', message: `duplicate entries in ${key}`, path: [key] });
      }
    }
  });
export type SchemeEligibility = z.infer<typeof SchemeEligibilitySchema>;

export const SchemeSchema = z
  .strictObject({
    id: SchemeIdSchema,
    city: CityIdSchema,
    kind: SchemeKindSchema,
    audience: SchemeAudienceSchema,
    /** The official name, kept as the provider writes it (a gloss may be added in brackets). */
    name: LocalizedTextSchema,
    /** The official name of the body that runs it. */
    runBy: z.string().min(1),
    summary: LocalizedTextSchema,
    eligibility: SchemeEligibilitySchema,
    /** What the source says about who can take part, in plain words; points to the source where details live. */
    eligibilityText: LocalizedTextSchema,
    /** What the participant receives, only as the source states it. */
    stipend: LocalizedTextSchema.optional(),
    /** What the employer receives (subsidy, supplement), only as the source states it. */
    employerSupport: LocalizedTextSchema.optional(),
    /** How long it lasts, only as the source states it. */
    duration: LocalizedTextSchema.optional(),
    /** true: designed to lead to a job contract (never guaranteed); false: it does not; null/absent: unknown or n/a. */
    leadsToContract: z.boolean().nullable().optional(),
    nextSteps: LocalizedTextSchema,
    /** Where the user goes next (the provider's page). */
    url: HttpsUrlSchema,
    status: ProgrammeStatusSchema,
    period: PeriodSchema.optional(),
    /** What the city learned; for ended programmes. */
    lesson: LocalizedTextSchema.optional(),
    ...ProvenanceSchema.shape,
  })
  .superRefine((value, ctx) => {
    if (value.status === 'ended') {
      if (value.period === undefined) {
        ctx.addIssue({ code: 'custom', message: 'an ended programme needs its period', path: ['period'] });
      }
      if (value.lesson === undefined) {
        ctx.addIssue({ code: 'custom', message: 'an ended programme needs a lesson', path: ['lesson'] });
      }
    }
  });
export type Scheme = z.infer<typeof SchemeSchema>;

export const SchemeCatalogueSchema = z
  .strictObject({
    schemes: z.array(SchemeSchema),
  })
  .superRefine((value, ctx) => reportDuplicateKeys(ctx, value.schemes, 'id', 'scheme id', ['schemes']));
export type SchemeCatalogue = z.infer<typeof SchemeCatalogueSchema>;

/** Parses a catalogue (e.g. the contents of data/schemes/schemes.json); throws a ZodError naming every problem. */
export function parseSchemeCatalogue(data: unknown): SchemeCatalogue {
  return SchemeCatalogueSchema.parse(data);
}
