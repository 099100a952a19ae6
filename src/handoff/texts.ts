import { ActionTypes, MessageFactory, type Activity } from 'botbuilder';
import type { TFunction } from 'i18next';
import { normaliseText } from '../nlu/normalise';
import { CITY_TIME_ZONES, type CityId } from './cities';

/** A list of words from the locale files (commands, synonyms), or an empty list. */
export function wordsOf(t: TFunction, key: string, lng?: string): string[] {
  const words: unknown = t(key, { returnObjects: true, ...(lng ? { lng } : {}) });
  return Array.isArray(words) ? words.map((w) => String(w)) : [];
}

/** Whether the message is one of the listed words, in the person's language or in English. */
export function saidOneOf(t: TFunction, key: string, text: string): boolean {
  const said = normaliseText(text);
  if (said === '' || said.length > 40) return false;
  return [...wordsOf(t, key), ...wordsOf(t, key, 'en')].some((word) => normaliseText(word) === said);
}

/** A date and time as people of a language write it, on a city's clock. */
export function formatOpening(at: Date, lng: string, city: CityId): string {
  return new Intl.DateTimeFormat(lng, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: CITY_TIME_ZONES[city],
  }).format(at);
}

/** The "back to the guide" hint, with a button where the channel shows buttons. */
export function backToBotHint(t: TFunction): Partial<Activity> {
  const word = wordsOf(t, 'handoff:commands.backToBot')[0] ?? 'bot';
  return MessageFactory.suggestedActions(
    [{ type: ActionTypes.ImBack, title: t('handoff:request.backButton'), value: word }],
    t('handoff:request.howToCancel', { word }),
  );
}

export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;

/** The one satisfaction question, with 1–5 as buttons. */
export function satisfactionQuestion(t: TFunction): Partial<Activity> {
  return MessageFactory.suggestedActions(
    SATISFACTION_SCORES.map((score) => ({ type: ActionTypes.ImBack, title: String(score), value: String(score) })),
    t('handoff:satisfaction.question'),
  );
}

/** Reads a satisfaction answer: a number from 1 to 5 (any digits), or good / ok / bad in the person's language or English. */
export function parseSatisfaction(t: TFunction, text: string): number | undefined {
  const said = normaliseText(text);
  const number = /^([1-5])(\s*\/\s*5)?$/.exec(said);
  if (number?.[1]) return Number(number[1]);
  const scores: Array<[string, number]> = [
    ['handoff:satisfaction.words.good', 5],
    ['handoff:satisfaction.words.ok', 3],
    ['handoff:satisfaction.words.bad', 1],
  ];
  for (const [key, score] of scores) if (saidOneOf(t, key, text)) return score;
  return undefined;
}
