import { createI18n } from '../../src/i18n/i18n';
import { fixedT } from '../../src/i18n/fixedT';

const i18n = createI18n();

describe('fixedT: the turn translator that remembers texts without parameters', () => {
  it('gives exactly what i18next gives, in the fixed language and with lng or returnObjects', () => {
    for (const lng of ['en', 'ar', 'ti', 'pt']) {
      const t = fixedT(i18n, lng);
      const reference = i18n.getFixedT(lng);
      for (let round = 0; round < 2; round += 1) {
        expect(t('common:answer.yes')).toBe(reference('common:answer.yes'));
        expect(t('privacy:commands', { returnObjects: true })).toEqual(reference('privacy:commands', { returnObjects: true }));
        expect(t('common:answer.yes', { lng: 'en' })).toBe('Yes');
        expect(t('common:answer.yes', {})).toBe(reference('common:answer.yes'));
      }
    }
    expect(fixedT(i18n, 'pt')('common:answer.yes')).not.toBe(fixedT(i18n, 'en')('common:answer.yes'));
  });

  it('fills in parameters on every call, never from an earlier call', () => {
    const t = fixedT(i18n, 'en');
    expect(t('common:language.switchTo', { language: 'Suomi' })).toContain('Suomi');
    const second = t('common:language.switchTo', { language: 'Italiano' });
    expect(second).toContain('Italiano');
    expect(second).not.toContain('Suomi');
  });

  it('hands out remembered lists frozen, so one turn cannot change them for the next', () => {
    const words = fixedT(i18n, 'en')('privacy:commands', { returnObjects: true }) as unknown as string[];
    expect(Array.isArray(words)).toBe(true);
    expect(() => words.push('changed')).toThrow(TypeError);
    expect(fixedT(i18n, 'en')('privacy:commands', { returnObjects: true })).not.toContain('changed');
  });

  it('keeps one translator per i18next instance: another instance with other texts is not confused with it', () => {
    const other = createI18n();
    other.addResource('en', 'common', 'answer.yes', 'Yes please');
    expect(fixedT(other, 'en')('common:answer.yes')).toBe('Yes please');
    expect(fixedT(i18n, 'en')('common:answer.yes')).toBe('Yes');
  });
});
