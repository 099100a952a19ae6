import { z } from 'zod';
import { CityIdSchema, LocalizedTextSchema, ProgrammeStatusSchema, ProvenanceSchema, reportDuplicateKeys } from './common';

/**
 * Language-course content: the programmes a newcomer can join to learn the local language.
 *
 * "Unknown" is always explicit. Where the source does not state a fact, the field is `null` (or an empty list for
 * districts) and the bot says "the source does not say; ask the provider". Nothing here may be filled in by guess:
 * no fee, phone number, address, timetable or date appears unless its source states it (see /work/shared/CONTENT.md).
 */

/** CEFR levels, plus `literacy` for learners who are still learning to read and write. Ordered from lowest. */
export const COURSE_LEVELS = ['literacy', 'pre-A1', 'A1', 'A2', 'B1', 'B2', 'C1'] as const;
export const CourseLevelSchema = z.enum(COURSE_LEVELS);
export type CourseLevel = z.infer<typeof CourseLevelSchema>;

/** The language taught. Finland has two official languages; integration can be in Finnish or Swedish. */
export const TARGET_LANGUAGES = ['en', 'pt', 'it', 'fi', 'sv'] as const;
export const TargetLanguageSchema = z.enum(TARGET_LANGUAGES);
export type TargetLanguage = z.infer<typeof TargetLanguageSchema>;

export const COURSE_FORMATS = ['in-person', 'online', 'blended'] as const;
export const CourseFormatSchema = z.enum(COURSE_FORMATS);
export type CourseFormat = z.infer<typeof CourseFormatSchema>;

export const COURSE_SLOTS = ['morning', 'afternoon', 'evening', 'weekend'] as const;
export const CourseSlotSchema = z.enum(COURSE_SLOTS);
export type CourseSlot = z.infer<typeof CourseSlotSchema>;

export const COURSE_GOALS = ['everyday', 'work', 'citizenship', 'profession'] as const;
export const CourseGoalSchema = z.enum(COURSE_GOALS);
export type CourseGoal = z.infer<typeof CourseGoalSchema>;

/**
 * What kind of page `sourceUrl` is: a public authority (`official`), the provider's own site (`provider`), or a
 * news/trade report (`press`). A `press` source is a lead, not a confirmation: the bot tells the user to confirm
 * with the provider, and the content owner should replace it with an official page when one is known.
 */
export const SOURCE_KINDS = ['official', 'provider', 'press'] as const;
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKindSchema>;

const HttpsUrlSchema = z.url({ protocol: /^https$/ });
const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');
const ProgrammeIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lowercase slug (a-z, 0-9, -)');
/** ISO 639 code of a language in which the provider gives help (explanations, enrolment). Not limited to the bot's ten. */
const SupportLanguageSchema = z.string().regex(/^[a-z]{2,3}$/, 'expected an ISO 639 language code');

function noDuplicates<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length;
}

/**
 * Who pays.
 * - `free: true`: the source says the course is free.
 * - `free: 'conditional'`: the source says it is free for some people (or most courses are free); `freeFor` says
 *   who, in the source's terms. The finder treats it as "possibly free" (see src/matching/rankCourses.ts).
 * - `free: false`: the source says learners pay. The amount is never stored here.
 * - `free: null`: the source does not say.
 * `sourceUrl` is set when the cost fact comes from another page than the record's own `sourceUrl`.
 */
export const CourseCostSchema = z
  .object({
    free: z.union([z.boolean(), z.literal('conditional'), z.null()]),
    freeFor: LocalizedTextSchema.optional(),
    sourceUrl: HttpsUrlSchema.optional(),
  })
  .superRefine((cost, ctx) => {
    if (cost.free === 'conditional' && cost.freeFor === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a conditionally free course must say who it is free for', path: ['freeFor'] });
    }
  });
export type CourseCost = z.infer<typeof CourseCostSchema>;

/** How to enrol. `url` is null when no enrolment page could be verified; `how` then says whom to ask. */
export const CourseEnrolSchema = z.object({
  url: HttpsUrlSchema.nullable(),
  how: LocalizedTextSchema,
});
export type CourseEnrol = z.infer<typeof CourseEnrolSchema>;

