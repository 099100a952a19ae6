import type { TFunction } from 'i18next';
import { pickText, type CityId, type LocalizedText } from '../content/common';
import type { Scheme } from '../content/schemesSchema';
import type { Person, SchemeMatch } from '../matching/eligibility';
import { CITY_CURRENCY, type InternshipOffer, type OfferDraft, type Stipend } from './InternshipOffer';

/**
 * Turns schemes and offers into the short messages the dialogs send, in the person's language. No I/O; `t` is the
 * turn's translator. Figures (stipends, durations, subsidies) are printed only as the data states them.
 */

/** The main language of each city: the language the person's level (and an offer's required level) refers to. */
export const CITY_LANGUAGE: Record<CityId, string> = { birmingham: 'en', lisbon: 'pt', milan: 'it', helsinki: 'fi' };

/**
 * Keep each message under this many characters (channels with a limit split longer ones later). Below the ~1,500 the
 * house style asks for, because right-to-left messages grow when their Latin runs are isolated on the way out.
 */
export const MESSAGE_LIMIT = 1400;

/** The locale Intl formats with: British English and European Portuguese for the cities the bot serves. */
function intlLocale(lng: string): string {
  if (lng === 'en') return 'en-GB';
  if (lng === 'pt') return 'pt-PT';
  return lng;
}

