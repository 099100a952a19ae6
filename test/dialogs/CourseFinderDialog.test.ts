import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AutoSaveStateMiddleware,
  MemoryStorage,
  UserState,
  type Activity,
  type HeroCard,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import {
  CITY_LANGUAGE,
  CourseFinderDialog,
  type CourseFinderOptions,
  type CourseFinderResult,
} from '../../dialogs/CourseFinderDialog';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import type { UserProfile } from '../../src/bot/UserProfile';
import { CITY_IDS, LANGUAGE_CODES, type CityId } from '../../src/content/common';
import { CourseCatalogueSchema, type CourseProgramme } from '../../src/content/coursesSchema';
import { CourseDataError, loadCourses } from '../../src/content/loadCourses';
import type { Handoff, HandoffRequest } from '../../src/handoff/HandoffRequest';
import { rankCourses, type CourseQuery } from '../../src/matching/rankCourses';
import { i18n } from '../helpers/testApp';

const ROOT = path.join(__dirname, '..', '..');
/** The content the city ships (data/courses), read and validated the way the bot does. */
const real = loadCourses(path.join(ROOT, 'data')).programmes;
/** Test-only programmes (test/fixtures/courses.json): Lisbon and Milan only, English texts only. */
const fixtures: CourseProgramme[] = CourseCatalogueSchema.parse(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'courses.json'), 'utf8')),
);

const HERO = 'application/vnd.microsoft.card.hero';

class RecordingHandoff implements Handoff {
  readonly calls: HandoffRequest[] = [];
  async request(_context: TurnContext, request: HandoffRequest): Promise<void> {
    this.calls.push(request);
  }
}

interface Harness {
  client: DialogTestClient;
  handoff: RecordingHandoff;
}

/** The dialog behind the locale middleware, for a person whose chosen language is `lng`. */
interface HarnessOptions {
  channelId?: string;
  options?: CourseFinderOptions;
  lng?: string;
}

function harness(
  programmes: readonly CourseProgramme[],
  { channelId = 'webchat', options, lng = 'en' }: HarnessOptions = {},
): Harness {
  const userState = new UserState(new MemoryStorage());
  const profile = userState.createProperty<UserProfile>('profile');
  const chosenLanguage: Middleware = {
    onTurn: async (context, next) => {
      const current = await profile.get(context, {});
      if (current.language === undefined) await profile.set(context, { ...current, language: lng });
      await next();
    },
  };
  const handoff = new RecordingHandoff();
  const client = new DialogTestClient(channelId, new CourseFinderDialog(programmes, handoff), options, [
    chosenLanguage,
    new LocaleMiddleware(i18n, profile),
    new AutoSaveStateMiddleware(userState),
  ]);
  return { client, handoff };
}

/** Everything the bot says in reply to one message. */
async function say(client: DialogTestClient, text: string): Promise<Array<Partial<Activity>>> {
  const replies: Array<Partial<Activity>> = [];
  let reply = await client.sendActivity(text);
  while (reply !== undefined) {
    replies.push(reply);
    reply = client.getNextReply();
  }
  return replies;
}

function heroOf(activity: Partial<Activity> | undefined): HeroCard | undefined {
  const attachment = activity?.attachments?.[0];
  return attachment?.contentType === HERO ? (attachment.content as HeroCard) : undefined;
}

/** A reply as a person sees it: the text, or "[card] title" for a hero card. */
function seen(activity: Partial<Activity>): string {
  const hero = heroOf(activity);
  return hero ? `[card] ${hero.title ?? ''}` : (activity.text ?? '');
}

type Expected = string | RegExp;
type Step = [said: string, replies: Expected[]];

/** Plays a transcript: each message and exactly the replies expected, in order. */
async function play(client: DialogTestClient, steps: readonly Step[]): Promise<void> {
  for (const [said, expected] of steps) {
    const replies = (await say(client, said)).map(seen);
    expect({ said, replies }).toEqual({
      said,
      replies: expected.map((pattern) => (typeof pattern === 'string' ? pattern : expect.stringMatching(pattern))),
    });
  }
}

function resultOf(client: DialogTestClient): CourseFinderResult {
  expect(client.dialogTurnResult.status).toBe('complete');
  return client.dialogTurnResult.result as CourseFinderResult;
}

const byId = (programmes: readonly CourseProgramme[], id: string): CourseProgramme => {
  const found = programmes.find((programme) => programme.id === id);
  if (found === undefined) throw new Error(`programme ${id} missing`);
  return found;
};

