import { LANGUAGE_CODES } from '../../src/content/common';
import { normaliseText } from '../../src/nlu/normalise';
import { parseSatisfaction, saidOneOf, wordsOf } from '../../src/handoff/texts';
import { i18n } from '../helpers/testApp';

/** What people read in the handoff, in every language: checks the locale files cannot pass by accident. */
describe.each(LANGUAGE_CODES)('handoff texts in %s', (lng) => {
  const t = i18n.getFixedT(lng);

  it('gives both emergency numbers, each with where it works', () => {
    const text = t('handoff:safeguarding.emergency');
    expect(text).toContain('999');
    expect(text).toContain('112');
    expect(text.indexOf('999')).toBeLessThan(text.indexOf('112'));
  });

  it('keeps the "back" button within 20 characters and shows a word the relay understands', () => {
    expect(t('handoff:request.backButton').length).toBeLessThanOrEqual(20);
    const word = wordsOf(t, 'handoff:commands.backToBot')[0];
    expect(word).toBeDefined();
    expect(t('handoff:request.howToCancel', { word })).toContain(word!);
    expect(saidOneOf(t, 'handoff:commands.backToBot', word!)).toBe(true);
    expect(saidOneOf(t, 'handoff:commands.backToBot', 'back')).toBe(true);
  });

  it('reads good / ok / bad as 5 / 3 / 1, with no word in two lists and none that means "back"', () => {
    const lists = (['good', 'ok', 'bad'] as const).map((key) => wordsOf(t, `handoff:satisfaction.words.${key}`).map(normaliseText));
    expect(lists.map((words) => parseSatisfaction(t, words[0]!))).toEqual([5, 3, 1]);
    const all = lists.flat();
    expect(new Set(all).size).toBe(all.length);
    const back = wordsOf(t, 'handoff:commands.backToBot').map(normaliseText);
    expect(all.filter((word) => back.includes(word))).toEqual([]);
    expect(parseSatisfaction(t, '۴')).toBe(4);
    expect(parseSatisfaction(t, '6')).toBeUndefined();
  });

  it('names every city', () => {
    for (const city of ['birmingham', 'lisbon', 'milan', 'helsinki']) expect(t(`handoff:cities.${city}`)).not.toBe(`cities.${city}`);
  });
});
