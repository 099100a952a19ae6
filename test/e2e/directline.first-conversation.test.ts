import { LANGUAGES } from '../../src/i18n/languages';
import { DirectLinePerson, tryItToken } from '../helpers/directLineClient';
import { startApp, type RunningApp } from '../helpers/testApp';

describe.each([
  ['WebSocket', true],
  ['polling', false],
])('the first conversation through DirectLineJS (%s)', (_mode, webSocket) => {
  let running: RunningApp;
  let person: DirectLinePerson;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    person?.end();
    await running.stop();
  });

  it('welcomes, lets the person choose Portuguese, asks their role and shows the topic menu', async () => {
    person = new DirectLinePerson(running.base, await tryItToken(running.base), { webSocket });
    // The welcome comes from the conversationUpdate, before the person types anything.
    const [welcome, languageQuestion] = await person.botMessages(2);
    expect(welcome?.text).toMatch(/^Hello! I am a guide/);
    expect(languageQuestion?.suggestedActions?.actions.map((a) => a.title)).toEqual(LANGUAGES.map((l) => l.nativeName));

    await person.say('Português');
    const afterLanguage = await person.botMessages(4);
    expect(afterLanguage[2]?.text).toBe('Está bem. Agora vou escrever em português.');
    // Before keeping anything, the bot asks for consent, in the chosen language.
    expect(afterLanguage[3]?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Sim', 'Não', expect.any(String)]);

    await person.say('Sim');
    const afterConsent = await person.botMessages(6);
    expect(afterConsent[5]?.text).toBe('Procura trabalho ou formação? Ou é um empregador?');

    await person.say('1');
    const menu = (await person.botMessages(7))[6];
    expect(menu?.text).toBe('Em que posso ajudar?');
    expect(menu?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'O meu diploma',
      'Cursos de língua',
      'Estágios e empregos',
      'Falar com alguém',
    ]);
  });
});