const buttonsOf = (activity: Partial<Activity> | undefined): string[] =>
  (activity?.suggestedActions?.actions ?? []).map((action) => String(action.title));

const CITY_PROMPT = 'In which city do you want to learn the language?';
const LEVEL_INTRO = (language: string): string =>
  `Now I will ask a few short questions to find your level. The questions are about this language: ${language}.`;
const Q_SCRIPT = 'Can you read and write the letters of this language? For example: a, b, c.';
const Q_INTRODUCE = 'Can you say your name and where you come from in this language?';
const Q_NOTICE = /^Can you read a short notice in this language\?/;
const Q_WORK = /^Can you follow a conversation at work in this language\?/;
const TIME = 'When can you go to class?';
const PLACE = 'Where do you want to learn?';
const DISTRICT = 'Which district or area? Please type its name.';
const FREE = 'Do you want only free courses?';
const CHILDCARE = 'Do you need childcare during the class?';
const GOAL = 'Why do you want to learn the language?';
const NEXT = 'What do you want to do now?';

describe('CourseFinderDialog: a transcript per city, from the level questions to the cards', () => {
  interface CityCase {
    city: CityId;
    cityLabel: string;
    /** The level questions and answers, and what the bot says once the level is decided. */
    level: Step[];
    levelSaid: string;
    answers: Step[];
    query: CourseQuery;
  }

  const cases: CityCase[] = [
    {
      city: 'birmingham',
      cityLabel: 'Birmingham',
      level: [
        ['Yes', [Q_INTRODUCE]],
        ['Yes', [Q_NOTICE]],
      ],
      levelSaid: 'Thank you. Your level is about A1. The school will check your level when you enrol.',
      answers: [
        ['Mornings', [PLACE]],
        ['Anywhere', [FREE]],
        ['No', [CHILDCARE]],
        ['No', [GOAL]],
      ],
      query: {
        city: 'birmingham',
        targetLanguage: 'en',
        level: 'A1',
        slots: ['morning'],
        freeOnly: false,
        needsChildcare: false,
        goal: 'everyday',
      },
    },
    {
      city: 'lisbon',
      cityLabel: 'Lisbon',
      level: [
        ['yes', [Q_INTRODUCE]],
        ['yes', [Q_NOTICE]],
        ['yes', [Q_WORK]],
      ],
      levelSaid: 'Thank you. Your level is about A2. The school will check your level when you enrol.',
      answers: [
        ['Evenings', [PLACE]],
        ['Anywhere', [FREE]],
        ['Yes', [CHILDCARE]],
        ['No', [GOAL]],
      ],
      query: {
        city: 'lisbon',
        targetLanguage: 'pt',
        level: 'A2',
        slots: ['evening'],
        freeOnly: true,
        needsChildcare: false,
        goal: 'citizenship',
      },
    },
    {
      city: 'milan',
      cityLabel: 'Milan',
      level: [],
      levelSaid: 'Thank you. I will look for courses that also teach reading and writing.',
      answers: [
        ['Any time', [PLACE]],
        ['In my area', [DISTRICT]],
        ['Municipio 2', [FREE]],
        ['Yes', [CHILDCARE]],
        ['Yes', [GOAL]],
      ],
      query: {
        city: 'milan',
        targetLanguage: 'it',
        level: 'literacy',
        slots: [],
        district: 'Municipio 2',
        freeOnly: true,
        needsChildcare: true,
        goal: 'everyday',
      },
    },
    {
      city: 'helsinki',
      cityLabel: 'Helsinki',
      level: [
        ['Yes', [Q_INTRODUCE]],
        ['Yes', [Q_NOTICE]],
      ],
      levelSaid: 'OK. I will look for courses of all levels. The school can check your level.',
      answers: [
        ['Any time', [PLACE]],
        ['Anywhere', [FREE]],
        ['No', [CHILDCARE]],
        ['No', [GOAL]],
      ],
      query: { city: 'helsinki', targetLanguage: 'fi', slots: [], freeOnly: false, needsChildcare: false, goal: 'work' },
    },
  ];
  const goalLabel: Record<string, string> = {
    everyday: 'Everyday life',
    work: 'Work',
    citizenship: 'Citizenship test',
    profession: 'My profession',
  };
  const languageName: Record<CityId, string> = {
    birmingham: 'English',
    lisbon: 'Portuguese',
    milan: 'Italian',
    helsinki: 'Finnish',
  };
  // The answer that decides the level: "no" (to the letters, for Milan), or "I don't know" (Helsinki).
  const decidingAnswer: Record<CityId, string> = { birmingham: 'No', lisbon: 'No', milan: 'No', helsinki: "I don't know" };

  it.each(cases)('$cityLabel', async ({ city, cityLabel, level, levelSaid, answers, query }) => {
    const expected = rankCourses(real, query).matches.slice(0, 3).map((match) => match.programme);
    expect(expected.length).toBeGreaterThan(0);
    const { client, handoff } = harness(real);

    await play(client, [
      ['hi', [CITY_PROMPT]],
      [cityLabel, [LEVEL_INTRO(languageName[city]), Q_SCRIPT]],
      ...level,
      [decidingAnswer[city], [levelSaid, TIME]],
      ...answers,
    ]);

    const replies = await say(client, goalLabel[query.goal ?? 'everyday'] ?? '');
    const total = rankCourses(real, query).matches.length;
    expect(replies.map(seen)).toEqual([
      `Courses that fit: ${total}. The best ones come first.`,
      ...expected.map((programme) => `[card] ${programme.name.en}`),
      NEXT,
    ]);
    // Every card says why it fits, who pays and how to enrol, and links the enrolment page when the record has one.
    for (const [index, programme] of expected.entries()) {
      const card = heroOf(replies[index + 1]);
      expect(card?.subtitle).toBe(programme.provider);
      expect(card?.text).toMatch(/^(Why it fits: .+\.|It is a course in .+\.)\n\n/);
      expect(card?.text).toMatch(/\n\nCost: /);
      expect(card?.text).toContain(`How to enrol: ${programme.enrol.how.en}`);
      const enrol = card?.buttons?.find((button) => button.title === 'Enrol');
      if (programme.enrol.url === null) expect(enrol).toBeUndefined();
      else expect(enrol).toMatchObject({ type: 'openUrl', value: programme.enrol.url });
      const costUrl = programme.cost.sourceUrl;
      if (costUrl !== undefined && costUrl !== programme.sourceUrl && costUrl !== programme.enrol.url) {
        expect(card?.buttons).toContainEqual({ type: 'openUrl', title: 'About the cost', value: costUrl });
      }
    }
    expect(buttonsOf(replies[replies.length - 1])).toEqual(
      total > 3 ? ['More courses', 'Talk to a person', 'I am done'] : ['Talk to a person', 'I am done'],
    );

    await play(client, [['I am done', ['Good luck with your course!']]]);
    expect(resultOf(client)).toEqual({ shown: expected.map((programme) => programme.id), handedOff: false });
    expect(handoff.calls).toEqual([]);
  });

  it('says why in words from the reasons, and what the source does not say', async () => {
    const { client } = harness(real, { options: { city: 'milan', level: 'literacy', slot: 'any' } });
    await play(client, [
      ['hi', [PLACE]],
      ['In my area', [DISTRICT]],
      ['Municipio 2', [FREE]],
      ['Yes', [CHILDCARE]],
      ['Yes', [GOAL]],
    ]);
    const replies = await say(client, 'Citizenship test');
    const card = heroOf(replies[1]);
    expect(card?.text).toContain('Why it fits: reading and writing, free, for the citizenship test.');
    expect(card?.text).toContain('Cost: free. The source says so.');
    expect(card?.text).toContain('The source does not say: the place, childcare. Ask the provider.');
  });
});

