import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoSaveStateMiddleware, MemoryStorage, UserState, type Activity, type TurnContext } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import {
  RecognitionDialog,
  type RecognitionDialogOptions,
  type RecognitionResult,
} from '../../dialogs/RecognitionDialog';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import type { UserProfile } from '../../src/bot/UserProfile';
import type { CityId, CountryCode } from '../../src/content/common';
import { loadRecognitionCatalog, RecognitionContentError } from '../../src/content/loadRecognition';
import { DOCUMENT_KINDS, type DocumentKind, type RecognitionCatalog } from '../../src/content/recognitionSchema';
import type { Handoff, HandoffRequest } from '../../src/handoff/HandoffRequest';
import { LANGUAGES } from '../../src/i18n/languages';
import { i18n } from '../helpers/testApp';

const catalog = loadRecognitionCatalog();

/** A Handoff that only remembers what it was asked. */
class RecordingHandoff implements Handoff {
  readonly requests: HandoffRequest[] = [];
  async request(_context: TurnContext, request: HandoffRequest): Promise<void> {
    this.requests.push(request);
  }
}

interface Conversation {
  client: DialogTestClient;
  handoff: RecordingHandoff;
  /** Sends what the person types; returns every reply of that turn. */
  say(text: string): Promise<Array<Partial<Activity>>>;
  /** The same, as the texts the person reads. */
  texts(text: string): Promise<string[]>;
}

async function conversation(options?: RecognitionDialogOptions, language = 'en', channelId = 'webchat'): Promise<Conversation> {
  const storage = new MemoryStorage();
  // The person chose their language earlier (LanguageDialog); the locale middleware reads it from the profile.
  await storage.write({ [`${channelId}/users/user1/`]: { profile: { language } satisfies UserProfile } });
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const handoff = new RecordingHandoff();
  const client = new DialogTestClient(channelId, new RecognitionDialog(catalog, handoff), options, [
    new LocaleMiddleware(i18n, profile),
    new AutoSaveStateMiddleware(userState),
  ]);
  const say = async (text: string): Promise<Array<Partial<Activity>>> => {
    const replies: Array<Partial<Activity>> = [];
    let reply = await client.sendActivity(text);
    while (reply !== undefined) {
      replies.push(reply);
      reply = client.getNextReply();
    }
    return replies;
  };
  return {
    client,
    handoff,
    say,
    // Right-to-left replies carry Unicode isolates around Latin runs (added by the locale middleware): compare without.
    texts: async (text) => (await say(text)).map((activity) => (activity.text ?? '').replace(/[\u2066-\u2069]/g, '')),
  };
}

const buttons = (activity: Partial<Activity> | undefined): string[] =>
  (activity?.suggestedActions?.actions ?? []).map((action) => String(action.title));

const result = (client: DialogTestClient): RecognitionResult | undefined => {
  expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  return client.dialogTurnResult.result as RecognitionResult | undefined;
};

const PROFESSION_EN = 'What is your job or your qualification? Write it in your own words. For example: nurse, electrician, civil engineer.';
const CITY_EN = 'In which city do you want to work?';
const OBTAINED_EN =
  'Where did you get this qualification? In a country of the European Union (EU) or the European Economic Area (EEA)? Or in another country?';
const LEVEL_EN = 'What is the level of your qualification?';
const DOCUMENTS_EN = 'Do you have your diploma and the other papers about your training? And translations of them?';
const OFFER_EN = 'Do you want to talk to an adviser about your qualification?';
const COUNTRY_EN: Record<CountryCode, string> = {
  GB: 'United Kingdom (England)',
  PT: 'Portugal',
  IT: 'Italy',
  FI: 'Finland',
};
const CITY_OF: Record<CountryCode, CityId> = { GB: 'birmingham', PT: 'lisbon', IT: 'milan', FI: 'helsinki' };

