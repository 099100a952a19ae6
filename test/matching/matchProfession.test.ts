import { loadRecognitionCatalog } from '../../src/content/loadRecognition';
import type { Profession } from '../../src/content/recognitionSchema';
import {
  CONFIDENT_MARGIN,
  CONFIDENT_SCORE,
  confidentMatch,
  editDistance,
  matchProfession,
  type ProfessionMatch,
} from '../../src/matching/matchProfession';

/** The real catalogue: what people type is matched against the names the city maintains. */
const catalog = loadRecognitionCatalog();

const confidentId = (text: string, lng: string): string | undefined =>
  confidentMatch(matchProfession(catalog, text, lng))?.profession.id;

describe('matchProfession: free text with typos, in many languages and scripts', () => {
  it.each<[string, string, string]>([
    // English
    ['nurce', 'en', 'nurse'],
    ['plumbr', 'en', 'plumber'],
    ['docter', 'en', 'doctor'],
    ['I was a nurse in Syria', 'en', 'nurse'],
    ['nursing', 'en', 'nurse'],
    ['labtechnician', 'en', 'medical-laboratory-technician'],
    // Portuguese: missing letter, wrong letter, another form of the word, no accents
    ['enfermera', 'pt', 'nurse'],
    ['enginheiro civil', 'pt', 'civil-engineer'],
    ['canalisador', 'pt', 'plumber'],
    ['enfermagem', 'pt', 'nurse'],
    ['medico', 'pt', 'doctor'],
    // Italian
    ['infermere', 'it', 'nurse'],
    ['idraulco', 'it', 'plumber'],
    ['avvocatto', 'it', 'lawyer'],
    ['ingegniere civile', 'it', 'civil-engineer'],
    // French: a wrong accent, a missing ending
    ['infirmiére', 'fr', 'nurse'],
    ['plombié', 'fr', 'plumber'],
    ['ingénieur civile', 'fr', 'civil-engineer'],
    // Spanish
    ['ingeniero sivil', 'es', 'civil-engineer'],
    ['albanil', 'es', 'construction-worker'],
    // Arabic script: ة/ه and ي/ى mixed up, a wrong letter, the article "ال"
    ['ممرضه', 'ar', 'nurse'],
    ['ممرصة', 'ar', 'nurse'],
    ['الممرضة', 'ar', 'nurse'],
    ['مهندس مدنى', 'ar', 'civil-engineer'],
    ['محاميه', 'ar', 'lawyer'],
    ['طبيب اسنان', 'ar', 'dentist'],
    // Farsi
    ['پرستر', 'fa', 'nurse'],
    ['مهندس عمرن', 'fa', 'civil-engineer'],
    // Ukrainian (Cyrillic)
    ['медсетра', 'uk', 'nurse'],
    ['лікарь', 'uk', 'doctor'],
    // Finnish
    ['sairaanhoitja', 'fi', 'nurse'],
    // Tigrinya (Ge'ez script)
    ['ነርስ', 'ti', 'nurse'],
    // A name in another language than the chat's
    ['civil engineer', 'ar', 'civil-engineer'],
  ])('"%s" (%s) is confidently %s', (text, lng, id) => {
    expect(confidentId(text, lng)).toBe(id);
  });

  it.each<[string, string, string[]]>([
    ['engeneer', 'en', ['civil-engineer', 'mechanical-engineer', 'electrical-engineer', 'software-developer', 'plumber']],
    ['مهندس', 'ar', ['civil-engineer', 'mechanical-engineer', 'electrical-engineer', 'architect']],
    ['insinööri', 'fi', ['civil-engineer', 'mechanical-engineer', 'electrical-engineer']],
    ['інженер', 'uk', ['civil-engineer', 'mechanical-engineer', 'electrical-engineer']],
    ['driver', 'en', ['bus-driver', 'lorry-driver', 'taxi-driver']],
  ])('"%s" (%s) is unsure: the three closest are all plausible', (text, lng, plausible) => {
    const matches = matchProfession(catalog, text, lng);
    expect(confidentMatch(matches)).toBeUndefined();
    const top3 = matches.slice(0, 3).map((m) => m.profession.id);
    expect(top3).toHaveLength(3);
    for (const id of top3) expect(plausible).toContain(id);
  });

  it('a word that names different jobs in two languages ranks the chat language first, and asks', () => {
    const pt = matchProfession(catalog, 'professor', 'pt');
    const en = matchProfession(catalog, 'professor', 'en');
    expect(pt[0]?.profession.id).toBe('primary-school-teacher');
    expect(en[0]?.profession.id).toBe('university-lecturer');
    expect(confidentMatch(pt)).toBeUndefined();
    expect(confidentMatch(en)).toBeUndefined();
  });

  it('something that is not a job in the list is never a confident match', () => {
    expect(confidentMatch(matchProfession(catalog, 'astronaut', 'en'))).toBeUndefined();
    expect(confidentMatch(matchProfession(catalog, 'I like football and music', 'en'))).toBeUndefined();
  });

  it('compares short words exactly: "vet" is the vet, "vat" is nobody', () => {
    expect(confidentId('vet', 'en')).toBe('veterinarian');
    expect(matchProfession(catalog, 'vat', 'en').some((m) => m.profession.id === 'veterinarian' && m.score > 0.5)).toBe(false);
  });

  it('says which name matched, in which language', () => {
    const [best] = matchProfession(catalog, 'ممرضه', 'ar');
    expect(best).toMatchObject({ matchedName: 'ممرضة', matchedLanguage: 'ar', score: 1 });
    const [english] = matchProfession(catalog, 'nurse', 'pt');
    expect(english).toMatchObject({ matchedName: 'nurse', matchedLanguage: 'en' });
    expect(english?.score).toBeLessThan(1);
  });
});

