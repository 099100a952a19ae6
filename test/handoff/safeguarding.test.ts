import { LANGUAGE_CODES, type LanguageCode } from '../../src/content/common';
import { SAFEGUARDING_CATEGORIES, detectSafeguarding, foldForMatching, type SafeguardingCategory } from '../../src/handoff/safeguarding';
import { SAFEGUARDING_PHRASES } from '../../src/handoff/safeguardingPhrases';

/** What a person in danger might write, per language and concern. */
const SAYS: Record<LanguageCode, Record<SafeguardingCategory, string>> = {
  en: {
    selfHarm: 'Sometimes I want to kill myself',
    violence: 'My husband beats me every week',
    trafficking: 'They forced me to work and I cannot go out',
    passportWithheld: 'My employer took my passport.',
    exploitation: 'My boss does not pay me for three months',
    minorAlone: 'I am 16 years old and I came alone',
  },
  pt: {
    selfHarm: 'Às vezes quero morrer',
    violence: 'O meu marido bate-me',
    trafficking: 'Obrigam-me a trabalhar de noite',
    passportWithheld: 'O patrão ficou com o meu passaporte',
    exploitation: 'O patrão não me paga há três meses',
    minorAlone: 'Tenho 15 anos e estou aqui',
  },
  it: {
    selfHarm: 'Penso al suicidio',
    violence: 'Mio marito mi picchia',
    trafficking: 'Sono costretta a lavorare tutta la notte',
    passportWithheld: 'Il datore di lavoro tiene il mio passaporto',
    exploitation: 'Lavoro ma non mi pagano da mesi',
    minorAlone: 'Ho 16 anni e sono qui',
  },
  fi: {
    selfHarm: 'Haluan kuolla',
    violence: 'Mieheni lyö minua',
    trafficking: 'He myivät minut tänne',
    passportWithheld: 'Työnantaja otti passini.',
    exploitation: 'Työnantaja ei maksa palkkaa',
    minorAlone: 'Olen 15-vuotias ja täällä',
  },
  fr: {
    selfHarm: 'Je veux mourir',
    violence: 'Mon mari me frappe',
    trafficking: "Ils m'ont vendue à un homme",
    passportWithheld: 'Mon patron a pris mon passeport',
    exploitation: 'Mon patron ne me paie pas',
    minorAlone: "J'ai 15 ans",
  },
  es: {
    selfHarm: 'Pienso en quitarme la vida',
    violence: 'Mi marido me pega',
    trafficking: 'Me obligan a trabajar sin descanso',
    passportWithheld: 'El jefe se quedó con mi pasaporte',
    exploitation: 'Mi jefe no me paga',
    minorAlone: 'Tengo 16 años',
  },
  ar: {
    selfHarm: 'أفكر في الانتحار',
    violence: 'زوجي يضربني كل يوم',
    trafficking: 'باعوني لرجل',
    passportWithheld: 'صاحب العمل أخذ جواز سفري',
    exploitation: 'صاحب العمل لا يدفع لي راتبي',
    minorAlone: 'عمري ١٥ سنة',
  },
  fa: {
    selfHarm: 'به خودکشی فکر می‌کنم',
    violence: 'شوهرم مرا می‌زند',
    trafficking: 'مرا فروختند',
    passportWithheld: 'کارفرما پاسپورتم را گرفت',
    exploitation: 'کارفرما حقوقم را نمی‌دهد',
    minorAlone: '۱۵ سالمه',
  },
  uk: {
    selfHarm: 'Я не хочу жити',
    violence: "Чоловік б'є мене",
    trafficking: 'Мене змушують працювати без вихідних',
    passportWithheld: 'Роботодавець забрав мій паспорт',
    exploitation: 'Роботодавець не платить мені',
    minorAlone: 'Мені 15 років',
  },
  ti: {
    selfHarm: 'ክሞት እደሊ እየ',
    violence: 'ሰብኣየይ ይወቕዓኒ',
    trafficking: 'ናብዚ ሸይጦምኒ',
    passportWithheld: 'ኣስራሒየይ ፓስፖርተይ ወሲዱ',
    exploitation: 'ኣስራሒየይ ደሞዝ ኣይከፍለንን',
    minorAlone: 'ዕድመይ 15 እዩ',
  },
};