/** The checklist lines a person reads in English. */
const DOCUMENT_EN: Partial<Record<DocumentKind | 'language-certificate/en', string>> = {
  identity: 'Passport or identity card',
  'diploma-certified-copy': 'Certified copy of your diploma',
  transcript: 'List of your subjects and marks (transcript)',
  'good-standing': 'Letter from your home authority that you may work (certificate of good standing)',
  'proof-of-practice': 'Proof of your work experience',
  'language-certificate/en': 'Language certificate: English',
  'recognition-decision': 'Recognition decision for your diploma',
  'criminal-record': 'Criminal record certificate',
  'sworn-translation': 'Official (sworn) translation of your documents',
  legalisation: 'Legalisation or apostille of your documents',
  'driving-licence': 'Driving licence',
  cv: 'CV (your work and training history)',
};

function authorityUrl(data: RecognitionCatalog, country: CountryCode, officialName: string): string {
  const authority = data.countries.find((c) => c.code === country)?.authorities.find((a) => a.officialName === officialName);
  if (authority === undefined) throw new Error(`no authority "${officialName}" in ${country}`);
  return authority.url;
}

/** Walks the questions after the occupation and city: another country (EU countries only), bachelor, documents. */
async function answerQuestions(talk: Conversation, country: CountryCode, documents: string): Promise<string[]> {
  if (country === 'GB') {
    expect(await talk.texts('hi')).toEqual([LEVEL_EN]);
  } else {
    expect(await talk.texts('hi')).toEqual([OBTAINED_EN]);
    expect(await talk.texts('Another country')).toEqual([LEVEL_EN]);
  }
  expect(await talk.texts("Bachelor's degree")).toEqual([DOCUMENTS_EN]);
  return talk.texts(documents);
}