/** A date as people read it in their language, always in the Gregorian calendar that contracts use. */
export function formatDate(isoDate: string, lng: string): string {
  return new Intl.DateTimeFormat(intlLocale(lng), { dateStyle: 'long', timeZone: 'UTC', calendar: 'gregory' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export function formatMoney(amount: number, city: CityId, lng: string): string {
  const whole = Number.isInteger(amount);
  return new Intl.NumberFormat(intlLocale(lng), {
    style: 'currency',
    currency: CITY_CURRENCY[city],
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(amount);
}

/** A language's name in the person's language ("inglês"), from the platform's own table; the code if it has none. */
export function languageName(code: string, lng: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(lng)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Picks texts in the person's language and remembers whether one had to fall back to English, so the dialog can say
 * so once, before the first message that holds English.
 */
export class ContentPicker {
  usedFallback = false;

  constructor(private readonly lng: string) {}

  pick(text: LocalizedText): string {
    const { text: picked, fallback } = pickText(text, this.lng);
    if (fallback) this.usedFallback = true;
    return picked;
  }
}

/** Joins lines into as few messages as fit the limit; a line longer than the limit travels alone. */
export function packMessages(lines: readonly string[], limit: number = MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= limit) current = `${current}\n${line}`;
    else {
      messages.push(current);
      current = line;
    }
  }
  if (current !== '') messages.push(current);
  return messages;
}

/** Say "only in English" once, before the first message that needed it. */
export class EnglishNote {
  private sent = false;

  constructor(private readonly t: TFunction) {}

  /** The messages to send for one item: the note first when this item fell back to English and it was not said yet. */
  withNote(picker: ContentPicker, messages: string[]): string[] {
    if (!picker.usedFallback || this.sent) return messages;
    this.sent = true;
    return [this.t('internships:content.englishOnly'), ...messages];
  }
}

/**
 * A scheme's first line: its name and who runs it, or the name alone when it already names the body ("… (Home Office)"
 * run by the Home Office).
 */
function titleLine(scheme: Scheme, t: TFunction, picker: ContentPicker): string {
  const name = picker.pick(scheme.name);
  const body = scheme.runBy.split(/[,(]/u)[0]?.trim() ?? '';
  if (body.length >= 4 && name.toLowerCase().includes(body.toLowerCase())) return name;
  return t('internships:scheme.title', { name, runBy: scheme.runBy });
}

function ageLimitLine(scheme: Scheme, t: TFunction): string | undefined {
  const { ageMin, ageMax } = scheme.eligibility;
  if (ageMin !== undefined && ageMax !== undefined) return t('internships:scheme.age.range', { min: ageMin, max: ageMax });
  if (ageMin !== undefined) return t('internships:scheme.age.min', { min: ageMin });
  if (ageMax !== undefined) return t('internships:scheme.age.max', { max: ageMax });
  return undefined;
}

/**
 * Why a scheme is shown: for "maybe", the open questions (each reason as a sentence); for "eligible", the stated
 * conditions the person's answers meet.
 */
export function whyLines(match: SchemeMatch, person: Person, t: TFunction, lng: string): string[] {
  const { scheme } = match;
  const conditions = scheme.eligibility;
  const office = t(`internships:office.${person.city}`);
  const required = conditions.minLanguageLevel;
  const requiredLanguage = required ? languageName(required.language, lng) : '';
  const lines: string[] = [];
  if (match.status === 'maybe') {
    for (const reason of match.reasons) {
      switch (reason) {
        case 'age-unknown':
        case 'age-band-straddles-limit': {
          const line = ageLimitLine(scheme, t);
          if (line) lines.push(line);
          break;
        }
        case 'registration-unknown':
          lines.push(t('internships:scheme.reasons.registrationUnknown', { office }));
          break;
        case 'residence-not-disclosed':
          lines.push(t('internships:scheme.reasons.residenceNotDisclosed'));
          break;
        case 'residence-check-with-provider':
          lines.push(t('internships:scheme.reasons.residenceCheck'));
          break;
        case 'language-level-unknown':
          lines.push(t('internships:scheme.reasons.languageUnknown', { level: required?.level ?? '', language: requiredLanguage }));
          break;
        case 'field-unknown':
          lines.push(t('internships:scheme.reasons.fieldUnknown'));
          break;
        case 'other-conditions-apply':
          lines.push(t('internships:scheme.reasons.otherConditions'));
          break;
        default:
          // Blocking reasons never reach a shown scheme.
          break;
      }
    }
    return lines;
  }
  if (conditions.ageMin !== undefined || conditions.ageMax !== undefined) lines.push(t('internships:scheme.fits.age'));
  if (conditions.requiresUnemployedRegistration === true) lines.push(t('internships:scheme.fits.registered', { office }));
  if (conditions.residence) lines.push(t('internships:scheme.fits.residence'));
  if (required) lines.push(t('internships:scheme.fits.language', { language: requiredLanguage }));
  if (conditions.fields) lines.push(t('internships:scheme.fits.field'));
  if (lines.length === 0) lines.push(t('internships:scheme.fits.open'));
  return lines;
}

/** One scheme for a newcomer: what it is, why it is shown, what it gives (as stated), what to do next, the link. */
export function newcomerSchemeLines(match: SchemeMatch, person: Person, t: TFunction, lng: string, picker: ContentPicker): string[] {
  const { scheme } = match;
  const lines = [
    titleLine(scheme, t, picker),
    picker.pick(scheme.summary),
    t('internships:scheme.why'),
    ...whyLines(match, person, t, lng).map((line) => `- ${line}`),
  ];
  if (match.checkWithProvider) lines.push(t('internships:scheme.checkWithProvider', { provider: scheme.runBy }));
  lines.push(t('internships:scheme.who', { text: picker.pick(scheme.eligibilityText) }));
  lines.push(...termsAndNextSteps(scheme, t, picker));
  return lines;
}

/** One scheme for an employer: conditions, what the employer gets and the participant receives (as stated), duties. */
export function employerSchemeLines(scheme: Scheme, t: TFunction, picker: ContentPicker): string[] {
  const lines = [titleLine(scheme, t, picker), picker.pick(scheme.summary)];
  lines.push(t('internships:scheme.conditions', { text: picker.pick(scheme.eligibilityText) }));
  if (scheme.employerSupport) lines.push(t('internships:scheme.employerSupport', { text: picker.pick(scheme.employerSupport) }));
  lines.push(...termsAndNextSteps(scheme, t, picker));
  return lines;
}

/** What both the newcomer and the employer see of a scheme: stipend, duration, whether it leads to a job, next steps. */
function termsAndNextSteps(scheme: Scheme, t: TFunction, picker: ContentPicker): string[] {
  const lines: string[] = [];
  if (scheme.stipend) lines.push(t('internships:scheme.stipend', { text: picker.pick(scheme.stipend) }));
  if (scheme.duration) lines.push(t('internships:scheme.duration', { text: picker.pick(scheme.duration) }));
  if (scheme.leadsToContract === true) lines.push(t('internships:scheme.leadsToContract'));
  lines.push(t('internships:scheme.next', { text: picker.pick(scheme.nextSteps) }));
  lines.push(t('internships:scheme.link', { url: scheme.url }));
  return lines;
}

/** An ended programme: only what the city learned, and that it cannot be joined. */
export function lessonLines(scheme: Scheme, t: TFunction, picker: ContentPicker): string[] {
  return [
    t('internships:scheme.ended', { name: picker.pick(scheme.name), period: scheme.period ?? '' }),
    picker.pick(scheme.lesson ?? scheme.summary),
  ];
}

function stipendText(stipend: Stipend, city: CityId, t: TFunction, lng: string): string {
  switch (stipend.kind) {
    case 'monthly':
      return t('internships:pay.monthly', { amount: formatMoney(stipend.amount, city, lng) });
    case 'unpaid':
      return t('internships:pay.unpaid');
    case 'to-discuss':
      return t('internships:pay.toDiscuss');
  }
}

/**
 * The facts of an offer, one per line. The employer's contact is added only when `withContact` (the employer's own
 * summary); a newcomer never sees it.
 */
export function offerLines(offer: OfferDraft, t: TFunction, lng: string, withContact: boolean): string[] {
  const language = languageName(CITY_LANGUAGE[offer.city], lng);
  const level =
    offer.languageLevel === 'none' ? t('internships:level.noneNeeded') : t('internships:level.atLeast', { level: offer.languageLevel });
  const line = (label: string, value: string | number): string => t('internships:labels.line', { label, value });
  const lines = [
    line(t('internships:labels.field'), t(`internships:fields.${offer.sector}`)),
    line(t('internships:labels.where'), `${offer.district}, ${t(`internships:cities.${offer.city}`)}`),
    line(t('internships:labels.start'), formatDate(offer.startDate, lng)),
    line(t('internships:labels.weeks'), offer.durationWeeks),
    line(t('internships:labels.hours'), offer.hoursPerWeek),
    line(t('internships:labels.pay'), stipendText(offer.stipend, offer.city, t, lng)),
    line(t('internships:labels.language', { language }), level),
    line(t('internships:labels.mentor'), t(offer.mentor ? 'common:answer.yes' : 'common:answer.no')),
  ];
  if (withContact) lines.push(line(t('internships:labels.contact'), offer.contact));
  return lines;
}

/** A newcomer's view of an approved offer, numbered: no contact details. */
export function offerCard(offer: InternshipOffer, n: number, t: TFunction, lng: string): string {
  return [t('internships:offers.item', { n, role: offer.role, company: offer.company }), ...offerLines(offer, t, lng, false)].join('\n');
}