export const CourseProgrammeSchema = z
  .object({
    id: ProgrammeIdSchema,
    city: CityIdSchema,
    /** The official name is kept (e.g. "Português Língua de Acolhimento (PLA)"); `en` may add a short gloss. */
    name: LocalizedTextSchema,
    /** Official name of the provider (or network of providers). */
    provider: z.string().min(1),
    targetLanguage: TargetLanguageSchema,
    /** Levels a learner can join at. null = the source does not list levels (the provider places learners). */
    levels: z.array(CourseLevelSchema).min(1).refine(noDuplicates, 'duplicate level').nullable(),
    /** null = the source does not say how it is taught. */
    formats: z.array(CourseFormatSchema).min(1).refine(noDuplicates, 'duplicate format').nullable(),
    /** When classes run. null = the source does not say. */
    slots: z.array(CourseSlotSchema).min(1).refine(noDuplicates, 'duplicate slot').nullable(),
    /**
     * Districts where it is taught, named as the city names them. Empty = not tied to a district in this record
     * (taught across the city, or the source does not say where): the bot says "ask the provider where".
     */
    districts: z.array(z.string().min(1)).refine(noDuplicates, 'duplicate district'),
    /** true only when the source says it can be followed online. */
    online: z.boolean(),
    cost: CourseCostSchema,
    /** Childcare during class. null = the source does not say. */
    childcare: z.boolean().nullable(),
    eligibility: LocalizedTextSchema,
    enrol: CourseEnrolSchema,
    supportLanguages: z.array(SupportLanguageSchema).refine(noDuplicates, 'duplicate language'),
    goals: z.array(CourseGoalSchema).min(1).refine(noDuplicates, 'duplicate goal'),
    /** Employer-embedded language provision in this city: who provides it and how to ask. */
    employerProvision: LocalizedTextSchema.optional(),
    employerProvisionSourceUrl: HttpsUrlSchema.optional(),
    /** Anything the user should know that has no field: caveats, what the source leaves open. */
    note: LocalizedTextSchema.optional(),
    status: ProgrammeStatusSchema,
    sourceKind: SourceKindSchema,
    ...ProvenanceSchema.shape,
  })
  .superRefine((programme, ctx) => {
    const formats = programme.formats ?? [];
    const saysOnline = formats.includes('online') || formats.includes('blended');
    if (programme.online && programme.formats !== null && !saysOnline) {
      ctx.addIssue({ code: 'custom', message: 'online is true but formats has no online or blended', path: ['online'] });
    }
    if (!programme.online && saysOnline) {
      ctx.addIssue({ code: 'custom', message: 'formats lists online or blended but online is false', path: ['online'] });
    }
    if (programme.employerProvisionSourceUrl !== undefined && programme.employerProvision === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'employerProvisionSourceUrl without employerProvision',
        path: ['employerProvisionSourceUrl'],
      });
    }
  });
export type CourseProgramme = z.infer<typeof CourseProgrammeSchema>;

/** The programmes of all cities. Ids are unique: the finder breaks ties by id. */
export const CourseCatalogueSchema = z
  .array(CourseProgrammeSchema)
  .superRefine((programmes, ctx) => reportDuplicateKeys(ctx, programmes, 'id', 'programme id'));
export type CourseCatalogue = z.infer<typeof CourseCatalogueSchema>;

/**
 * One dated run of a programme (optional). The finder works at programme level when no sessions exist; a session is
 * recorded only when its source states the start date.
 */
export const CourseSessionSchema = z.object({
  programmeId: ProgrammeIdSchema,
  start: IsoDateSchema,
  district: z.string().min(1).optional(),
  room: z.string().min(1).optional(),
  ...ProvenanceSchema.shape,
});
export type CourseSession = z.infer<typeof CourseSessionSchema>;

export const CourseSessionListSchema = z.array(CourseSessionSchema);

/** Parses programmes and sessions together: every session must belong to a known programme. */
export function parseCourseData(rawProgrammes: unknown, rawSessions: unknown = []): {
  programmes: CourseProgramme[];
  sessions: CourseSession[];
} {
  const programmes = CourseCatalogueSchema.parse(rawProgrammes);
  const sessions = CourseSessionListSchema.parse(rawSessions);
  const ids = new Set(programmes.map((programme) => programme.id));
  const orphan = sessions.find((session) => !ids.has(session.programmeId));
  if (orphan !== undefined) {
    throw new Error(`course session refers to unknown programme "${orphan.programmeId}"`);
  }
  return { programmes, sessions };
}