describe('RecognitionDialog: the answer for each country', () => {
  type Row = [CountryCode, string, string, string | null, Array<keyof typeof DOCUMENT_EN>];
  it.each<Row>([
    ['GB', 'nurse', 'nurse', 'Nursing and Midwifery Council (NMC)', ['identity', 'diploma-certified-copy', 'transcript', 'good-standing', 'proof-of-practice', 'language-certificate/en']],
    ['GB', 'doctor', 'doctor', 'General Medical Council (GMC)', ['identity', 'diploma-certified-copy', 'transcript', 'good-standing', 'proof-of-practice', 'language-certificate/en']],
    ['GB', 'lawyer', 'lawyer', 'Solicitors Regulation Authority (SRA)', ['identity', 'diploma-certified-copy', 'good-standing']],
    ['GB', 'civil-engineer', 'civil engineer', null, ['diploma-certified-copy', 'transcript', 'cv']],
    ['PT', 'nurse', 'nurse', 'Ordem dos Enfermeiros', ['identity', 'diploma-certified-copy', 'recognition-decision', 'criminal-record', 'sworn-translation', 'legalisation']],
    ['PT', 'civil-engineer', 'civil engineer', 'Ordem dos Engenheiros', ['identity', 'diploma-certified-copy', 'recognition-decision', 'criminal-record', 'sworn-translation', 'legalisation']],
    ['PT', 'lawyer', 'lawyer', 'Ordem dos Advogados', ['identity', 'diploma-certified-copy', 'recognition-decision', 'criminal-record', 'sworn-translation', 'legalisation']],
    ['PT', 'taxi-driver', 'taxi driver', 'Instituto da Mobilidade e dos Transportes (IMT)', ['identity', 'driving-licence', 'criminal-record']],
    ['IT', 'nurse', 'nurse', 'Ministero della Salute', ['identity', 'diploma-certified-copy', 'transcript', 'legalisation', 'sworn-translation', 'good-standing', 'proof-of-practice']],
    ['IT', 'civil-engineer', 'civil engineer', 'Ministero della Giustizia', ['identity', 'diploma-certified-copy', 'transcript', 'legalisation', 'sworn-translation', 'good-standing', 'proof-of-practice']],
    ['IT', 'primary-school-teacher', 'primary school teacher', "Ministero dell'Istruzione e del Merito (MIM)", ['identity', 'diploma-certified-copy', 'transcript', 'legalisation', 'sworn-translation', 'good-standing', 'proof-of-practice']],
    ['FI', 'nurse', 'nurse', 'Lupa- ja valvontavirasto (LVV)', ['identity', 'diploma-certified-copy', 'transcript', 'good-standing', 'proof-of-practice']],
    ['FI', 'primary-school-teacher', 'primary school teacher', 'Opetushallitus (OPH)', ['identity', 'diploma-certified-copy', 'transcript', 'sworn-translation']],
    ['FI', 'lawyer', 'lawyer', 'Suomen Asianajajaliitto', ['identity', 'diploma-certified-copy', 'recognition-decision', 'proof-of-practice']],
    ['FI', 'veterinarian', 'veterinarian', 'Ruokavirasto', ['identity', 'diploma-certified-copy', 'transcript', 'good-standing', 'proof-of-practice']],
  ])('%s, %s: the right authority and checklist', async (country, professionId, name, authority, documents) => {
    const talk = await conversation({ city: CITY_OF[country], professionId });
    const answer = await answerQuestions(talk, country, 'Yes, I have them');

    const verdict = authority === null
      ? `${COUNTRY_EN[country]} – ${name}: this job is not regulated. The employer decides if your qualification is enough. You can apply directly to employers.`
      : `${COUNTRY_EN[country]} – ${name}: this job is regulated. You need permission before you can work in it.`;
    expect(answer[0]).toBe(verdict);
    const whoDecides = answer.filter((text) => text.startsWith('Who decides:'));
    if (authority === null) {
      expect(whoDecides).toEqual([]);
    } else {
      const english = catalog.countries.find((c) => c.code === country)?.authorities.find((a) => a.officialName === authority)?.englishName ?? '';
      const gloss = authority.toLowerCase().includes(english.toLowerCase()) ? '' : ` (${english})`;
      expect(whoDecides).toEqual([`Who decides: ${authority}${gloss}\n${authorityUrl(catalog, country, authority)}`]);
    }
    const steps = answer.find((text) => text.startsWith('What to do:'));
    expect(steps).toMatch(/^What to do:\n1\. .+\n2\. /);
    const checklist = answer.find((text) => text.startsWith('Documents you may need:'));
    expect(checklist).toBe(['Documents you may need:', ...documents.map((kind, i) => `${i + 1}. ${DOCUMENT_EN[kind]}`)].join('\n'));
    expect(answer.at(-1)).toBe(OFFER_EN);
    for (const text of answer) expect(text.length).toBeLessThanOrEqual(1500);

    expect(await talk.texts('No')).toEqual(['OK. You can come back to this topic from the menu at any time.']);
    expect(result(talk.client)).toEqual({ professionId, city: CITY_OF[country], regulated: authority !== null, handedOff: false });
    expect(talk.handoff.requests).toEqual([]);
  });

  it.each<[CountryCode, string, RegExp]>([
    ['GB', 'primary-school-teacher', /^Cost: The Department for Education does not charge/],
    ['PT', 'taxi-driver', /^Cost: IMT states an exam registration fee of €80\.$/],
  ])('%s, %s: states the cost the source states, then the official page', async (country, professionId, cost) => {
    const talk = await conversation({ city: CITY_OF[country], professionId });
    const answer = await answerQuestions(talk, country, 'Yes, I have them');
    const index = answer.findIndex((text) => cost.test(text));
    expect(index).toBeGreaterThan(0);
    expect(answer[index + 1]).toMatch(/^Official page: https:\/\//);
    expect(answer.some((text) => text.startsWith('The official page has the current fees'))).toBe(false);
  });

  it('without a cost in the data, sends the person to the official page for fees and times', async () => {
    const talk = await conversation({ city: 'birmingham', professionId: 'nurse' });
    const answer = await answerQuestions(talk, 'GB', 'Yes, I have them');
    const route = catalog.professions.find((p) => p.id === 'nurse')?.routes.GB;
    expect(answer).toContain(`The official page has the current fees and times: ${route?.sourceUrl ?? 'missing'}`);
    expect(answer.some((text) => /^(Cost|Time):/.test(text))).toBe(false);
  });

  it('tells a person with an EU qualification that EU rules may make it simpler (EU countries only)', async () => {
    const talk = await conversation({ city: 'lisbon', professionId: 'nurse' });
    expect(await talk.texts('hi')).toEqual([OBTAINED_EN]);
    await talk.texts('EU or EEA country');
    await talk.texts('Master');
    const answer = await talk.texts('Some of them');
    expect(answer).toContain(
      'Your qualification is from the EU or EEA. EU rules can make recognition simpler for you, and some steps may be different. Ask the authority what applies to you.',
    );
    expect(answer).toContain('Some documents are missing? Tell the office that checks your qualification. Ask what you can use instead.');
    expect(talk.handoff.requests).toEqual([]);
  });
});

describe('RecognitionDialog: the occupation in free text', () => {
  it('takes a confident match with a typo and says what it understood', async () => {
    const talk = await conversation();
    expect(await talk.texts('hi')).toEqual([PROFESSION_EN]);
    const replies = await talk.say('nurce');
    expect(replies.map((r) => r.text)).toEqual(['OK: nurse.', CITY_EN]);
    expect(buttons(replies[1])).toEqual(['Birmingham', 'Lisbon', 'Milan', 'Helsinki']);
    expect(await talk.texts('Helsinki')).toEqual([OBTAINED_EN]);
  });

  it('offers the three closest and "Not in the list" when unsure, and takes the one chosen', async () => {
    const talk = await conversation();
    await talk.texts('hi');
    const [choose] = await talk.say('engeneer');
    expect(choose?.text).toBe('I am not sure I understood. Is it one of these?');
    const offered = buttons(choose);
    expect(offered).toHaveLength(4);
    expect(offered[0]).toBe('civil engineer');
    expect(offered.slice(0, 3).every((label) => /engineer/.test(label))).toBe(true);
    expect(offered[3]).toBe('Not in the list');
    expect(await talk.texts('1')).toEqual([CITY_EN]);
    expect(await talk.texts('Lisbon')).toEqual([OBTAINED_EN]);
    await talk.texts('Another country');
    await talk.texts('Bachelor');
    const answer = await talk.texts('Yes');
    expect(answer[0]).toBe('Portugal – civil engineer: this job is regulated. You need permission before you can work in it.');
  });

  it('"Not in the list" gives the general route: comparability centre and applying directly to employers', async () => {
    const talk = await conversation();
    await talk.texts('hi');
    await talk.texts('engeneer');
    expect(await talk.texts('Not in the list')).toEqual([CITY_EN]);
    await talk.texts('Helsinki');
    await talk.texts('Another country');
    await talk.texts('Vocational training');
    const answer = await talk.texts('No');
    const finland = catalog.countries.find((c) => c.code === 'FI');
    expect(answer[0]).toBe('General information for this country: Finland.');
    expect(answer[1]).toBe(
      `Who compares qualifications from other countries: Opetushallitus (OPH) (Finnish National Agency for Education)\n${finland?.comparabilityCentre.whatItDoes.en ?? ''}\n${finland?.comparabilityCentre.url ?? ''}`,
    );
    expect(answer).toContain(`For school and vocational qualifications:\n${finland?.schoolAndVocationalRoute.text.en ?? ''}\n${finland?.schoolAndVocationalRoute.url ?? ''}`);
    expect(answer).toContain(
      'Many jobs are not regulated. For these jobs you can apply directly to employers. The employer decides if your qualification is enough.',
    );
    expect(answer).toContain(`If you do not have your documents:\n${finland?.withoutDocuments.text.en ?? ''}\n${finland?.withoutDocuments.url ?? ''}`);
    expect(answer.at(-1)).toBe(OFFER_EN);
    // Nobody knows whether the job is regulated: no automatic handoff.
    expect(talk.handoff.requests).toEqual([]);
    await talk.texts('No');
    expect(result(talk.client)).toEqual({ city: 'helsinki', handedOff: false });
  });

  it('lists the candidates as numbered text where buttons cannot be shown (SMS)', async () => {
    const talk = await conversation(undefined, 'en', 'sms');
    await talk.texts('hi');
    const [choose] = await talk.say('engeneer');
    expect(choose?.suggestedActions).toBeUndefined();
    expect(choose?.text).toMatch(/^I am not sure I understood\. Is it one of these\?\n\n1\. civil engineer\n2\. .+\n3\. .+\n4\. Not in the list$/);
  });
});

describe('RecognitionDialog: what the caller already knows', () => {
  it('skips the occupation and city questions when they are given (e.g. "nursing diploma recognised in Lisbon")', async () => {
    const talk = await conversation({ city: 'lisbon', professionText: 'nursing diploma' });
    expect(await talk.texts('nursing diploma recognised in Lisbon')).toEqual(['OK: nurse.', OBTAINED_EN]);
  });

  it('skips only the occupation when an id is given, and asks the city', async () => {
    const talk = await conversation({ professionId: 'electrician' });
    expect(await talk.texts('hi')).toEqual([CITY_EN]);
  });

  it('asks the occupation when the id given is not in the catalogue', async () => {
    const talk = await conversation({ professionId: 'astronaut', city: 'milan' });
    expect(await talk.texts('hi')).toEqual([PROFESSION_EN]);
    expect(await talk.texts('infermiera')).toEqual(['OK: nurse.', OBTAINED_EN]);
  });

  it('refuses options that are not a city it knows', async () => {
    const talk = await conversation({ city: 'paris' } as unknown as RecognitionDialogOptions);
    await expect(talk.say('hi')).rejects.toThrow(/invalid RecognitionDialog options/);
  });
});

describe('RecognitionDialog: handing over to a person', () => {
  it('a regulated health job without documents: the route for people without documents, then an adviser with a summary', async () => {
    const talk = await conversation();
    await talk.texts('hi');
    expect(await talk.texts('nurse')).toEqual(['OK: nurse.', CITY_EN]);
    expect(await talk.texts('Milan')).toEqual([OBTAINED_EN]);
    expect(await talk.texts('Another country')).toEqual([LEVEL_EN]);
    expect(await talk.texts("Bachelor's degree")).toEqual([DOCUMENTS_EN]);
    const italy = catalog.countries.find((c) => c.code === 'IT');
    expect(await talk.texts('No')).toEqual([
      'Italy – nurse: this job is regulated. You need permission before you can work in it.',
      `Who decides: Ministero della Salute (Ministry of Health)\n${authorityUrl(catalog, 'IT', 'Ministero della Salute')}`,
      `If you do not have your documents:\n${italy?.withoutDocuments.text.en ?? ''}\n${italy?.withoutDocuments.url ?? ''}`,
      'For this job, missing documents need help from a person. I will connect you with an adviser.',
    ]);
    expect(talk.handoff.requests).toEqual([
      {
        topic: 'recognition',
        reason: 'regulated-health-or-law-without-documents',
        city: 'milan',
        summary: {
          profession: 'nurse',
          city: 'milan',
          obtained: 'outside the EU/EEA',
          level: 'bachelor',
          documents: 'has none',
          regulated: 'yes',
        },
      },
    ]);
    expect(result(talk.client)).toEqual({ professionId: 'nurse', city: 'milan', regulated: true, handedOff: true });
  });

  it('any other regulated job without documents is handed over too', async () => {
    const talk = await conversation({ city: 'lisbon', professionId: 'civil-engineer' });
    const answer = await answerQuestions(talk, 'PT', 'No');
    expect(answer.at(-1)).toBe('For this job, missing documents need help from a person. I will connect you with an adviser.');
    expect(talk.handoff.requests.map((r) => r.reason)).toEqual(['regulated-without-documents']);
  });

  it('a job that is not regulated, without documents, is not handed over automatically', async () => {
    const talk = await conversation({ city: 'birmingham', professionId: 'civil-engineer' });
    const answer = await answerQuestions(talk, 'GB', 'No');
    expect(answer.at(-1)).toBe(OFFER_EN);
    expect(talk.handoff.requests).toEqual([]);
  });

  it('"I don\'t know" on two questions in a row hands over with what is known so far', async () => {
    const talk = await conversation({ city: 'birmingham', professionId: 'nurse' });
    expect(await talk.texts('hi')).toEqual([LEVEL_EN]);
    expect(await talk.texts("I don't know")).toEqual([DOCUMENTS_EN]);
    expect(await talk.texts('not sure')).toEqual(['It is OK not to know. An adviser can help you find out.']);
    expect(talk.handoff.requests).toEqual([
      {
        topic: 'recognition',
        reason: 'does-not-know',
        city: 'birmingham',
        summary: {
          profession: 'nurse',
          city: 'birmingham',
          obtained: 'not asked',
          level: "doesn't know",
          documents: "doesn't know",
          regulated: 'yes',
        },
      },
    ]);
    expect(result(talk.client)).toEqual({ professionId: 'nurse', city: 'birmingham', regulated: true, handedOff: true });
  });

  it('hands over as soon as the second "I don\'t know" comes, before the documents question', async () => {
    const talk = await conversation({ city: 'helsinki', professionId: 'cook' });
    await talk.texts('hi');
    expect(await talk.texts("I don't know")).toEqual([LEVEL_EN]);
    expect(await talk.texts("I don't know")).toEqual(['It is OK not to know. An adviser can help you find out.']);
    expect(talk.handoff.requests[0]?.summary).toEqual({
      profession: 'cook',
      city: 'helsinki',
      obtained: "doesn't know",
      level: "doesn't know",
      documents: 'not asked',
      regulated: 'no',
    });
  });

  it('"I don\'t know" twice but not in a row is not a reason to hand over', async () => {
    const talk = await conversation({ city: 'helsinki', professionId: 'cook' });
    await talk.texts('hi');
    await talk.texts("I don't know");
    await talk.texts('School');
    const answer = await talk.texts("I don't know");
    expect(answer.at(-1)).toBe(OFFER_EN);
    expect(talk.handoff.requests).toEqual([]);
  });

  it('hands over when the person accepts the adviser, with the occupation they typed when it was not in the list', async () => {
    const talk = await conversation({ city: 'birmingham' });
    await talk.texts('hi');
    await talk.texts('astronaut');
    await talk.texts('Not in the list');
    await talk.texts('Doctorate (PhD)');
    const answer = await talk.texts('Yes, I have them');
    expect(answer.at(-1)).toBe(OFFER_EN);
    expect(await talk.texts('yes')).toEqual([]);
    expect(talk.handoff.requests).toEqual([
      {
        topic: 'recognition',
        reason: 'asked',
        city: 'birmingham',
        summary: {
          profession: 'not in the list',
          professionAsTyped: 'astronaut',
          city: 'birmingham',
          obtained: 'not asked',
          level: 'doctorate',
          documents: 'has them',
        },
      },
    ]);
    expect(result(talk.client)).toEqual({ city: 'birmingham', handedOff: true });
  });
});

describe('RecognitionDialog in other languages', () => {
  it('a whole flow in Arabic: typo in Arabic script, Lisbon, no documents → adviser', async () => {
    const talk = await conversation(undefined, 'ar');
    expect(await talk.texts('مرحبا')).toEqual(['ما هي مهنتك أو شهادتك؟ اكتبها بكلماتك. مثلاً: ممرضة، كهربائي، مهندس مدني.']);
    expect(await talk.texts('ممرضه')).toEqual(['حسنًا: ممرضة.', 'في أي مدينة تريد أن تعمل؟']);
    const [obtained] = await talk.say('لشبونة');
    expect(obtained?.text?.replace(/[\u2066-\u2069]/g, '')).toBe('أين حصلت على هذه الشهادة؟ في بلد من الاتحاد الأوروبي (EU) أو المنطقة الاقتصادية الأوروبية (EEA)؟ أم في بلد آخر؟');
    expect(buttons(obtained)).toEqual(['الاتحاد الأوروبي', 'بلد آخر', 'لا أعرف']);
    expect(await talk.texts('بلد آخر')).toEqual(['ما هو مستوى شهادتك؟']);
    expect(await talk.texts('بكالوريوس')).toEqual(['هل عندك شهادتك والأوراق الأخرى عن دراستك؟ وهل عندك ترجمتها؟']);
    const portugal = catalog.countries.find((c) => c.code === 'PT');
    expect(await talk.texts('لا')).toEqual([
      'البرتغال – ممرضة: هذه المهنة منظَّمة. تحتاج إلى إذن قبل أن تبدأ العمل.',
      `الجهة التي تقرّر: Ordem dos Enfermeiros (Order of Nurses)\n${authorityUrl(catalog, 'PT', 'Ordem dos Enfermeiros')}`,
      `إذا لم تكن وثائقك معك:\n${portugal?.withoutDocuments.text['ar'] ?? 'missing'}\n${portugal?.withoutDocuments.url ?? ''}`,
      'في هذه المهنة، إذا كانت الوثائق ناقصة تحتاج إلى مساعدة شخص. سأوصلك بمستشار.',
    ]);
    expect(talk.handoff.requests[0]).toMatchObject({
      topic: 'recognition',
      reason: 'regulated-health-or-law-without-documents',
      summary: { profession: 'nurse', city: 'lisbon', obtained: 'outside the EU/EEA', level: 'bachelor', documents: 'has none' },
    });
  });

  it('a whole flow in Portuguese, answered without accents and in free words', async () => {
    const talk = await conversation(undefined, 'pt');
    await talk.texts('olá');
    expect(await talk.texts('enfermagem')).toEqual(['Está bem: enfermeiro.', 'Em que cidade quer trabalhar?']);
    await talk.texts('milao');
    expect(await talk.texts('outro pais')).toEqual(['Qual é o nível da sua qualificação?']);
    await talk.texts('licenciatura');
    const answer = await talk.texts('sim');
    const nurseIt = catalog.professions.find((p) => p.id === 'nurse')?.routes.IT;
    expect(answer[0]).toBe('Itália – enfermeiro: esta profissão é regulamentada. Precisa de autorização antes de começar a trabalhar.');
    expect(answer[1]).toBe(`Quem decide: Ministero della Salute (Ministry of Health)\n${authorityUrl(catalog, 'IT', 'Ministero della Salute')}`);
    expect(answer[2]).toBe(`O que fazer:\n1. ${nurseIt?.steps[0]?.['pt'] ?? 'missing'}\n2. ${nurseIt?.steps[1]?.['pt'] ?? 'missing'}`.concat(
      (nurseIt?.steps ?? []).slice(2).map((s, i) => `\n${i + 3}. ${s['pt'] ?? 'missing'}`).join(''),
    ));
    expect(answer[3]).toMatch(/^Documentos que podem pedir:\n1\. Passaporte ou documento de identidade\n2\. Cópia certificada do seu diploma\n/);
    expect(answer).toContain(`A página oficial tem os custos e os prazos atuais: ${nurseIt?.sourceUrl ?? ''}`);
    expect(answer.at(-1)).toBe('Quer falar com um técnico de apoio sobre a sua qualificação?');
    expect(answer.some((text) => text === 'Esta informação só existe em inglês.')).toBe(false);
    expect(await talk.texts('não')).toEqual(['Está bem. Pode voltar a este tema a qualquer momento, a partir do menu.']);
    expect(result(talk.client)).toEqual({ professionId: 'nurse', city: 'milan', regulated: true, handedOff: false });
  });

  it('says once, before the first English-only text, that it is only in English (Tigrinya)', async () => {
    const talk = await conversation({ city: 'helsinki', professionId: 'nurse' }, 'ti');
    await talk.texts('ሰላም');
    await talk.texts('ካልእ ሃገር');
    await talk.texts('ቀዳማይ ዲግሪ');
    const answer = await talk.texts('እወ');
    const note = 'እዚ ሓበሬታ ብእንግሊዝኛ ጥራይ እዩ ዘሎ።';
    expect(answer.filter((text) => text === note)).toHaveLength(1);
    const steps = answer.findIndex((text) => text.startsWith('እንታይ ክትገብሩ ኣለኩም፦'));
    expect(answer.indexOf(note)).toBe(steps - 1);
    const nurseFi = catalog.professions.find((p) => p.id === 'nurse')?.routes.FI;
    expect(answer[steps]).toContain(nurseFi?.steps[0]?.en ?? 'missing');
    expect(answer[0]).toBe('ፊንላንድ – ነርስ፦ እዚ ሞያ ብሕጊ ዝቆጻጸር እዩ። ቅድሚ ስራሕ ምጅማርኩም ፍቓድ የድልየኩም።');
  });
});

describe('recognition texts', () => {
  const LABEL_KEYS = [
    'profession.notInList',
    'city.birmingham',
    'city.lisbon',
    'city.milan',
    'city.helsinki',
    'obtained.eu',
    'obtained.other',
    'level.school',
    'level.vocational',
    'level.bachelor',
    'level.master',
    'level.doctorate',
    'haveDocuments.yes',
    'haveDocuments.some',
    'haveDocuments.no',
    'dontKnow.label',
  ];

  it.each(LANGUAGES.map((l) => l.code))('%s: every answer button fits in 20 characters, so channels show buttons', (lng) => {
    const t = i18n.getFixedT(lng);
    const tooLong = LABEL_KEYS.map((key) => t(`recognition:${key}`)).filter((label) => label.length > 20 || label.startsWith('recognition:'));
    expect(tooLong).toEqual([]);
  });

  it.each(LANGUAGES.map((l) => l.code))('%s: names every document kind the data can ask for', (lng) => {
    const t = i18n.getFixedT(lng);
    const missing = DOCUMENT_KINDS.filter((kind) => t(`recognition:documents.${kind}`) === `documents.${kind}`);
    expect(missing).toEqual([]);
    const english = i18n.getFixedT('en');
    if (lng !== 'en') expect(t('recognition:documents.sworn-translation')).not.toBe(english('recognition:documents.sworn-translation'));
  });
});

describe('the recognition content loader', () => {
  const tempDirs: string[] = [];
  afterEach(() => {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempData(countries: string, professions: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recognition-data-'));
    tempDirs.push(dir);
    fs.mkdirSync(path.join(dir, 'recognition'));
    fs.writeFileSync(path.join(dir, 'recognition', 'countries.json'), countries);
    fs.writeFileSync(path.join(dir, 'recognition', 'professions.json'), professions);
    return dir;
  }

  it('reads and checks the files once, then gives the same catalogue', () => {
    expect(loadRecognitionCatalog()).toBe(catalog);
    expect(catalog.countries.map((c) => c.code).sort()).toEqual(['FI', 'GB', 'IT', 'PT']);
  });

  it('fails with a RecognitionContentError, keeping the cause, on a file that is not JSON', () => {
    const dir = tempData('{ not json', '{}');
    expect(() => loadRecognitionCatalog(dir)).toThrow(RecognitionContentError);
    try {
      loadRecognitionCatalog(dir);
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('fails with a RecognitionContentError on content that breaks the schema', () => {
    const dir = tempData(JSON.stringify({ countries: [] }), JSON.stringify({ professions: [] }));
    expect(() => loadRecognitionCatalog(dir)).toThrow(/recognition content .* is invalid/);
  });

  it('the dialog refuses a catalogue that lacks one of the four countries', () => {
    const partial: RecognitionCatalog = { ...catalog, countries: catalog.countries.filter((c) => c.code !== 'FI') };
    expect(() => new RecognitionDialog(partial, new RecordingHandoff())).toThrow(/no country FI/);
  });
});
