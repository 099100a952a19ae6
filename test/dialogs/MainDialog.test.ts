import { AutoSaveStateMiddleware, MemoryStorage, UserState, type Activity } from 'botbuilder';
import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { LanguageDialog } from '../../dialogs/LanguageDialog';
import { MainDialog, type FreeTextUnderstanding } from '../../dialogs/MainDialog';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import type { Handoff, HandoffRequest } from '../../src/handoff/HandoffRequest';
import type { UserProfile } from '../../src/bot/UserProfile';
import { i18n } from '../helpers/testApp';

type Step = [said: string, replies: Array<string | RegExp>];

const handoffRequests: HandoffRequest[] = [];
const handoff: Handoff = {
  async request(context, request) {
    handoffRequests.push(request);
    await context.sendActivity('(handed to an adviser)');
  },
};

function client(channelId = 'webchat', nlu?: FreeTextUnderstanding): { client: DialogTestClient; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const dialog = new MainDialog(profile, new LanguageDialog(i18n, profile), handoff, [], {}, undefined, nlu);
  const testClient = new DialogTestClient(channelId, dialog, undefined, [
    new LocaleMiddleware(i18n, profile),
    new AutoSaveStateMiddleware(userState),
  ]);
  return { client: testClient, storage };
}

const textOf = (activity: Partial<Activity> | undefined): string => activity?.text ?? '';

async function play(testClient: DialogTestClient, steps: Step[]): Promise<void> {
  for (const [said, expected] of steps) {
    let reply = await testClient.sendActivity(said);
    for (const [i, pattern] of expected.entries()) {
      if (i > 0) reply = testClient.getNextReply();
      const text = textOf(reply);
      if (typeof pattern === 'string') expect(text).toBe(pattern);
      else expect(text).toMatch(pattern);
    }
    // Nothing more was said than the table expects.
    expect(testClient.getNextReply()).toBeUndefined();
  }
}

const WELCOME = /^Hello! I am a guide/;
const LANGUAGE = /^Which language do you want to use\?/;
const ROLE_EN = 'Are you looking for work or training? Or are you an employer?';
const MENU_EN = 'What can I help you with?';

describe('MainDialog: welcome, language, role, menu', () => {
  it.each<[string, Step[]]>([
    [
      'choosing by label',
      [
        ['hi', [WELCOME, LANGUAGE]],
        ['English', ['OK. I will write in English now.', ROLE_EN]],
        ['Work or training', [MENU_EN]],
      ],
    ],
    [
      'choosing by number, including Eastern Arabic digits',
      [
        ['hi', [WELCOME, LANGUAGE]],
        ['١', ['OK. I will write in English now.', ROLE_EN]],
        ['2', ['What can I help your company with?']],
      ],
    ],
    [
      'choosing by synonym, without accents, in Portuguese',
      [
        ['olá', [WELCOME, LANGUAGE]],
        ['portugues', ['Está bem. Agora vou escrever em português.', 'Procura trabalho ou formação? Ou é um empregador?']],
        ['sou empregador', ['Em que posso ajudar a sua empresa?']],
      ],
    ],
    [
      'an answer that matches nothing is asked again',
      [
        ['hi', [WELCOME, LANGUAGE]],
        ['English', ['OK. I will write in English now.', ROLE_EN]],
        ['banana', [/^Sorry, I did not understand/, ROLE_EN]],
      ],
    ],
    [
      'a topic answers honestly and comes back to the menu',
      [
        ['hi', [WELCOME, LANGUAGE]],
        ['English', ['OK. I will write in English now.', ROLE_EN]],
        ['1', [MENU_EN]],
        ['Language courses', [/^The language course finder is not ready yet/, MENU_EN]],
      ],
    ],
  ])('%s', async (_name, steps) => {
    await play(client().client, steps);
  });

  it('lists the choices as numbered text on SMS', async () => {
    const { client: sms } = client('sms');
    await sms.sendActivity('hi');
    const prompt = sms.getNextReply();
    expect(prompt?.suggestedActions).toBeUndefined();
    expect(textOf(prompt)).toMatch(/\n1\. English\n2\. Português/);
  });
});

describe('the menu: buttons and sentences', () => {
  const toMenu: Step[] = [
    ['hi', [WELCOME, LANGUAGE]],
    ['English', ['OK. I will write in English now.', ROLE_EN]],
    ['1', [MENU_EN]],
  ];

  it('takes a button label as the choice, however many words it has, and sends only sentences to the NLU', async () => {
    const understood: string[] = [];
    const nlu: FreeTextUnderstanding = {
      recognize(text) {
        understood.push(text);
        return { intent: 'outOfScope', score: 0, ranked: [], entities: {} };
      },
    };
    const { client: chat } = client('webchat', nlu);
    await play(chat, [...toMenu, ['My diploma or trade', [/not ready yet/, MENU_EN]]]);
    await play(chat, [['I need a language course please', [/not ready yet/, MENU_EN]]]);
    expect(understood).toEqual(['I need a language course please']);
  });
});