describe('CourseFinderDialog: more results, and what an unknown fact sounds like', () => {
  const start: Step[] = [
    ['hi', [PLACE]],
    ['In my area', [DISTRICT]],
    ['Sé', [FREE]],
    ['No', [CHILDCARE]],
    ['No', [GOAL]],
  ];
  const options: CourseFinderOptions = { city: 'lisbon', level: 'A2', slot: 'evening' };

  it('"More" shows the next three, then hands over with everything shown in the summary', async () => {
    const { client, handoff } = harness(fixtures, { options });
    await play(client, start);
    const first = await say(client, 'Everyday life');
    expect(first.map(seen)).toEqual([
      'Courses that fit: 6. The best ones come first.',
      '[card] Fixture fx-lisbon-evening-free',
      '[card] Fixture fx-lisbon-tie-a',
      '[card] Fixture fx-lisbon-tie-b',
      NEXT,
    ]);
    expect(heroOf(first[1])?.text).toContain('Why it fits: level A2, evenings, near Sé, free, for everyday life.');
    expect(buttonsOf(first[4])).toEqual(['More courses', 'Talk to a person', 'I am done']);

    const more = await say(client, 'More courses');
    expect(more.map(seen)).toEqual([
      'More courses:',
      '[card] Fixture fx-lisbon-tie-c',
      '[card] Fixture fx-lisbon-paid-evening-se',
      '[card] Fixture fx-lisbon-online-unknown',
      NEXT,
    ]);
    expect(heroOf(more[2])?.text).toContain('Cost: you pay. The source does not say how much; ask the provider.');
    const unknown = heroOf(more[3])?.text ?? '';
    expect(unknown).toContain('Why it fits: level A2, online, for everyday life.');
    expect(unknown).toContain('Cost: the source does not say; ask the provider.');
    expect(unknown).toContain('The source does not say: the times. Ask the provider.');
    expect(buttonsOf(more[4])).toEqual(['Talk to a person', 'I am done']);

    // The person's words (the district) reach the adviser; nothing more is said here: the hand-over speaks.
    expect(await say(client, 'Talk to a person')).toEqual([]);
    const shown = [
      'fx-lisbon-evening-free',
      'fx-lisbon-tie-a',
      'fx-lisbon-tie-b',
      'fx-lisbon-tie-c',
      'fx-lisbon-paid-evening-se',
      'fx-lisbon-online-unknown',
    ];
    expect(resultOf(client)).toEqual({ shown, handedOff: true });
    expect(handoff.calls).toEqual([
      {
        topic: 'courses',
        reason: 'asked',
        city: 'lisbon',
        summary: {
          Audience: 'newcomer',
          City: 'lisbon',
          'Level (estimate)': 'A2',
          Time: 'evening',
          Place: 'district',
          District: 'Sé',
          'Free courses only': 'no',
          'Needs childcare': 'no',
          Goal: 'everyday',
          'Courses shown': shown.join(', '),
        },
      },
    ]);
  });

  it('says "only in English" once, before the first card, for content that has no translation', async () => {
    const { client } = harness(fixtures, { options, lng: 'pt' });
    await play(client, [
      ['olá', ['Onde quer aprender?']],
      ['Na minha zona', ['Que bairro ou zona? Escreva o nome.']],
      ['Sé', ['Quer só cursos gratuitos?']],
      ['Não', [/^Precisa de alguém para cuidar/]],
      ['Não', ['Para que quer aprender a língua?']],
    ]);
    const first = (await say(client, 'Dia a dia')).map(seen);
    expect(first.slice(0, 3)).toEqual([
      'Cursos que servem: 6. Os melhores vêm primeiro.',
      'Esta informação só existe em inglês.',
      '[card] Fixture fx-lisbon-evening-free',
    ]);
    const more = (await say(client, 'Mais cursos')).map(seen);
    expect(more[0]).toBe('Mais cursos:');
    expect(more).not.toContain('Esta informação só existe em inglês.');
  });
});

