import { extractEntities } from '../../src/nlu/extractEntities';
import { withinOneEdit } from '../../src/nlu/phraseMatcher';

describe('extractEntities', () => {
  describe('city', () => {
    it.each([
      ['en', 'how do I get my nursing diploma recognised in Lisbon?', 'lisbon'],
      ['pt', 'quero um curso em Lisboa', 'lisbon'],
      ['fr', 'je cherche un stage à Lisbonne', 'lisbon'],
      ['ar', 'اريد دورة في لشبونة', 'lisbon'],
      ['ar', 'بدي شغل بلشبونة', 'lisbon'],
      ['uk', 'я шукаю роботу у Лісабоні', 'lisbon'],
      ['ti', 'ኣብ ሊዝበን ስራሕ እደሊ', 'lisbon'],
      ['it', 'corso di italiano a Milano', 'milan'],
      ['es', 'trabajo en Milán', 'milan'],
      ['pt', 'estágio em Milão', 'milan'],
      ['ar', 'بدي كورس بميلانو', 'milan'],
      ['uk', 'курс в Мілані', 'milan'],
      ['fi', 'suomen kurssi Helsingissä', 'helsinki'],
      ['fi', 'muutan Helsinkiin', 'helsinki'],
      ['sv', 'jobb i Helsingfors', 'helsinki'],
      ['fa', 'کلاس زبان در هلسینکی', 'helsinki'],
      ['ar', 'وظائف في هلسنكي', 'helsinki'],
      ['uk', 'робота в Гельсінкі', 'helsinki'],
      ['en', 'ESOL in Birmingham', 'birmingham'],
      ['en', 'jobs in birmingam', 'birmingham'],
      ['uk', 'курси в Бірмінгемі', 'birmingham'],
      ['fa', 'کار در بیرمنگام', 'birmingham'],
    ])('[%s] %s → %s', (_lng, text, city) => {
      expect(extractEntities(text).city).toBe(city);
    });

    it.each(['I am helping my friend', 'I need a job', 'مرحبا'])('finds no city in "%s"', (text) => {
      expect(extractEntities(text).city).toBeUndefined();
    });
  });

  describe('level', () => {
    it.each([
      ['I need a B1 course', 'B1'],
      ['nivel a2 por favor', 'A2'],
      ['B2-tason kurssi', 'B2'],
      ['курс рівня В1', 'B1'],
      ['C1', 'C1'],
      ['c2 level', 'C2'],
      ['pre-A1 class', 'pre-A1'],
      ['I am a beginner', 'A1'],
      ['je suis débutante', 'A1'],
      ['curso para principiantes', 'A1'],
      ['alkeiskurssi', 'A1'],
      ['курси для початківців', 'A1'],
      ['انا مبتدئ', 'A1'],
      ['I start from zero', 'pre-A1'],
      ['aprender desde cero', 'pre-A1'],
      ['з нуля', 'pre-A1'],
    ])('%s → %s', (text, level) => {
      expect(extractEntities(text).level).toBe(level);
    });

    it.each(['I need a course', 'a1b2c3', 'flat A12'])('finds no level in "%s"', (text) => {
      expect(extractEntities(text).level).toBeUndefined();
    });
  });

  describe('slot', () => {
    it.each([
      ['English classes in the evening', 'evening'],
      ['curso de português à noite', 'evening'],
      ['corso serale', 'evening'],
      ['suomen kurssi illalla', 'evening'],
      ['cours du soir', 'evening'],
      ['دروس بالليل', 'evening'],
      ['کلاس شبانه', 'evening'],
      ['курси ввечері', 'evening'],
      ['ናይ ምሸት ክፍሊ', 'evening'],
      ['morning classes', 'morning'],
      ['clases por la mañana', 'morning'],
      ['aamupäivällä', 'morning'],
      ['دورة الصبح', 'morning'],
      ['iltapäivällä', 'afternoon'],
      ['cours l’après-midi', 'afternoon'],
      ['بعد الظهر', 'afternoon'],
      ['weekend course', 'weekend'],
      ['aulas ao fim de semana', 'weekend'],
      ['курс на вихідних', 'weekend'],
      ['viikonloppuisin', 'weekend'],
    ])('%s → %s', (text, slot) => {
      expect(extractEntities(text).slot).toBe(slot);
    });

    it.each(['good evening', 'boa tarde', 'buenas noches', 'hyvää iltaa', 'مساء الخير', 'добрий вечір', 'bonsoir'])(
      'reads the greeting "%s" as no time of day',
      (text) => {
        expect(extractEntities(text).slot).toBeUndefined();
      },
    );

    it('still finds the time after a greeting', () => {
      expect(extractEntities('boa tarde, quero um curso de manhã').slot).toBe('morning');
    });
  });

  describe('privacy action', () => {
    it.each([
      ['delete my data', 'delete'],
      ['apaga tudo sobre mim', 'delete'],
      ['poista mun tiedot', 'delete'],
      ['احذف بياناتي', 'delete'],
      ['اطلاعاتم را پاک کن', 'delete'],
      ['видаліть мої дані', 'delete'],
      ['ሓበሬታይ ደምስሶ', 'delete'],
      ['export my data', 'export'],
      ['quero uma cópia dos meus dados', 'export'],
      ['télécharger mes données', 'export'],
      ['voinko viedä tietoni', 'export'],
      ['завантажити мої дані', 'export'],
      ['what do you know about me', undefined],
      ['kuka lukee viestini', undefined],
    ])('%s → %s', (text, action) => {
      expect(extractEntities(text).privacyAction).toBe(action);
    });
  });

  it('reads every entity of one message', () => {
    expect(extractEntities('beginner Finnish course in Helsinki on Saturday')).toEqual({
      city: 'helsinki',
      level: 'A1',
      slot: 'weekend',
    });
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['birmingham', 'birmingam', true],
    ['helsinki', 'helsniki', true],
    ['lisbon', 'lisbon', true],
    ['milano', 'milan', true],
    ['helsinki', 'helping', false],
    ['lisbon', 'london', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });
});