describe('words that work at any point', () => {
  const start: Step[] = [
    ['hi', [WELCOME, LANGUAGE]],
    ['English', ['OK. I will write in English now.', ROLE_EN]],
  ];

  it('help explains the commands and asks the same question again', async () => {
    await play(client().client, [...start, ['help', [/^You can type these words at any time/, ROLE_EN]]]);
  });

  it('language switches mid-question and asks that question again in the new language', async () => {
    await play(client().client, [
      ...start,
      ['language', [LANGUAGE]],
      ['Português', ['Está bem. Agora vou escrever em português.', 'Procura trabalho ou formação? Ou é um empregador?']],
      ['1', ['Em que posso ajudar?']],
    ]);
  });

  it('the word for language works in the chosen language (idioma)', async () => {
    await play(client().client, [
      ['hi', [WELCOME, LANGUAGE]],
      ['Português', ['Está bem. Agora vou escrever em português.', 'Procura trabalho ou formação? Ou é um empregador?']],
      ['idioma', [/^Em que língua quer falar\?/]],
    ]);
  });

  it('menu goes to the topic menu from anywhere once the role is known', async () => {
    await play(client().client, [...start, ['1', [MENU_EN]], ['2', [/not ready yet/, MENU_EN]], ['menu', [MENU_EN]]]);
  });

  it('menu starts at the menu itself once language and role are known: no step before it runs', async () => {
    const { client: chat } = client();
    await play(chat, [...start, ['1', [MENU_EN]], ['2', [/not ready yet/, MENU_EN]]]);
    // Each waterfall step is a dialog context botbuilder builds: the way back to the menu runs one, not four.
    const steps = jest.spyOn(WaterfallDialog.prototype as unknown as { runStep(...args: unknown[]): unknown }, 'runStep');
    try {
      await play(chat, [['menu', [MENU_EN]]]);
      expect(steps).toHaveBeenCalledTimes(1);
    } finally {
      steps.mockRestore();
    }
    await play(chat, [['2', [/not ready yet/, MENU_EN]]]);
  });

  it('menu before the role is known asks the role first', async () => {
    await play(client().client, [...start, ['menu', [ROLE_EN]], ['2', ['What can I help your company with?']]]);
  });

  it('restart forgets the choices and starts from the welcome', async () => {
    const { client: testClient, storage } = client();
    await play(testClient, [...start, ['1', [MENU_EN]]]);
    const key = 'webchat/users/user1/';
    expect((await storage.read([key]))[key]?.profile).toMatchObject({ language: 'en', role: 'newcomer' });
    await play(testClient, [['restart', ['OK. We start again.', WELCOME, LANGUAGE]]]);
    const profile = (await storage.read([key]))[key]?.profile as Record<string, unknown>;
    expect(profile['language']).toBeUndefined();
    expect(profile['role']).toBeUndefined();
    await play(testClient, [['Português', ['Está bem. Agora vou escrever em português.', 'Procura trabalho ou formação? Ou é um empregador?']]]);
  });
});

describe('the language of the first free-text message', () => {
  it('is offered, in both languages, and taken on "sim"', async () => {
    await play(client().client, [
      ['olá, preciso de ajuda com o meu diploma', [WELCOME, 'Parece que escreve em Português. Quer continuar em Português?\nIt looks like you write in Português. Do you want to continue in Português?']],
      ['sim', ['Está bem. Agora vou escrever em português.', 'Procura trabalho ou formação? Ou é um empregador?']],
    ]);
  });

  it('leads to the full language choice on "no"', async () => {
    await play(client().client, [
      ['مرحبا، أريد أن أعمل ممرضة في لشبونة', [WELCOME, /^يبدو أنك تكتب بلغة العربية/]],
      ['No', [LANGUAGE]],
    ]);
  });

  it('is not offered when the message says too little', async () => {
    await play(client().client, [['ok', [WELCOME, LANGUAGE]]]);
  });
});

describe('topics of the menu', () => {
  /** A stand-in for a topic's guide: says one thing and ends with the result it was given. */
  class FakeTopic extends ComponentDialog {
    constructor(id: string, result: object) {
      super(id);
      this.addDialog(
        new WaterfallDialog(`${id}.flow`, [
          async (step) => {
            await step.context.sendActivity(`(${id} ran with ${JSON.stringify(step.options ?? {})})`);
            return step.endDialog(result);
          },
        ]),
      );
    }
  }

  function clientWithTopics(result: object) {
    const storage = new MemoryStorage();
    const userState = new UserState(storage);
    const profile = userState.createProperty<UserProfile>('profile');
    const dialog = new MainDialog(profile, new LanguageDialog(i18n, profile), handoff, [new FakeTopic('fakeCourses', result)], {
      courses: { dialogId: 'fakeCourses', options: (p) => ({ city: p.city ?? 'none' }) },
    });
    return new DialogTestClient('webchat', dialog, undefined, [new LocaleMiddleware(i18n, profile), new AutoSaveStateMiddleware(userState)]);
  }

  const toMenu: Step[] = [
    ['hi', [WELCOME, LANGUAGE]],
    ['English', ['OK. I will write in English now.', ROLE_EN]],
    ['1', [MENU_EN]],
  ];

  it('starts the topic\'s guide, remembers the city it learned, and comes back to the menu', async () => {
    await play(clientWithTopics({ city: 'lisbon' }), [
      ...toMenu,
      ['Language courses', ['(fakeCourses ran with {"city":"none"})', MENU_EN]],
      ['Language courses', ['(fakeCourses ran with {"city":"lisbon"})', MENU_EN]],
    ]);
  });

  it('does not show the menu after a guide handed the person to an adviser', async () => {
    await play(clientWithTopics({ handedOff: true }), [...toMenu, ['Language courses', ['(fakeCourses ran with {"city":"none"})']]]);
  });

  it('"Talk to a person" asks the advisers\' desk, with the role, and waits', async () => {
    handoffRequests.length = 0;
    await play(clientWithTopics({}), [...toMenu, ['Talk to a person', ['(handed to an adviser)']]]);
    expect(handoffRequests).toEqual([{ topic: 'general', reason: 'asked', summary: { role: 'newcomer' } }]);
  });
});