describe('CourseFinderDialog: every answer reaches the search', () => {
  it.each<[string, CourseFinderOptions, string[], string[], string[]]>([
    [
      'free only: no paid course, none whose cost the source does not state',
      { city: 'lisbon', level: 'A1', slot: 'evening' },
      ['In my area', 'Sé', 'Yes', 'No'],
      ['fx-lisbon-evening-free'],
      [],
    ],
    [
      'childcare: no course whose source rules it out; "not stated" is said',
      { city: 'lisbon', level: 'A2', slot: 'afternoon' },
      ['Anywhere', 'No', 'Yes'],
      ['fx-lisbon-online-unknown'],
      ['The source does not say: the times, childcare. Ask the provider.'],
    ],
    [
      'online: only courses the source says can be followed online',
      { city: 'lisbon', level: 'A1', slot: 'evening' },
      ['Online', 'No', 'No'],
      ['fx-lisbon-online-unknown'],
      ['Why it fits: level A1, online, for everyday life.'],
    ],
  ])('%s', async (_name, options, answers, ids, phrases) => {
    const { client } = harness(fixtures, { options });
    await say(client, 'hi');
    for (const said of answers) await say(client, said);
    const replies = await say(client, 'Everyday life');
    expect(replies.map(seen)).toEqual([
      `Courses that fit: ${ids.length}. The best ones come first.`,
      ...ids.map((id) => `[card] Fixture ${id}`),
      NEXT,
    ]);
    for (const phrase of phrases) expect(heroOf(replies[1])?.text).toContain(phrase);
  });
});

