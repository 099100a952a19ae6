import { z } from 'zod';
import {
  CityIdSchema,
  COUNTRY_CODES,
  CountryCodeSchema,
  LanguageCodeSchema,
  LocalizedTermsSchema,
  LocalizedTextSchema,
  ProvenanceSchema,
  reportDuplicateKeys,
  type CountryCode,
} from './common';

/**
 * The qualification-recognition guide: which occupations are regulated in each country, who decides, what to do
 * and where to get help. Two data files feed it:
 *   data/recognition/countries.json   → CountryCatalogSchema   (one record per country: centre, authorities, help)
 *   data/recognition/professions.json → ProfessionCatalogSchema (one record per occupation, with a route per country)
 * RecognitionCatalogSchema joins the two and checks the references between them (a route's authority must exist in
 * that country's list of authorities).
 *
 * Every record that states facts (each route, each country, each authority, each help entry) carries `sourceUrl`
 * (the official page it comes from) and `lastReviewed` (when a person last checked it). Fees, durations and language
 * levels are optional and appear only where the source states them.
 */

const KebabIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id');
const HttpsUrlSchema = z.url({ protocol: /^https$/ });

export const SECTORS = [
  'health',
  'care',
  'education',
  'engineering',
  'it',
  'trades',
  'law',
  'finance',
  'hospitality',
  'transport',
  'science',
  'social',
  'other',
] as const;
export const SectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof SectorSchema>;

/** Kinds of document an authority may ask for. The bot explains each kind in the user's language. */
export const DOCUMENT_KINDS = [
  'identity',
  'diploma-certified-copy',
  'transcript',
  'course-syllabus',
  'sworn-translation',
  'legalisation',
  'recognition-decision',
  'proof-of-practice',
  'good-standing',
  'criminal-record',
  'language-certificate',
  'cv',
  'eqpr',
  'driving-licence',
  'medical-certificate',
] as const;
export const DocumentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export const CefrLevelSchema = z.enum(CEFR_LEVELS);
export type CefrLevel = z.infer<typeof CefrLevelSchema>;

/** A document a route asks for. `language` and `languageLevel` only on a language certificate, and the level only
 * where the route's source states it. */
export const RequiredDocumentSchema = z
  .object({
    kind: DocumentKindSchema,
    language: LanguageCodeSchema.optional(),
    languageLevel: CefrLevelSchema.optional(),
    note: LocalizedTextSchema.optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (doc.kind !== 'language-certificate' && (doc.language !== undefined || doc.languageLevel !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'language and languageLevel belong only to a language-certificate',
        path: ['kind'],
      });
    }
  });
export type RequiredDocument = z.infer<typeof RequiredDocumentSchema>;

/**
 * What one occupation means in one country. Regulated: an authority must give permission (registration, licence,
 * recognition decree) before the person may work in it or use the title, and `authority` names it (an id in that
 * country's `authorities`). Not regulated: the employer decides, and `authority` is absent.
 */
export const CountryRecognitionRouteSchema = ProvenanceSchema.extend({
  regulated: z.boolean(),
  authority: KebabIdSchema.optional(),
  /** The protected title in the country's official language, where there is one (e.g. "Infermiere"). */
  protectedTitle: z.string().min(1).optional(),
  steps: z.array(LocalizedTextSchema).min(1),
  documents: z.array(RequiredDocumentSchema),
  /** A caveat the user must hear (e.g. "only the title is protected"). */
  note: LocalizedTextSchema.optional(),
  /** Only where the source states a fee, quoting it. */
  cost: LocalizedTextSchema.optional(),
  /** Only where the source states a duration, quoting it. */
  duration: LocalizedTextSchema.optional(),
})
  .strict()
  .superRefine((route, ctx) => {
    if (route.regulated && route.authority === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a regulated route must name its authority', path: ['authority'] });
    }
    if (!route.regulated && route.authority !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a route that is not regulated has no deciding authority (the employer decides)',
        path: ['authority'],
      });
    }
  });
export type CountryRecognitionRoute = z.infer<typeof CountryRecognitionRouteSchema>;

export const ProfessionRoutesSchema = z
  .object({
    GB: CountryRecognitionRouteSchema.optional(),
    PT: CountryRecognitionRouteSchema.optional(),
    IT: CountryRecognitionRouteSchema.optional(),
    FI: CountryRecognitionRouteSchema.optional(),
  })
  .strict();
export type ProfessionRoutes = z.infer<typeof ProfessionRoutesSchema>;

