import {
  checkContact,
  checkStartDate,
  checkStipendAmount,
  checkText,
  checkWholeNumber,
  parseDate,
  parseNumber,
} from '../../src/internships/offerForm';
import { todayIn } from '../../src/internships/InternshipOffer';

const TODAY = '2026-11-23';

describe('reading typed answers', () => {
  it.each([
    ['12', 12],
    ['12 weeks', 12],
    ['  30 ore ', 30],
    ['650,50', 650.5],
    ['650.5', 650.5],
    ['1.200', 1200],
    ['1,200', 1200],
    ['1 200 €', 1200],
    ['£650', 650],
    ['1.234,56', 1234.56],
    ['١٢', 12],
    ['۴۸', 48],
    ['-50', -50],
    ['twelve', Number.NaN],
    ['12-14', Number.NaN],
    ['', Number.NaN],
  ])('parseNumber(%j) = %p', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it.each([
    ['2027-01-31', '2027-01-31'],
    ['31/01/2027', '2027-01-31'],
    ['1.2.2027', '2027-02-01'],
    ['01-02-2027', '2027-02-01'],
    ['31/02/2027', undefined],
    ['2027-13-01', undefined],
    ['tomorrow', undefined],
    ['01/2027', undefined],
  ])('parseDate(%j) = %p', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });
});

describe('checking the form fields', () => {
  it.each([
    ['today', '23/11/2026', { ok: true, value: '2026-11-23' }],
    ['a later date', '2027-01-11', { ok: true, value: '2027-01-11' }],
    ['yesterday', '22/11/2026', { ok: false, error: { key: 'internships:form.errors.datePast' } }],
    ['a date years away', '01/01/2030', { ok: false, error: { key: 'internships:form.errors.dateTooFar' } }],
    ['not a date', 'next month', { ok: false, error: { key: 'internships:form.errors.date' } }],
  ])('start date: %s', (_name, typed, expected) => {
    expect(checkStartDate(typed, TODAY)).toEqual(expected);
  });

  it("takes today in the city's own time zone", () => {
    // 23:30 UTC on 22 November is already 23 November in Helsinki, still 22 November in Lisbon.
    const lateEvening = new Date('2026-11-22T23:30:00Z');
    expect(todayIn('helsinki', lateEvening)).toBe('2026-11-23');
    expect(todayIn('lisbon', lateEvening)).toBe('2026-11-22');
  });

  it.each([
    ['durationWeeks', '12', { ok: true, value: 12 }],
    ['durationWeeks', '52', { ok: true, value: 52 }],
    ['durationWeeks', '0', { ok: false, error: { key: 'internships:form.errors.wholeNumber', params: { min: 1, max: 52 } } }],
    ['durationWeeks', '53', { ok: false, error: { key: 'internships:form.errors.wholeNumber', params: { min: 1, max: 52 } } }],
    ['hoursPerWeek', '48', { ok: true, value: 48 }],
    ['hoursPerWeek', '49', { ok: false, error: { key: 'internships:form.errors.wholeNumber', params: { min: 1, max: 48 } } }],
    ['hoursPerWeek', '12,5', { ok: false, error: { key: 'internships:form.errors.wholeNumber', params: { min: 1, max: 48 } } }],
    ['hoursPerWeek', 'many', { ok: false, error: { key: 'internships:form.errors.wholeNumber', params: { min: 1, max: 48 } } }],
  ] as const)('%s %j', (field, typed, expected) => {
    expect(checkWholeNumber(field, typed)).toEqual(expected);
  });

  it.each([
    ['650', { ok: true, value: 650 }],
    ['0', { ok: true, value: 0 }],
    ['-100', { ok: false, error: { key: 'internships:form.errors.negative' } }],
    ['a lot', { ok: false, error: { key: 'internships:form.errors.amount' } }],
    ['1000000', { ok: false, error: { key: 'internships:form.errors.tooHigh' } }],
  ])('stipend amount %j', (typed, expected) => {
    expect(checkStipendAmount(typed)).toEqual(expected);
  });

  it.each([
    ['role', 'Care assistant', { ok: true, value: 'Care assistant' }],
    ['role', '   ', { ok: false, error: { key: 'internships:form.errors.required' } }],
    ['role', 'x'.repeat(5000), { ok: false, error: { key: 'internships:form.errors.tooLong', params: { max: 150 } } }],
    ['company', '  Harbour Care  ', { ok: true, value: 'Harbour Care' }],
    ['district', 'y'.repeat(81), { ok: false, error: { key: 'internships:form.errors.tooLong', params: { max: 80 } } }],
  ] as const)('%s %#', (field, typed, expected) => {
    expect(checkText(field, typed)).toEqual(expected);
  });

  it.each([
    ['any', 'jobs@harbour-care.example', true],
    ['any', '+44 121 496 0000', true],
    ['any', '(021) 496-0000', true],
    ['any', 'ring the office', false],
    ['any', '12', false],
    ['phone', 'jobs@harbour-care.example', false],
    ['email', '+44 121 496 0000', false],
    ['email', 'amal@example.com', true],
  ] as const)('contact (%s) %j', (kind, typed, valid) => {
    expect(checkContact(typed, kind).ok).toBe(valid);
  });
});