describe('CourseFinderDialog: when nothing fits', () => {
  const nothingFits: Step[] = [
    ['hi', [TIME]],
    ['Any time', [PLACE]],
    ['Online', [FREE]],
    ['No', [CHILDCARE]],
    ['No', [GOAL]],
    ['Work', ['No course fits all your answers.\n- Courses that fit if you accept any place: 1.', 'What do you want to do?']],
  ];

  it('says which wish to drop, and drops it when asked', async () => {
    const { client, handoff } = harness(real, { options: { city: 'birmingham', level: 'A1' } });
    await play(client, nothingFits);
    const relaxedQuery: CourseQuery = { city: 'birmingham', targetLanguage: 'en', level: 'A1', goal: 'work' };
    const relaxedIds = rankCourses(real, relaxedQuery).matches.map((match) => match.programme.id);
    expect(relaxedIds).toHaveLength(1);
    const replies = await say(client, 'Any place');
    expect(replies.map(seen)).toEqual([
      'Courses that fit: 1. The best ones come first.',
      `[card] ${byId(real, relaxedIds[0] ?? '').name.en}`,
      NEXT,
    ]);
    await say(client, 'I am done');
    expect(resultOf(client)).toEqual({ shown: relaxedIds, handedOff: false });
    expect(handoff.calls).toEqual([]);
  });

  it('offers the wishes as buttons next to an adviser, and hands over with the answers', async () => {
    const { client, handoff } = harness(real, { options: { city: 'birmingham', level: 'A1' } });
    for (const [said] of nothingFits.slice(0, -1)) await say(client, said);
    const replies = await say(client, 'Work');
    expect(buttonsOf(replies[1])).toEqual(['Any place', 'Talk to a person', 'Stop here']);
    expect(await say(client, 'Talk to a person')).toEqual([]);
    expect(resultOf(client)).toEqual({ shown: [], handedOff: true });
    expect(handoff.calls).toHaveLength(1);
    expect(handoff.calls[0]).toMatchObject({
      topic: 'courses',
      reason: 'nothing-fits',
      city: 'birmingham',
      summary: { 'Level (estimate)': 'A1', Place: 'online', Goal: 'work', 'Courses shown': 'none' },
    });
  });

  it('names two wishes together when neither alone is enough', async () => {
    const { client } = harness(fixtures, { options: { city: 'lisbon', level: 'literacy', slot: 'evening' } });
    await play(client, [
      ['hi', [PLACE]],
      ['In my area', [DISTRICT]],
      ['Sé', [FREE]],
      ['No', [CHILDCARE]],
      ['No', [GOAL]],
      [
        'Everyday life',
        ['No course fits all your answers.\n- Courses that fit if you accept any time of day and any place: 1.', 'What do you want to do?'],
      ],
      ['Any time + Any place', ['Courses that fit: 1. The best ones come first.', '[card] Fixture fx-lisbon-literacy', NEXT]],
    ]);
  });

  it('says when no course in the city is for the level, and offers an adviser', async () => {
    const { client, handoff } = harness(real, { options: { city: 'lisbon', slot: 'any' } });
    await play(client, [
      ['hi', [LEVEL_INTRO('Portuguese'), Q_SCRIPT]],
      ['No', ['Thank you. I will look for courses that also teach reading and writing.', PLACE]],
      ['Anywhere', [FREE]],
      ['No', [CHILDCARE]],
      ['No', [GOAL]],
      ['Everyday life', ['I found no course in Lisbon for your level (reading and writing).', 'Do you want to talk to an adviser?']],
      ['Yes', []],
    ]);
    expect(resultOf(client)).toEqual({ shown: [], handedOff: true });
    expect(handoff.calls[0]).toMatchObject({
      topic: 'courses',
      reason: 'no-programme-for-level',
      summary: { 'Level (estimate)': 'literacy' },
    });
  });

  it('says at once when the city has no course, without the other questions', async () => {
    const { client, handoff } = harness(fixtures);
    await play(client, [
      ['hi', [CITY_PROMPT]],
      ['Helsinki', ['I have no language course for Helsinki yet.', 'Do you want to talk to an adviser?']],
      ['No', ['OK. You can ask me again at any time.']],
    ]);
    expect(resultOf(client)).toEqual({ shown: [], handedOff: false });
    expect(handoff.calls).toEqual([]);
  });
});

