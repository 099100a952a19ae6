import { isolateLtrRuns } from '../../src/i18n/bidi';
import { LANGUAGES } from '../../src/i18n/languages';
import { normaliseText } from '../../src/nlu/normalise';
import { activity, i18n, post, startApp, type RunningApp } from '../helpers/testApp';

/** What a person reading language `lng` sees for a key (with Latin runs isolated in right-to-left languages). */
function seen(lng: string, key: string): string {
  const text = i18n.getFixedT(lng)(key);
  return LANGUAGES.find((l) => l.code === lng)?.rtl ? isolateLtrRuns(text) : text;
}

function firstSynonym(lng: string, key: string): string {
  const list = i18n.getFixedT(lng)(key, { returnObjects: true }) as unknown;
  if (!Array.isArray(list) || typeof list[0] !== 'string') throw new Error(`${lng}: ${key} has no synonyms`);
  return list[0];
}

describe('the first conversation in every language, all at once', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it('never crosses replies between ten concurrent conversations: language by number, role by label, topic by synonym', async () => {
    const say = (lng: string, text: string) =>
      post(running.base, activity(`conv-${lng}`, { text, locale: lng, from: { id: `person-${lng}`, name: '' } })).then(
        (result) => result.replies.map((r) => r.text),
      );
    const codes = LANGUAGES.map((l) => l.code);

    // The channel says the person's locale: the welcome is already in their language.
    const welcomes = await Promise.all(codes.map((lng) => say(lng, 'hello')));
    codes.forEach((lng, i) => expect(welcomes[i]?.[0]).toBe(seen(lng, 'common:welcome.hello')));

    // Choosing the language by its number in the list (as Eastern Arabic / Persian digits for ar and fa).
    const localDigits = (lng: string, n: number): string =>
      lng === 'ar' ? String(n).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!) : lng === 'fa' ? String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : String(n);
    const chosen = await Promise.all(codes.map((lng, i) => say(lng, localDigits(lng, i + 1))));
    codes.forEach((lng, i) => expect(chosen[i]?.[0]).toBe(seen(lng, 'common:language.changed')));
    codes.forEach((lng, i) => expect(chosen[i]).toHaveLength(2));

    // Consent, answered with the word for "yes" in each language.
    const agreed = await Promise.all(codes.map((lng) => say(lng, i18n.getFixedT(lng)('common:answer.yes'))));
    codes.forEach((lng, i) => expect(agreed[i]?.slice(-1)).toEqual([seen(lng, 'menu:role.prompt')]));

    const roles = await Promise.all(codes.map((lng) => say(lng, i18n.getFixedT(lng)('menu:role.newcomer'))));
    codes.forEach((lng, i) => expect(roles[i]).toEqual([seen(lng, 'menu:topics.prompt.newcomer')]));

    const topics = await Promise.all(codes.map((lng) => say(lng, firstSynonym(lng, 'menu:topics.courses.synonyms'))));
    // The course finder starts, in the person's language.
    codes.forEach((lng, i) => expect(topics[i]).toEqual([seen(lng, 'courses:city.prompt')]));
  });
});

describe('menu words never collide with the words that work anywhere', () => {
  it.each(LANGUAGES.map((l) => l.code))('%s', (lng) => {
    const t = i18n.getFixedT(lng);
    const list = (key: string): string[] => (t(key, { returnObjects: true }) as string[]).map((w) => normaliseText(w));
    const commands = new Set(['help', 'menu', 'restart', 'language'].flatMap((c) => list(`common:commands.${c}`)));
    const topicKeys = ['recognition', 'courses', 'internships', 'adviser', 'schemes', 'offer', 'languageAtWork'];
    const menuWords = [
      ...topicKeys.flatMap((topic) => [...list(`menu:topics.${topic}.synonyms`), normaliseText(t(`menu:topics.${topic}.label`))]),
      ...list('menu:role.newcomerSynonyms'),
      ...list('menu:role.employerSynonyms'),
    ];
    expect(menuWords.filter((word) => commands.has(word))).toEqual([]);
  });
});