describe('matchProfession: ranking', () => {
  it('returns scores between 0 and 1, best first, within the limit and above the minimum', () => {
    const matches = matchProfession(catalog, 'engineer', 'en', { limit: 5, minScore: 0.4 });
    expect(matches.length).toBeGreaterThan(1);
    expect(matches.length).toBeLessThanOrEqual(5);
    for (const [i, match] of matches.entries()) {
      expect(match.score).toBeGreaterThanOrEqual(0.4);
      expect(match.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(match.score).toBeLessThanOrEqual(matches[i - 1]!.score);
    }
  });

  it('gives nothing for an empty or punctuation-only text', () => {
    expect(matchProfession(catalog, '', 'en')).toEqual([]);
    expect(matchProfession(catalog, ' ?! ', 'en')).toEqual([]);
  });

  it('does not depend on the order of the catalogue', () => {
    const reversed = { professions: [...catalog.professions].reverse() };
    const ids = (c: { professions: Profession[] }): string[] => matchProfession(c, 'engeneer', 'en').map((m) => m.profession.id);
    expect(ids(reversed)).toEqual(ids(catalog));
  });
});

describe('confidentMatch', () => {
  const profession = (id: string): Profession => ({ id, sector: 'other', names: { en: [id] }, routes: {} }) as Profession;
  const match = (id: string, score: number): ProfessionMatch => ({ profession: profession(id), score, matchedName: id, matchedLanguage: 'en' });

  it.each<[string, ProfessionMatch[], string | undefined]>([
    ['a single strong match', [match('a', CONFIDENT_SCORE)], 'a'],
    ['a strong match well ahead of the next', [match('a', 0.95), match('b', 0.95 - CONFIDENT_MARGIN - 0.01)], 'a'],
    ['two strong matches too close together', [match('a', 0.95), match('b', 0.9)], undefined],
    ['a weak best match', [match('a', CONFIDENT_SCORE - 0.01)], undefined],
    ['no match', [], undefined],
  ])('%s', (_name, matches, expected) => {
    expect(confidentMatch(matches)?.profession.id).toBe(expected);
  });
});

describe('editDistance', () => {
  it.each<[string, string, number]>([
    ['nurse', 'nurse', 0],
    ['nurse', 'nurce', 1],
    ['enfremeira', 'enfermeira', 1],
    ['plumbr', 'plumber', 1],
    ['', 'abc', 3],
    ['ممرصة', 'ممرضة', 1],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('editDistance with a limit', () => {
  it.each([
    ['nurse', 'nurce', 1],
    ['engineer', 'enginere', 1],
    ['teacher', 'tecaher', 1],
    ['sairaanhoitaja', 'hoitaja', 7],
  ])('gives the exact distance of %s / %s when it is within the limit', (a, b, distance) => {
    expect(editDistance(a, b, distance)).toBe(distance);
    expect(editDistance(a, b, distance + 3)).toBe(distance);
  });

  it('gives some number above the limit, never below, when the words are further apart', () => {
    for (const [a, b] of [['electrician', 'pharmacist'], ['sairaanhoitaja', 'hoitaja'], ['مهندس', 'پرستار']] as const) {
      const exact = editDistance(a, b);
      for (let limit = 0; limit < exact; limit += 1) expect(editDistance(a, b, limit)).toBeGreaterThan(limit);
    }
  });
});