describe('CourseFinderDialog: level and safety', () => {
  it.each(CITY_IDS)('never offers a literacy learner in %s a course that does not teach literacy or pre-A1', async (city) => {
    for (const programmes of [real, fixtures]) {
      const { client } = harness(programmes, { options: { city, slot: 'any' }, channelId: 'sms' });
      const first = await say(client, 'hi');
      if (!(first[0]?.text ?? '').startsWith('Now I will ask')) continue; // no course at all in this city's data
      for (const said of ['2', '3', '2', '2', '1']) await say(client, said); // no to the letters, anywhere, no, no, everyday
      const replies = await say(client, '2'); // I am done / No
      expect(replies.length).toBeGreaterThan(0);
      const { shown } = resultOf(client);
      for (const id of shown) {
        const levels = byId(programmes, id).levels ?? [];
        const teachesBeginners = levels.includes('literacy') || levels.includes('pre-A1');
        expect({ id, teachesBeginners }).toEqual({ id, teachesBeginners: true });
      }
    }
  });

  it('never shows the B1-only course to a literacy learner, though it fits every other wish', async () => {
    const { client } = harness(fixtures, { options: { city: 'lisbon', level: 'literacy', slot: 'any' } });
    for (const said of ['hi', 'Anywhere', 'Yes', 'No']) await say(client, said);
    const replies = (await say(client, 'Work')).map(seen);
    expect(replies).toEqual(['Courses that fit: 1. The best ones come first.', '[card] Fixture fx-lisbon-literacy', NEXT]);
    const forB1 = rankCourses(fixtures, { city: 'lisbon', level: 'B1', freeOnly: true, goal: 'work' });
    const b1 = forB1.matches.map((match) => match.programme.id);
    expect(b1).toContain('fx-lisbon-b1-only');
  });

  it('skips the questions whose answers the options give', async () => {
    const { client } = harness(real, { options: { city: 'milan', level: 'A1', slot: 'evening' } });
    await play(client, [['hi', [PLACE]]]);
  });

  it('rejects options it does not understand', async () => {
    const { client } = harness(real, { options: { city: 'paris' } as unknown as CourseFinderOptions });
    await expect(client.sendActivity('hi')).rejects.toThrow(/CourseFinderDialog: invalid options \(city\)/);
  });
});

describe('CourseFinderDialog: cards where the channel shows them, text elsewhere', () => {
  const options: CourseFinderOptions = { city: 'lisbon', level: 'A2', slot: 'evening' };
  const query: CourseQuery = { city: 'lisbon', targetLanguage: 'pt', level: 'A2', slots: ['evening'], goal: 'everyday' };
  const expected = rankCourses(real, query).matches.map((match) => match.programme);

  async function results(channelId: string): Promise<Array<Partial<Activity>>> {
    const { client } = harness(real, { options, channelId });
    for (const said of ['hi', '3', '2', '2']) await say(client, said); // anywhere, no, no
    return say(client, '1'); // everyday life
  }

  const cardChannels = ['webchat', 'directline', 'emulator', 'msteams', 'telegram', 'facebook'];

  it.each(cardChannels)('%s gets hero cards with link buttons', async (channelId) => {
    const replies = await results(channelId);
    expect(expected.length).toBeGreaterThan(0);
    const cards = replies.slice(1, 1 + expected.length).map(heroOf);
    for (const [index, programme] of expected.entries()) {
      const card = cards[index];
      expect(card?.title).toBe(programme.name.en);
      const links = (card?.buttons ?? []).map((button) => [button.type, button.title, button.value]);
      const wanted = [
        ...(programme.enrol.url === null ? [] : [['openUrl', 'Enrol', programme.enrol.url]]),
        ...(programme.sourceUrl === programme.enrol.url ? [] : [['openUrl', 'Source', programme.sourceUrl]]),
        ...(programme.cost.sourceUrl === undefined ? [] : [['openUrl', 'About the cost', programme.cost.sourceUrl]]),
      ];
      expect(links).toEqual(wanted);
    }
  });

  it.each(['sms', 'a-channel-we-do-not-know'])('%s gets plain text with the links written out', async (channelId) => {
    const replies = await results(channelId);
    expect(replies.every((reply) => (reply.attachments ?? []).length === 0)).toBe(true);
    for (const [index, programme] of expected.entries()) {
      const text = replies[index + 1]?.text ?? '';
      expect(text.startsWith(`${index + 1}. ${programme.name.en}\n${programme.provider}\n`)).toBe(true);
      if (programme.enrol.url !== null) expect(text).toContain(`\nEnrol: ${programme.enrol.url}`);
      if (programme.sourceUrl !== programme.enrol.url) expect(text).toContain(`\nSource: ${programme.sourceUrl}`);
      if (programme.cost.sourceUrl !== undefined) expect(text).toContain(`\nAbout the cost: ${programme.cost.sourceUrl}`);
      expect(text).not.toMatch(/\+?\d[\d\s().-]{7,}\d(?![^\s]*\/)/); // no phone number
    }
    expect(replies[replies.length - 1]?.text).toBe(`${NEXT}\n\n1. Talk to a person\n2. I am done`);
  });
});

