import type { ZodType } from 'zod';
import { toAsciiDigits } from '../nlu/normalise';
import { OfferDraftSchema, StipendSchema, isEmailAddress, isPhoneNumber, type OfferDraft } from './InternshipOffer';

/**
 * Reads what a person typed into the offer form (and into the newcomer's contact question) and checks it with the same
 * zod schemas that guard storage. Errors are i18n keys in the `internships` namespace, so the dialog can say what is
 * wrong in the person's language.
 */

export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const ok = <T>(value: T): FieldCheck<T> => ({ ok: true, value });
const fail = <T>(key: string, params?: Record<string, string | number>): FieldCheck<T> => ({
  ok: false,
  error: params ? { key: `internships:form.errors.${key}`, params } : { key: `internships:form.errors.${key}` },
});

/** The form's free-text questions. */
export const TEXT_FIELDS = ['company', 'role', 'district'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** A company name, role or district: trimmed, not empty, not longer than the stored schema allows. */
export function checkText(field: TextField, raw: string): FieldCheck<string> {
  const result = (OfferDraftSchema.shape[field] as ZodType<string>).safeParse(raw);
  if (result.success) return ok(result.data);
  const issue = result.error.issues[0];
  if (issue?.code === 'too_big') return fail('tooLong', { max: Number(issue.maximum) });
  return fail('required');
}

/**
 * A number as people type it: "12", "12 weeks", "650,50", "1.200", "1 200 €", Arabic or Persian digits. NaN when the
 * text is not one number. The sign is kept, so "-50" reads as -50 and the caller can say why it is refused.
 */
export function parseNumber(raw: string): number {
  let text = toAsciiDigits(raw).trim().toLowerCase();
  text = text.replace(/[£€$]|\b(?:eur|euros?|gbp|pounds?)\b/gu, ' ').trim();
  const negative = /^[-−–]/u.test(text);
  text = text.replace(/^[-−–]\s*/u, '');
  // The number, optionally followed by a unit in words ("weeks", "a month", "ore").
  const match = /^([\d][\d.,\s\u00a0\u202f]*?)\s*(?:[\p{L}\p{M}][\p{L}\p{M}\s/.']*)?$/u.exec(text);
  if (!match?.[1]) return Number.NaN;
  const digits = match[1].replace(/[\s\u00a0\u202f]/gu, '');
  let value: number;
  if (/^\d+$/u.test(digits)) value = Number(digits);
  else if (/^\d+[.,]\d{1,2}$/u.test(digits)) value = Number(digits.replace(',', '.'));
  else if (/^\d{1,3}(?:\.\d{3})+$/u.test(digits) || /^\d{1,3}(?:,\d{3})+$/u.test(digits)) value = Number(digits.replace(/[.,]/gu, ''));
  else if (/^\d{1,3}(?:\.\d{3})+,\d{1,2}$/u.test(digits)) value = Number(digits.replace(/\./gu, '').replace(',', '.'));
  else if (/^\d{1,3}(?:,\d{3})+\.\d{1,2}$/u.test(digits)) value = Number(digits.replace(/,/gu, ''));
  else return Number.NaN;
  return negative ? -value : value;
}

/** Weeks (1–52) or hours per week (1–48): a whole number within the stored schema's limits. */
export function checkWholeNumber(field: 'durationWeeks' | 'hoursPerWeek', raw: string): FieldCheck<number> {
  const schema = OfferDraftSchema.shape[field];
  const result = schema.safeParse(parseNumber(raw));
  if (result.success) return ok(result.data);
  const bounds = field === 'durationWeeks' ? { min: 1, max: 52 } : { min: 1, max: 48 };
  return fail('wholeNumber', bounds);
}

/** A monthly stipend amount: 0 or more. */
export function checkStipendAmount(raw: string): FieldCheck<number> {
  const amount = parseNumber(raw);
  if (Number.isNaN(amount)) return fail('amount');
  if (amount < 0) return fail('negative');
  const result = StipendSchema.safeParse({ kind: 'monthly', amount });
  if (!result.success || result.data.kind !== 'monthly') return fail('tooHigh');
  return ok(result.data.amount);
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u;
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u;

/** "2026-12-01", "1/12/2026", "01.12.2026" or "1-12-2026" → "2026-12-01"; undefined when not a real date. */
export function parseDate(raw: string): string | undefined {
  const text = toAsciiDigits(raw).trim();
  let year: number;
  let month: number;
  let day: number;
  const iso = ISO.exec(text);
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Start dates further ahead than this are almost always a typo in the year. */
const MAX_YEARS_AHEAD = 2;

/** A start date that is a real date, not before `today` (the city's today) and not years away. */
export function checkStartDate(raw: string, today: string): FieldCheck<string> {
  const date = parseDate(raw);
  if (date === undefined || !OfferDraftSchema.shape.startDate.safeParse(date).success) return fail('date');
  if (date < today) return fail('datePast');
  const latest = `${Number(today.slice(0, 4)) + MAX_YEARS_AHEAD}${today.slice(4)}`;
  if (date > latest) return fail('dateTooFar');
  return ok(date);
}

/** An email address, or a phone number (digits, an optional leading +; spaces, dots, dashes and brackets allowed). */
export function checkContact(raw: string, kind: 'email' | 'phone' | 'any' = 'any'): FieldCheck<string> {
  const text = toAsciiDigits(raw).trim();
  if (kind !== 'phone' && isEmailAddress(text)) return ok(text);
  if (kind !== 'email' && isPhoneNumber(text)) return ok(text);
  return fail(kind === 'email' ? 'email' : kind === 'phone' ? 'phone' : 'contact');
}

/** Checks a whole draft before it is stored (the last gate: the dialog has checked each answer already). */
export function parseDraft(draft: unknown): OfferDraft {
  return OfferDraftSchema.parse(draft);
}
