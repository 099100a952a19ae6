import type { TurnContext } from 'botbuilder';
import { getTurnLocale } from '../bot/turnLocale';
import { normaliseText } from '../nlu/normalise';

/** Whether this message is the word that opens the privacy menu (`privacy:commands`), in the person's language or English. */
export function isPrivacyCommand(context: TurnContext): boolean {
  const text = context.activity.text;
  if (context.activity.type !== 'message' || typeof text !== 'string') return false;
  const said = normaliseText(text);
  if (said === '' || said.length > 40) return false;
  const { t, lng } = getTurnLocale(context);
  const wordsIn = (language: string): string[] => {
    const words: unknown = t('privacy:commands', { returnObjects: true, lng: language });
    return Array.isArray(words) ? words.map((w) => normaliseText(String(w))) : [];
  };
  return [...wordsIn(lng), ...wordsIn('en')].includes(said);
}