describe('CourseFinderDialog: in the person\'s language', () => {
  it('runs a whole search in Portuguese, the content included', async () => {
    const { client } = harness(real, { lng: 'pt' });
    await play(client, [
      ['olá', ['Em que cidade quer aprender a língua?']],
      [
        'Lisboa',
        [
          'Agora vou fazer algumas perguntas curtas para saber o seu nível. As perguntas são sobre esta língua: português.',
          'Sabe ler e escrever as letras desta língua? Por exemplo: a, b, c.',
        ],
      ],
      ['Sim', ['Consegue dizer o seu nome e de onde vem, nesta língua?']],
      ['sim', [/^Consegue ler um aviso curto/]],
      ['Sim', [/^Consegue seguir uma conversa no trabalho/]],
      ['não', ['Obrigado. O seu nível é mais ou menos A2. A escola vai confirmar o seu nível na inscrição.', 'Quando pode ir às aulas?']],
      ['À noite', ['Onde quer aprender?']],
      ['Online', ['Quer só cursos gratuitos?']],
      ['Sim', ['Precisa de alguém para cuidar dos seus filhos durante a aula?']],
      ['Não', ['Para que quer aprender a língua?']],
    ]);
    const online = byId(real, 'lisbon-plataforma-portugues-online');
    const replies = await say(client, 'Exame de cidadania');
    expect(replies.map(seen)).toEqual([
      'Cursos que servem: 1. Os melhores vêm primeiro.',
      `[card] ${online.name.pt ?? ''}`,
      'O que quer fazer agora?',
    ]);
    const text = heroOf(replies[1])?.text ?? '';
    expect(text).toContain('Porque serve: nível A2, noites, online, gratuito.');
    expect(text).toContain('Preço: gratuito. A fonte diz isso.');
    expect(text).toContain(`Como se inscrever: ${online.enrol.how.pt ?? ''}`);
    expect(text).toContain('Esta informação vem de uma notícia. Confirme com quem dá o curso.');
    expect(buttonsOf(replies[2])).toEqual(['Falar com alguém', 'Já terminei']);
    await play(client, [['Já terminei', ['Boa sorte com o seu curso!']]]);
  });

  it.each(LANGUAGE_CODES.flatMap((lng) => CITY_IDS.map((city) => [lng, city] as const)))(
    '%s, %s: every message fits in 1,500 characters, no placeholder is left, and "English only" comes when needed, once',
    async (lng, city) => {
      const { client } = harness(real, { options: { city, level: 'unknown', slot: 'any' }, channelId: 'sms', lng });
      const replies: Array<Partial<Activity>> = [];
      for (const said of ['hi', '3', '2', '2', '1']) replies.push(...(await say(client, said)));
      const texts = replies.map((reply) => reply.text ?? '');
      for (const text of texts) {
        expect(text.length).toBeLessThanOrEqual(1500);
        expect(text).not.toContain('{{');
      }
      const ranking = rankCourses(real, { city, targetLanguage: CITY_LANGUAGE[city], slots: [], goal: 'everyday' });
      const shown = ranking.matches.slice(0, 3).map((match) => match.programme);
      const englishOnly = i18n.getFixedT(lng)('courses:content.englishOnly');
      const needsNote = shown.some((programme) =>
        [programme.name, programme.eligibility, programme.enrol.how, programme.note, programme.cost.freeFor].some(
          (text) => text !== undefined && (text as Record<string, string | undefined>)[lng] === undefined,
        ),
      );
      expect(texts.filter((text) => text === englishOnly)).toHaveLength(needsNote ? 1 : 0);
    },
  );
});