/** An occupation, the words people use for it (in every language, with gendered and colloquial forms) and its routes. */
export const ProfessionSchema = z
  .object({
    id: KebabIdSchema,
    sector: SectorSchema,
    names: LocalizedTermsSchema,
    routes: ProfessionRoutesSchema,
  })
  .strict()
  .superRefine((profession, ctx) => {
    if (Object.keys(profession.routes).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a profession needs a route in at least one country', path: ['routes'] });
    }
    for (const [lng, terms] of Object.entries(profession.names)) {
      const seen = new Set<string>();
      for (const term of terms ?? []) {
        const key = term.trim().toLocaleLowerCase();
        if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', message: `duplicate name "${term}"`, path: ['names', lng] });
        }
        seen.add(key);
      }
    }
  });
export type Profession = z.infer<typeof ProfessionSchema>;

/** A body that decides on a regulated occupation. Names stay in the official language, with an English gloss. */
export const AuthoritySchema = ProvenanceSchema.extend({
  id: KebabIdSchema,
  officialName: z.string().min(1),
  englishName: z.string().min(1),
  url: HttpsUrlSchema,
  role: LocalizedTextSchema.optional(),
}).strict();
export type Authority = z.infer<typeof AuthoritySchema>;

/** The national centre that compares foreign qualifications (the ENIC-NARIC centre or its equivalent). */
export const ComparabilityCentreSchema = ProvenanceSchema.extend({
  officialName: z.string().min(1),
  englishName: z.string().min(1),
  whatItDoes: LocalizedTextSchema,
  url: HttpsUrlSchema,
}).strict();
export type ComparabilityCentre = z.infer<typeof ComparabilityCentreSchema>;

/** How school and vocational (non-degree) qualifications are compared or recognised. */
export const SchoolAndVocationalRouteSchema = ProvenanceSchema.extend({
  text: LocalizedTextSchema,
  url: HttpsUrlSchema,
}).strict();
export type SchoolAndVocationalRoute = z.infer<typeof SchoolAndVocationalRouteSchema>;

/**
 * What a person can do when their documents are missing: the Council of Europe's European Qualifications Passport
 * for Refugees (`eqpr`), a national measure (`national`), or nothing specific that could be confirmed (`none`).
 */
export const WITHOUT_DOCUMENTS_SCHEMES = ['eqpr', 'national', 'none'] as const;
export const WithoutDocumentsSchema = ProvenanceSchema.extend({
  scheme: z.enum(WITHOUT_DOCUMENTS_SCHEMES),
  text: LocalizedTextSchema,
  url: HttpsUrlSchema,
}).strict();
export type WithoutDocuments = z.infer<typeof WithoutDocumentsSchema>;

/** A place to get help from a person. Names and official links only: never an invented address or phone number. */
export const InPersonHelpSchema = ProvenanceSchema.extend({
  name: z.string().min(1),
  englishName: z.string().min(1).optional(),
  city: CityIdSchema.optional(),
  description: LocalizedTextSchema,
  url: HttpsUrlSchema,
}).strict();
export type InPersonHelp = z.infer<typeof InPersonHelpSchema>;

/** The country's official list of regulated professions, where there is one to point to. */
export const RegulatedProfessionsListSchema = ProvenanceSchema.extend({
  name: z.string().min(1),
  url: HttpsUrlSchema,
}).strict();
export type RegulatedProfessionsList = z.infer<typeof RegulatedProfessionsListSchema>;

export const RecognitionCountrySchema = ProvenanceSchema.extend({
  code: CountryCodeSchema,
  name: LocalizedTextSchema,
  /** EU (or EEA) member: matters for automatic recognition of EU qualifications. The UK is not. */
  eu: z.boolean(),
  comparabilityCentre: ComparabilityCentreSchema,
  authorities: z.array(AuthoritySchema).min(1),
  schoolAndVocationalRoute: SchoolAndVocationalRouteSchema,
  withoutDocuments: WithoutDocumentsSchema,
  inPersonHelp: z.array(InPersonHelpSchema).min(1),
  regulatedProfessionsList: RegulatedProfessionsListSchema.optional(),
})
  .strict()
  .superRefine((country, ctx) => reportDuplicateKeys(ctx, country.authorities, 'id', 'authority id', ['authorities']));
export type RecognitionCountry = z.infer<typeof RecognitionCountrySchema>;

/** data/recognition/countries.json */
export const CountryCatalogSchema = z
  .object({ countries: z.array(RecognitionCountrySchema).min(1) })
  .strict()
  .superRefine((catalog, ctx) => reportDuplicateKeys(ctx, catalog.countries, 'code', 'country', ['countries']));
