import type { TurnContext } from 'botbuilder';
import { getTurnLocale } from '../bot/turnLocale';
import { normaliseText } from '../nlu/normalise';

/** The command words, normalised once per list (the turn translator hands out the same frozen list every time). */
const normalisedLists = new WeakMap<object, ReadonlySet<string>>();

function normalisedWords(words: unknown): ReadonlySet<string> {
  if (!Array.isArray(words)) return new Set();
  let set = normalisedLists.get(words);
  if (set === undefined) {
    set = new Set(words.map((w) => normaliseText(String(w))));
    normalisedLists.set(words, set);
  }
  return set;
}

/** Whether this message is the word that opens the privacy menu (`privacy:commands`), in the person's language or English. */
export function isPrivacyCommand(context: TurnContext): boolean {
  const text = context.activity.text;
  if (context.activity.type !== 'message' || typeof text !== 'string') return false;
  const said = normaliseText(text);
  if (said === '' || said.length > 40) return false;
  const { t, lng } = getTurnLocale(context);
  const wordsIn = (language: string) => normalisedWords(t('privacy:commands', { returnObjects: true, lng: language }));
  return wordsIn(lng).has(said) || wordsIn('en').has(said);
}