describe('CourseFinderDialog: employers', () => {
  it('shows what language learning at work looks like in the city, with links, then offers an adviser', async () => {
    const { client, handoff } = harness(real, { options: { audience: 'employer' } });
    const withProvision = real
      .filter((p) => p.city === 'helsinki' && p.status === 'active' && p.employerProvision !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(withProvision.length).toBeGreaterThan(0);
    await say(client, 'hi');
    const replies = await say(client, 'Helsinki');
    expect(replies.map(seen)).toEqual([
      'Language learning at work in Helsinki:',
      ...withProvision.map((programme) => `[card] ${programme.name.en}`),
      'Do you want to talk to an adviser about language learning for your staff?',
    ]);
    for (const [index, programme] of withProvision.entries()) {
      const card = heroOf(replies[index + 1]);
      expect(card?.text).toBe(programme.employerProvision?.en);
      expect(card?.buttons).toEqual([
        { type: 'openUrl', title: 'More information', value: programme.employerProvisionSourceUrl ?? programme.sourceUrl },
      ]);
    }
    await play(client, [['No', ['Thank you. Good luck!']]]);
    expect(resultOf(client)).toEqual({ shown: withProvision.map((programme) => programme.id), handedOff: false });
    expect(handoff.calls).toEqual([]);
  });

  it('says when the data has nothing on language at work, lists courses for work, and hands over', async () => {
    const { client, handoff } = harness(real, { options: { audience: 'employer', city: 'lisbon' }, channelId: 'sms' });
    const forWork = real.filter((p) => p.city === 'lisbon' && p.status === 'active' && p.goals.includes('work'));
    expect(forWork.length).toBeGreaterThan(0);
    const replies = (await say(client, 'hi')).map((reply) => reply.text ?? '');
    expect(replies[0]).toBe('I have no information yet about language training at work in Lisbon.');
    expect(replies[1]).toMatch(/^Language courses for work in Lisbon\. Your staff can ask to join:\n1\. /);
    for (const programme of forWork) expect(replies[1]).toContain(programme.enrol.url ?? programme.sourceUrl);
    expect(replies[2]).toMatch(/^Do you want to talk to an adviser about language learning for your staff\?\n\n1\. Yes\n2\. No$/);
    expect(await say(client, '1')).toEqual([]);
    expect(resultOf(client)).toEqual({ shown: forWork.map((programme) => programme.id), handedOff: true });
    expect(handoff.calls).toEqual([
      {
        topic: 'courses',
        reason: 'employer-asked',
        city: 'lisbon',
        summary: { Audience: 'employer', City: 'lisbon', 'Courses shown': forWork.map((p) => p.id).join(', ') },
      },
    ]);
  });
});

describe('courses locale', () => {
  const BUTTON_KEYS = [
    ...CITY_IDS.map((city) => `city.${city}`),
    'level.unsure',
    ...['morning', 'afternoon', 'evening', 'weekend', 'any'].map((slot) => `time.${slot}`),
    ...['district', 'online', 'anywhere'].map((place) => `place.${place}`),
    ...['everyday', 'work', 'citizenship', 'profession'].map((goal) => `goal.${goal}`),
    'results.moreButton',
    'results.adviserButton',
    'results.doneButton',
    'card.enrolButton',
    'card.sourceButton',
    'card.costSourceButton',
    'nothing.stopButton',
    ...['slots', 'place', 'freeOnly', 'childcare'].map((constraint) => `relax.label.${constraint}`),
    'employer.infoButton',
  ];

  it.each(LANGUAGE_CODES)('%s keeps every button label within 20 characters', (lng) => {
    const t = i18n.getFixedT(lng);
    const labels = BUTTON_KEYS.map((key) => [key, t(`courses:${key}`)] as const);
    const tooLong = labels.filter(([, label]) => label.length > 20);
    expect(tooLong).toEqual([]);
    for (const key of BUTTON_KEYS) expect(i18n.exists(`courses:${key}`, { lng, fallbackLng: false })).toBe(true);
  });
});

describe('loadCourses', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
  });

  function dataFolder(programmes: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'courses-'));
    temp.push(dir);
    fs.mkdirSync(path.join(dir, 'courses'));
    fs.writeFileSync(path.join(dir, 'courses', 'programmes.json'), programmes);
    return dir;
  }

  it('reads and validates once per folder', () => {
    const dir = dataFolder(JSON.stringify(fixtures));
    const first = loadCourses(dir);
    expect(first.programmes.map((p) => p.id)).toEqual(fixtures.map((p) => p.id));
    expect(first.sessions).toEqual([]);
    fs.writeFileSync(path.join(dir, 'courses', 'programmes.json'), '[]');
    expect(loadCourses(dir)).toBe(first);
  });

  it('throws a CourseDataError that names the folder, with the cause, on content that breaks the schema', () => {
    const broken = fixtures.map((p, i) => (i === 0 ? { ...p, sourceUrl: undefined } : p));
    const dir = dataFolder(JSON.stringify(broken));
    expect(() => loadCourses(dir)).toThrow(CourseDataError);
    try {
      loadCourses(dir);
    } catch (error) {
      expect((error as Error).message).toContain(path.join(dir, 'courses'));
      expect((error as Error).cause).toBeDefined();
    }
  });

  it('throws a CourseDataError on a file that is not JSON', () => {
    expect(() => loadCourses(dataFolder('{ not json'))).toThrow(/could not read .*programmes\.json/);
  });
});
