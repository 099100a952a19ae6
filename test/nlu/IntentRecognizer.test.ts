import { loadRecognitionCatalog } from '../../src/content/loadRecognition';
import { confidentMatch, matchProfession } from '../../src/matching/matchProfession';
import { CONFIDENT, IntentRecognizer, UNSURE, understand, type ProfessionMatcher } from '../../src/nlu/IntentRecognizer';
import { INTENTS, loadNluCorpus } from '../../src/nlu/nluData';

const train = loadNluCorpus('train');
let recognizer: IntentRecognizer;

beforeAll(() => {
  recognizer = new IntentRecognizer().train(train);
}, 60_000);

describe('IntentRecognizer', () => {
  it.each([
    ['en', 'how do I get my nursing diploma recognised in Lisbon?', 'recognition'],
    ['pt', 'curso de português à noite', 'courses'],
    ['uk', 'я шукаю стажування', 'internships'],
    ['ar', 'ابغى اتكلم مع موظف', 'human'],
  ] as const)('understands the issue example [%s] "%s" as %s, confidently enough to act or ask', (lng, text, intent) => {
    const result = recognizer.recognize(text, lng);
    expect(result.intent).toBe(intent);
    expect(result.score).toBeGreaterThanOrEqual(UNSURE);
  });

  it.each([
    ['en', 'talk to a human'],
    ['fr', 'je veux parler à quelqu’un'],
    ['fa', 'میخوام با یه آدم حرف بزنم'],
    ['ti', 'ምስ ሰብ ክዛረብ እደሊ'],
    ['pt', 'talk to human'],
  ] as const)('[%s] "%s" is a request for a person, acted on without asking', (lng, text) => {
    const result = recognizer.recognize(text, lng);
    expect(result.intent).toBe('human');
    expect(understand(result)).toEqual({ kind: 'confident', intent: 'human' });
  });

  it('reads the city from the sentence, and the occupation when a matcher is given', () => {
    const matcher: ProfessionMatcher = jest.fn((text: string) => (/nurs/i.test(text) ? { id: 'nurse', score: 0.9 } : undefined));
    const withMatcher = new IntentRecognizer({ professionMatcher: matcher });
    withMatcher.useModel('en', recognizer.model('en')!);

    const result = withMatcher.recognize('how do I get my nursing diploma recognised in Lisbon?', 'en');

    expect(result.intent).toBe('recognition');
    expect(result.entities).toEqual({ city: 'lisbon', profession: { id: 'nurse', score: 0.9 } });
    expect(matcher).toHaveBeenCalledWith('how do I get my nursing diploma recognised in Lisbon?', 'en');
  });

  it('leaves the occupation out without a matcher, or when the matcher is not sure', () => {
    expect(recognizer.recognize('I was a nurse in Syria', 'en').entities.profession).toBeUndefined();
    const unsure = new IntentRecognizer({ professionMatcher: () => undefined }).useModel('en', recognizer.model('en')!);
    expect(unsure.recognize('I was a nurse in Syria', 'en').entities).not.toHaveProperty('profession');
  });

  it('works with the recognition catalogue’s profession matcher', () => {
    const catalog = loadRecognitionCatalog();
    const matcher: ProfessionMatcher = (text, lng) => {
      const match = confidentMatch(matchProfession(catalog, text, lng));
      return match === undefined ? undefined : { id: match.profession.id, score: match.score };
    };
    const withMatcher = new IntentRecognizer({ professionMatcher: matcher }).useModel('pt', recognizer.model('pt')!);

    const result = withMatcher.recognize('sou enfermeira, como reconheço o meu diploma em Lisboa?', 'pt');

    expect(result.intent).toBe('recognition');
    expect(result.entities.city).toBe('lisbon');
    expect(result.entities.profession?.id).toBe('nurse');
  });

  it('ranks every intent with scores that add up to 1', () => {
    const { ranked, score, intent } = recognizer.recognize('I need a job in Milan', 'en');
    expect(ranked.map((r) => r.intent).sort()).toEqual([...INTENTS].sort());
    expect(ranked.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 6);
    expect(ranked[0]).toEqual({ intent, score });
    for (let i = 1; i < ranked.length; i += 1) expect(ranked[i]!.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
  });

  it.each(['', '   ', '👍👍', '?!'])('does not understand a message without words: "%s"', (text) => {
    const result = recognizer.recognize(text, 'en');
    expect(result.score).toBe(0);
    expect(understand(result)).toEqual({ kind: 'notUnderstood' });
  });

  it('uses the English model for a language it has no model for', () => {
    const englishOnly = new IntentRecognizer().useModel('en', recognizer.model('en')!);
    expect(englishOnly.recognize('I want to learn the language', 'de').intent).toBe('courses');
  });

  it('understands English typed by someone who chose another language', () => {
    expect(recognizer.recognize('i need a job please', 'fi').intent).toBe('internships');
    expect(recognizer.recognize('delete my data', 'ti').intent).toBe('privacy');
  });

  it('refuses to recognise before it was trained', () => {
    expect(() => new IntentRecognizer().recognize('hello', 'en')).toThrow(ReferenceError);
  });

  it('trains the same model from the same data', () => {
    const again = new IntentRecognizer().train({ fi: train.fi, en: train.en }, ['fi']);
    const a = recognizer.model('fi')!;
    const b = again.model('fi')!;
    expect(b.features).toEqual(a.features);
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(Array.from(b.bias)).toEqual(Array.from(a.bias));
  });
});

describe('understand', () => {
  const ranked = (first: number, second: number) => ({
    ranked: [
      { intent: 'courses' as const, score: first },
      { intent: 'internships' as const, score: second },
      { intent: 'human' as const, score: 1 - first - second },
    ],
  });

  it.each([
    [CONFIDENT, 0.1, { kind: 'confident', intent: 'courses' }],
    [0.95, 0.02, { kind: 'confident', intent: 'courses' }],
    [CONFIDENT - 0.01, 0.3, { kind: 'unsure', guesses: ['courses', 'internships'] }],
    [UNSURE, 0.15, { kind: 'unsure', guesses: ['courses', 'internships'] }],
    [UNSURE - 0.01, 0.15, { kind: 'notUnderstood' }],
  ])('best %s, second %s → %j', (first, second, expected) => {
    expect(understand(ranked(first, second))).toEqual(expected);
  });

  it('keeps the thresholds in order', () => {
    expect(0 < UNSURE && UNSURE < CONFIDENT && CONFIDENT < 1).toBe(true);
  });
});
