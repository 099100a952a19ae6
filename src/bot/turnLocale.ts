import type { TurnContext } from 'botbuilder';
import type { i18n as I18n, TFunction } from 'i18next';
import { fixedT } from '../i18n/fixedT';
import { DEFAULT_LANGUAGE, isRtl } from '../i18n/languages';

const TURN_LOCALE = Symbol('turnLocale');

/** The language of this turn and a translator fixed to it. Never the shared i18next instance's language. */
export interface TurnLocale {
  lng: string;
  rtl: boolean;
  t: TFunction;
}

export function setTurnLocale(context: TurnContext, i18n: I18n, lng: string): TurnLocale {
  const locale: TurnLocale = { lng, rtl: isRtl(lng), t: fixedT(i18n, lng) };
  context.turnState.set(TURN_LOCALE, locale);
  return locale;
}

/** The turn's locale; English when the locale middleware has not run (e.g. an error before it). */
export function getTurnLocale(context: TurnContext, i18n?: I18n): TurnLocale {
  const locale = context.turnState.get(TURN_LOCALE) as TurnLocale | undefined;
  if (locale) return locale;
  if (!i18n) throw new ReferenceError('the turn has no locale and no i18n instance was given');
  return setTurnLocale(context, i18n, DEFAULT_LANGUAGE);
}
