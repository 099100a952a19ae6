import { LANGUAGE_CODES } from '../../src/content/common';
import { normaliseText } from '../../src/nlu/normalise';
import { INTENTS, NluDataFileSchema, loadNluCorpus, type Intent } from '../../src/nlu/nluData';

const train = loadNluCorpus('train');
const heldOut = loadNluCorpus('heldout');

describe('data/nlu', () => {
  it.each(LANGUAGE_CODES)('%s has at least 20 training and 10 held-out utterances per intent', (lng) => {
    const short = INTENTS.flatMap((intent) => [
      ...(train[lng].intents[intent].length < 20 ? [`train ${intent}: ${train[lng].intents[intent].length}`] : []),
      ...(heldOut[lng].intents[intent].length < 10 ? [`heldout ${intent}: ${heldOut[lng].intents[intent].length}`] : []),
    ]);
    expect(short).toEqual([]);
  });

  it.each(LANGUAGE_CODES)('%s: no held-out utterance is also a training utterance (after normalising)', (lng) => {
    const seen = new Map<string, Intent>();
    for (const intent of INTENTS) for (const text of train[lng].intents[intent]) seen.set(normaliseText(text), intent);
    const overlap = INTENTS.flatMap((intent) => heldOut[lng].intents[intent].filter((text) => seen.has(normaliseText(text))));
    expect(overlap).toEqual([]);
  });

  it('no held-out utterance of any language is an English training utterance (every model learns from those too)', () => {
    const english = new Set(INTENTS.flatMap((intent) => train.en.intents[intent].map(normaliseText)));
    const overlap = LANGUAGE_CODES.flatMap((lng) =>
      INTENTS.flatMap((intent) => heldOut[lng].intents[intent].filter((text) => english.has(normaliseText(text))).map((text) => `${lng}: ${text}`)),
    );
    expect(overlap).toEqual([]);
  });

  it.each(LANGUAGE_CODES)('%s: no utterance is listed under two intents or twice', (lng) => {
    for (const corpus of [train, heldOut]) {
      const all = INTENTS.flatMap((intent) => corpus[lng].intents[intent].map(normaliseText));
      const duplicates = all.filter((text, i) => all.indexOf(text) !== i);
      expect(duplicates).toEqual([]);
    }
  });

  it.each([
    ['en', 'recognition', 'how do I get my nursing diploma recognised in Lisbon?'],
    ['pt', 'courses', 'curso de português à noite'],
    ['uk', 'internships', 'я шукаю стажування'],
    ['ar', 'human', 'ابغى اتكلم مع موظف'],
  ] as const)('the held-out set of %s has the example from the issue as %s: %s', (lng, intent, text) => {
    expect(heldOut[lng].intents[intent]).toContain(text);
  });

  describe('schema', () => {
    const valid = { intents: Object.fromEntries(INTENTS.map((intent) => [intent, ['hello']])) };

    it('accepts a file with every intent', () => {
      expect(NluDataFileSchema.safeParse(valid).success).toBe(true);
    });

    it.each([
      ['a missing intent', { intents: { ...valid.intents, human: undefined } }],
      ['an unknown intent', { intents: { ...valid.intents, weather: ['sunny?'] } }],
      ['an empty intent', { intents: { ...valid.intents, help: [] } }],
      ['an empty utterance', { intents: { ...valid.intents, help: ['  '] } }],
    ])('rejects %s', (_, data) => {
      expect(NluDataFileSchema.safeParse(data).success).toBe(false);
    });
  });
});