export type CountryCatalog = z.infer<typeof CountryCatalogSchema>;

/** data/recognition/professions.json */
export const ProfessionCatalogSchema = z
  .object({ professions: z.array(ProfessionSchema).min(1) })
  .strict()
  .superRefine((catalog, ctx) => reportDuplicateKeys(ctx, catalog.professions, 'id', 'profession id', ['professions']));
export type ProfessionCatalog = z.infer<typeof ProfessionCatalogSchema>;

/** Both files together, with the references between them checked. */
export const RecognitionCatalogSchema = z
  .object({
    countries: CountryCatalogSchema.shape.countries,
    professions: ProfessionCatalogSchema.shape.professions,
  })
  .strict()
  .superRefine((catalog, ctx) => {
    reportDuplicateKeys(ctx, catalog.countries, 'code', 'country', ['countries']);
    reportDuplicateKeys(ctx, catalog.professions, 'id', 'profession id', ['professions']);
    const authoritiesByCountry = new Map(
      catalog.countries.map((c) => [c.code, new Set(c.authorities.map((a) => a.id))] as const),
    );
    catalog.professions.forEach((profession, index) => {
      for (const code of COUNTRY_CODES) {
        const route = profession.routes[code];
        if (route === undefined) continue;
        const authorities = authoritiesByCountry.get(code);
        if (authorities === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `route for ${code}, a country with no record in the countries file`,
            path: ['professions', index, 'routes', code],
          });
          continue;
        }
        if (route.authority !== undefined && !authorities.has(route.authority)) {
          ctx.addIssue({
            code: 'custom',
            message: `authority "${route.authority}" is not in ${code}'s list of authorities`,
            path: ['professions', index, 'routes', code, 'authority'],
          });
        }
      }
    });
  });
export type RecognitionCatalog = z.infer<typeof RecognitionCatalogSchema>;

/** Parses the two files' contents into one checked catalogue (throws a ZodError on any invalid record). */
export function parseRecognitionCatalog(countriesFile: unknown, professionsFile: unknown): RecognitionCatalog {
  const countries = CountryCatalogSchema.parse(countriesFile).countries;
  const professions = ProfessionCatalogSchema.parse(professionsFile).professions;
  return RecognitionCatalogSchema.parse({ countries, professions });
}

/** The route for an occupation in a country, if the catalogue has one. */
export function routeFor(profession: Profession, country: CountryCode): CountryRecognitionRoute | undefined {
  return profession.routes[country];
}

export interface StaleRecord {
  /** Where the record sits, e.g. "countries.PT.authorities.dges" or "professions.nurse.routes.IT". */
  path: string;
  lastReviewed: string;
  sourceUrl: string;
}

/**
 * The records whose `lastReviewed` is older than `months` months before `today` (compared as UTC calendar dates).
 * A record reviewed exactly `months` months ago is not yet stale. Pure: reads the catalogue, changes nothing.
 */
export function staleRecords(
  catalog: Pick<RecognitionCatalog, 'countries' | 'professions'>,
  today: Date,
  months = 12,
): StaleRecord[] {
  const cutoff = isoDate(subtractMonths(today, months));
  const stale: StaleRecord[] = [];
  const check = (path: string, record: { lastReviewed: string; sourceUrl: string }): void => {
    if (record.lastReviewed < cutoff) {
      stale.push({ path, lastReviewed: record.lastReviewed, sourceUrl: record.sourceUrl });
    }
  };
  for (const country of catalog.countries) {
    const base = `countries.${country.code}`;
    check(base, country);
    check(`${base}.comparabilityCentre`, country.comparabilityCentre);
    for (const authority of country.authorities) check(`${base}.authorities.${authority.id}`, authority);
    check(`${base}.schoolAndVocationalRoute`, country.schoolAndVocationalRoute);
    check(`${base}.withoutDocuments`, country.withoutDocuments);
    country.inPersonHelp.forEach((help, index) => check(`${base}.inPersonHelp.${index}`, help));
    if (country.regulatedProfessionsList !== undefined) {
      check(`${base}.regulatedProfessionsList`, country.regulatedProfessionsList);
    }
  }
  for (const profession of catalog.professions) {
    for (const code of COUNTRY_CODES) {
      const route = profession.routes[code];
      if (route !== undefined) check(`professions.${profession.id}.routes.${code}`, route);
    }
  }
  return stale;
}

function subtractMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDayOfTargetMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDayOfTargetMonth)));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

