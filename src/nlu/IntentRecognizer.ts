import { LANGUAGE_CODES, type LanguageCode } from '../content/common';
import { extractEntities, type TextEntities } from './extractEntities';
import { DEFAULT_TRAINING_OPTIONS, IntentModel, type TrainingExample, type TrainingOptions } from './IntentModel';
import { INTENTS, type Intent, type NluCorpus, type NluDataFile } from './nluData';

/**
 * At or above this score the bot acts on the intent without asking. Chosen on the held-out evaluation
 * (scripts/nlu-eval.ts → var/nlu-eval.json, 1,462 messages in ten languages): 77 % of messages score 0.5 or more and
 * 99 % of those are recognised right (a wrong action after 0.8 % of all messages). At 0.4 the bot would act on 85 %
 * but more than twice as often wrongly (1.8 %); at 0.6 it would ask about 30 % of all messages to save 0.6 % of
 * mistakes. Scores are softmax probabilities of a regularised model: between 0.5 and 0.6, 93 % are right; above 0.6,
 * 99 % or more.
 */
export const CONFIDENT = 0.5;
/**
 * From this score up to CONFIDENT the bot offers its two best guesses and "talk to a person": for 90 % of those
 * held-out messages the right intent is among the guesses, or the person wanted a person. Below it the bot says it
 * did not understand: under 0.2 the best guess was right fewer than two times in five, and gibberish lands there.
 */
export const UNSURE = 0.2;

/** Finds an occupation in free text: the confident match only, or undefined. */
export type ProfessionMatcher = (text: string, lng: string) => { id: string; score: number } | undefined;

export interface NluEntities extends TextEntities {
  /** The occupation named, when a profession matcher was given and it was sure. */
  profession?: { id: string; score: number };
}

export interface RankedIntent {
  intent: Intent;
  /** 0…1; the scores of all intents add up to 1. */
  score: number;
}

export interface RecognizedIntent extends RankedIntent {
  /** Every intent, best first. */
  ranked: RankedIntent[];
  entities: NluEntities;
}

/** What the bot should do with a recognition: act, offer its two best guesses (and a person), or say it did not understand. */
export type Understanding =
  | { kind: 'confident'; intent: Intent }
  | { kind: 'unsure'; guesses: [Intent, Intent] }
  | { kind: 'notUnderstood' };

export interface IntentRecognizerOptions {
  professionMatcher?: ProfessionMatcher;
  training?: Partial<TrainingOptions>;
  /**
   * How much the English examples count in the other languages' models (0 = not at all): people who chose another
   * language still type "job", "help" or "talk to a human".
   */
  englishWeight?: number;
}

export const DEFAULT_ENGLISH_WEIGHT = 0.5;

/** The fallback model when a language has none. */
const FALLBACK_LANGUAGE = 'en';

/**
 * Recognises what a person wants from a free-text message, offline: one small model per language (the language of
 * the turn is known), trained in-process on data/nlu/<lng>.train.json, plus the entities the words name (city,
 * level, time slot and, with a matcher, the occupation).
 */
export class IntentRecognizer {
  readonly #models = new Map<string, IntentModel>();
  readonly #professionMatcher: ProfessionMatcher | undefined;
  readonly #trainingOptions: TrainingOptions;
  readonly #englishWeight: number;

  constructor(options: IntentRecognizerOptions = {}) {
    this.#professionMatcher = options.professionMatcher;
    this.#trainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...options.training };
    this.#englishWeight = options.englishWeight ?? DEFAULT_ENGLISH_WEIGHT;
  }

  /** The languages that have a model. */
  get languages(): string[] {
    return [...this.#models.keys()];
  }

  /** The options every model is trained with: part of the cache key. */
  get trainingSettings(): { training: TrainingOptions; englishWeight: number } {
    return { training: this.#trainingOptions, englishWeight: this.#englishWeight };
  }

  /**
   * Trains one model per language present in the data (or only the languages listed), replacing earlier models of
   * those languages.
   */
  train(data: NluCorpus, languages: readonly LanguageCode[] = LANGUAGE_CODES): this {
    const english = data.en;
    for (const lng of languages) {
      const own = data[lng];
      if (own === undefined) continue;
      const examples = examplesOf(own, 1);
      if (lng !== 'en' && english !== undefined && this.#englishWeight > 0) {
        examples.push(...examplesOf(english, this.#englishWeight));
      }
      this.#models.set(lng, IntentModel.train(examples, this.#trainingOptions));
    }
    return this;
  }

  /** Uses a model trained earlier (read back from the cache) for `lng` instead of training one. */
  useModel(lng: string, model: IntentModel): this {
    this.#models.set(lng, model);
    return this;
  }

  /** The model of `lng`, if it has one. */
  model(lng: string): IntentModel | undefined {
    return this.#models.get(lng);
  }

  /**
   * What the text most likely means in language `lng` (English's model when `lng` has none), every intent ranked,
   * and the entities it names.
   * @throws {ReferenceError} when nothing was trained.
   */
  recognize(text: string, lng: string, options: { entities?: boolean } = {}): RecognizedIntent {
    const model = this.#models.get(lng) ?? this.#models.get(FALLBACK_LANGUAGE) ?? this.#models.values().next().value;
    if (model === undefined) throw new ReferenceError('the intent recognizer has no model: call train() or loadOrTrain() first');
    const ranked: RankedIntent[] = model.predict(text).map(({ label, score }) => ({ intent: label as Intent, score }));
    // Nothing to go on (an empty message, only emoji or punctuation): no intent is likely.
    if (!/[\p{L}\p{N}]/u.test(text)) for (const entry of ranked) entry.score = 0;
    const best = ranked[0] ?? { intent: 'outOfScope' as const, score: 0 };
    const entities: NluEntities = extractEntities(text);
    // The occupation is looked up only when one is among the likely meanings: the fuzzy search is the costly part.
    const aboutWork =
      options.entities !== false && ranked.slice(0, 2).some((entry) => entry.intent === 'recognition' && entry.score >= UNSURE);
    const profession = aboutWork ? this.#professionMatcher?.(text, lng) : undefined;
    if (profession !== undefined) entities.profession = profession;
    return { intent: best.intent, score: best.score, ranked, entities };
  }
}

/** Turns a recognition into the bot's next move, by the CONFIDENT and UNSURE thresholds. */
export function understand(result: Pick<RecognizedIntent, 'ranked'>): Understanding {
  const [first, second] = result.ranked;
  if (first === undefined || first.score < UNSURE) return { kind: 'notUnderstood' };
  if (first.score >= CONFIDENT || second === undefined) return { kind: 'confident', intent: first.intent };
  return { kind: 'unsure', guesses: [first.intent, second.intent] };
}

function examplesOf(file: NluDataFile, weight: number): TrainingExample[] {
  return INTENTS.flatMap((intent) => file.intents[intent].map((text) => ({ text, label: intent, weight })));
}
