import { TestAdapter, TurnContext } from 'botbuilder';
import { setTurnLocale } from '../../src/bot/turnLocale';
import { LANGUAGES } from '../../src/i18n/languages';
import { normaliseText } from '../../src/nlu/normalise';
import { isPrivacyCommand } from '../../src/privacy/privacyCommand';
import { PREFER_NOT_TO_SAY, SENSITIVE_WHY, preferNotToSayChoice } from '../../src/privacy/sensitiveQuestion';
import { i18n } from '../helpers/testApp';

const CODES = LANGUAGES.map((l) => l.code);
const list = (code: string, key: string): string[] => {
  const value: unknown = i18n.getFixedT(code)(key, { returnObjects: true });
  return Array.isArray(value) ? value.map(String) : [];
};

function contextSaying(text: string, lng: string): TurnContext {
  const context = new TurnContext(new TestAdapter(async () => undefined), { type: 'message', text, channelId: 'webchat' });
  setTurnLocale(context, i18n, lng);
  return context;
}

describe('privacy texts', () => {
  it.each(CODES)('%s: tells the word that opens the privacy menu, as the commands list spells it', (code) => {
    const t = i18n.getFixedT(code);
    const word = list(code, 'privacy:commands')[0];
    expect(word).toBeDefined();
    expect(t('privacy:consent.given')).toContain(word);
    expect(t('privacy:consent.details')).toContain(word);
  });

  it.each(CODES)('%s: the "why we ask" sentence names the "I prefer not to say" answer', (code) => {
    const t = i18n.getFixedT(code);
    expect(t(SENSITIVE_WHY.key)).toContain(t('privacy:sensitive.preferNot'));
    expect(list(code, 'privacy:sensitive.preferNotSynonyms').length).toBeGreaterThan(0);
    expect(preferNotToSayChoice()).toMatchObject({ value: PREFER_NOT_TO_SAY, label: { key: 'privacy:sensitive.preferNot' } });
  });

  it.each(CODES)('%s: every button label fits on a button (20 characters)', (code) => {
    const t = i18n.getFixedT(code);
    const labels = ['menu.see', 'menu.export', 'menu.delete', 'menu.back', 'consent.more', 'sensitive.preferNot'].map((k) => t(`privacy:${k}`));
    expect(labels.filter((label) => label.length > 20)).toEqual([]);
  });

  it.each(CODES)('%s: no privacy word is also a word that works anywhere (help, menu, restart, language)', (code) => {
    const global = new Set(['help', 'menu', 'restart', 'language'].flatMap((c) => [...list(code, `common:commands.${c}`), ...list('en', `common:commands.${c}`)]).map(normaliseText));
    const ours = [
      'privacy:commands',
      'privacy:consent.moreSynonyms',
      'privacy:sensitive.preferNotSynonyms',
      'privacy:menu.seeSynonyms',
      'privacy:menu.exportSynonyms',
      'privacy:menu.deleteSynonyms',
      'privacy:menu.backSynonyms',
    ].flatMap((key) => list(code, key));
    expect(ours.filter((word) => global.has(normaliseText(word)))).toEqual([]);
  });

  it.each(CODES)('%s: the privacy word opens the menu, in the language and in English', (code) => {
    for (const word of list(code, 'privacy:commands')) expect(isPrivacyCommand(contextSaying(word, code))).toBe(true);
    expect(isPrivacyCommand(contextSaying('Privacy!', code))).toBe(true);
    expect(isPrivacyCommand(contextSaying('I want to know about privacy law for my company', code))).toBe(false);
    expect(isPrivacyCommand(contextSaying('menu', code))).toBe(false);
  });
});
