import { createI18n } from '../../src/i18n/i18n';
import { fixedT } from '../../src/i18n/fixedT';
import { summarise } from '../../src/privacy/summarise';
import type { PersonalData } from '../../src/privacy/PrivacyService';

const i18n = createI18n();

describe('texts with a number follow each language’s plural rules', () => {
  it('English: one minute, five minutes', () => {
    const t = fixedT(i18n, 'en');
    expect(t('handoff:request.estimate', { count: 1 })).toBe('The wait is about 1 minute.');
    expect(t('handoff:request.estimate', { count: 5 })).toBe('The wait is about 5 minutes.');
  });

  it('Arabic: all six forms (zero, one, two, few, many, other)', () => {
    const t = fixedT(i18n, 'ar');
    expect(t('handoff:request.estimate', { count: 0 })).toBe('الانتظار أقل من دقيقة.');
    expect(t('handoff:request.estimate', { count: 1 })).toBe('الانتظار حوالي دقيقة واحدة.');
    expect(t('handoff:request.estimate', { count: 2 })).toBe('الانتظار حوالي دقيقتين.');
    expect(t('handoff:request.estimate', { count: 7 })).toBe('الانتظار حوالي 7 دقائق.');
    expect(t('handoff:request.estimate', { count: 15 })).toBe('الانتظار حوالي 15 دقيقة.');
    expect(t('privacy:see.retention', { count: 90 })).toBe('أحذف كل شيء بعد 90 يومًا من آخر رسالة منك.');
    expect(t('privacy:see.retention', { count: 3 })).toBe('أحذف كل شيء بعد 3 أيام من آخر رسالة منك.');
    expect(t('privacy:see.retention', { count: 100 })).toBe('أحذف كل شيء بعد 100 يوم من آخر رسالة منك.');
  });

  it('Ukrainian: one, few and many (21 is "one" again)', () => {
    const t = fixedT(i18n, 'uk');
    expect(t('privacy:see.retention', { count: 21 })).toContain('21 день ');
    expect(t('privacy:see.retention', { count: 3 })).toContain('3 дні ');
    expect(t('privacy:see.retention', { count: 90 })).toContain('90 днів ');
    expect(t('handoff:request.estimate', { count: 5 })).toBe('Чекати приблизно 5 хвилин.');
  });

  it('the privacy summary a person sees uses the form that fits the configured number', () => {
    const agreed = { profile: { language: 'en', consent: { given: true, at: '2026-11-01T10:00:00Z' } }, holders: {} } as unknown as PersonalData;
    expect(summarise(agreed, fixedT(i18n, 'en'), { retentionDays: 1, sessionHours: 24 })).toContain('I delete it all 1 day after');
    expect(summarise(agreed, fixedT(i18n, 'ar'), { retentionDays: 2, sessionHours: 24 })).toContain('بعد يومين من');
    const refused = { profile: { language: 'en', consent: { given: false, at: '2026-11-01T10:00:00Z' } }, holders: {} } as unknown as PersonalData;
    expect(summarise(refused, fixedT(i18n, 'en'), { retentionDays: 90, sessionHours: 1 })).toContain('I delete it all 1 hour after');
  });
});