/** Ordinary questions the bot gets every day: none may raise an alarm. */
const ORDINARY: Record<LanguageCode, string[]> = {
  en: ['I want to learn English and work as a nurse', 'Is the internship unpaid?', 'My passport expires next year', 'I am 15 minutes late', 'How can my diploma be recognised?'],
  pt: ['Quero aprender português e trabalhar como enfermeira', 'O meu passaporte é válido', 'Tenho 25 anos'],
  it: ['Vorrei un corso di italiano', 'Ho un passaporto siriano', 'Ho 30 anni'],
  fi: ['Haluan oppia suomea', 'Passini on voimassa', 'Olen 35-vuotias'],
  fr: ['Je cherche un stage payé', 'Mon passeport est valide', "J'ai 40 ans"],
  es: ['Busco un curso de español', 'Tengo mi pasaporte', 'Tengo 19 años'],
  ar: ['أريد أن أتعلم اللغة', 'جواز سفري صالح', 'عمري ٣٠ سنة'],
  fa: ['می‌خواهم زبان یاد بگیرم', 'پاسپورت من معتبر است', '۳۰ سالمه'],
  uk: ['Я хочу вивчати мову', 'Мій паспорт дійсний', 'Мені 30 років'],
  ti: ['ቋንቋ ክመሃር እደሊ', 'ፓስፖርት ኣለኒ', 'ዕድመይ 30 እዩ'],
};

describe('detectSafeguarding', () => {
  it('has phrases for every concern in all ten languages', () => {
    expect(Object.keys(SAFEGUARDING_PHRASES).sort()).toEqual([...LANGUAGE_CODES].sort());
    for (const language of LANGUAGE_CODES) {
      const thin = SAFEGUARDING_CATEGORIES.filter((category) => SAFEGUARDING_PHRASES[language][category].length < 3);
      expect({ language, thin }).toEqual({ language, thin: [] });
    }
  });

  describe.each(LANGUAGE_CODES)('in %s', (language) => {
    it.each(SAFEGUARDING_CATEGORIES)('recognises %s', (category) => {
      expect(detectSafeguarding(SAYS[language][category], language)).toMatchObject({ category, language });
    });

    it('stays quiet on ordinary questions', () => {
      for (const text of ORDINARY[language]) expect({ text, hit: detectSafeguarding(text, language) }).toEqual({ text, hit: undefined });
    });
  });

  it('recognises a message in another language than the person chose (the first message often is)', () => {
    expect(detectSafeguarding('کارفرما پاسپورتم را گرفت', 'en')).toMatchObject({ category: 'passportWithheld', language: 'fa' });
    expect(detectSafeguarding('my boss took my passport', 'pt')).toMatchObject({ category: 'passportWithheld', language: 'en' });
  });

  it('folds what phones type differently: case, accents, half-spaces, Arabic letter forms, digits, apostrophes', () => {
    expect(detectSafeguarding('MY EMPLOYER TOOK MY PASSPORT!!!', 'en')?.category).toBe('passportWithheld');
    expect(detectSafeguarding('nao me pagam', 'pt')?.category).toBe('exploitation');
    expect(detectSafeguarding('میخواهم بمیرم', 'fa')?.category).toBe('selfHarm');
    expect(detectSafeguarding('می خواهم بمیرم', 'fa')?.category).toBe('selfHarm');
    expect(detectSafeguarding('اريد ان اموت', 'ar')?.category).toBe('selfHarm');
    expect(detectSafeguarding('Мене бʼють', 'uk')?.category).toBe('violence');
    expect(foldForMatching('Não, "obrigado"…')).toBe('nao obrigado');
  });

  it('ignores empty messages', () => {
    expect(detectSafeguarding('', 'en')).toBeUndefined();
    expect(detectSafeguarding('   ', 'ar')).toBeUndefined();
  });
});
