import type { i18n as I18n, TFunction } from 'i18next';

/** More distinct texts than this per language are looked up each time instead of remembered (a guard, not a tuning). */
const MAX_REMEMBERED = 20_000;

const translators = new WeakMap<I18n, Map<string, TFunction>>();

/**
 * `i18n.getFixedT(lng)`, but texts that take no parameters (a plain key, or only `lng` / `returnObjects`) are looked up
 * once and then remembered: the bot asks for the same labels, synonyms and command words on every turn, and i18next's
 * lookup is one of the costliest parts of a turn. The resources never change while the bot runs. Texts with
 * interpolation, plurals, context or defaults always go to i18next. What is remembered is frozen, so a caller cannot
 * change it for the next turn: copy a list before sorting it.
 */
export function fixedT(i18n: I18n, lng: string): TFunction {
  let perLanguage = translators.get(i18n);
  if (perLanguage === undefined) translators.set(i18n, (perLanguage = new Map()));
  let t = perLanguage.get(lng);
  if (t === undefined) perLanguage.set(lng, (t = rememberingT(i18n, lng)));
  return t;
}

function rememberingT(i18n: I18n, lng: string): TFunction {
  const lookUp = i18n.getFixedT(lng) as unknown as (...args: unknown[]) => unknown;
  const remembered = new Map<string, unknown>();
  const t = (...args: unknown[]): unknown => {
    const [key, options] = args;
    const rememberAs = args.length <= 2 && typeof key === 'string' ? rememberKey(lng, key, options) : undefined;
    if (rememberAs === undefined) return lookUp(...args);
    if (remembered.has(rememberAs)) return remembered.get(rememberAs);
    const text = deepFreeze(lookUp(...args));
    if (remembered.size < MAX_REMEMBERED) remembered.set(rememberAs, text);
    return text;
  };
  return Object.assign(t, { lng, ns: (lookUp as { ns?: unknown }).ns }) as unknown as TFunction;
}

/** The memo key of a call that takes no parameters, or undefined for one that must go to i18next every time. */
function rememberKey(lng: string, key: string, options: unknown): string | undefined {
  if (options === undefined) return `${lng}\u0000${key}\u0000`;
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return undefined;
  let language = lng;
  let objects = false;
  for (const [name, value] of Object.entries(options)) {
    if (name === 'lng' && typeof value === 'string') language = value;
    else if (name === 'returnObjects' && typeof value === 'boolean') objects = value;
    else return undefined;
  }
  return `${language}\u0000${key}\u0000${objects ? 'objects' : ''}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
