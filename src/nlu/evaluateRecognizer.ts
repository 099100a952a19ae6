import { CONFIDENT, UNSURE, type IntentRecognizer } from './IntentRecognizer';
import { INTENTS, type Intent, type NluCorpus } from './nluData';

export interface IntentFigures {
  examples: number;
  correct: number;
  /** correct / examples. */
  recall: number;
  /** Of the messages recognised as this intent, the share that meant it (1 when none were). */
  precision: number;
}

export interface LanguageFigures {
  examples: number;
  accuracy: number;
  /** Recall of "human": a person asking for a person must be understood. */
  humanRecall: number;
  /**
   * Share of "human" messages after which the person can reach a person: recognised as "human", or scored below
   * CONFIDENT, where the bot offers "talk to a person" next to its guesses.
   */
  humanReached: number;
  intents: Record<Intent, IntentFigures>;
}

export interface Confusion {
  expected: Intent;
  got: Intent;
  count: number;
  /** Up to three of the messages, with their language. */
  examples: Array<{ lng: string; text: string; score: number }>;
}

/** How often the best guess is right among messages scored within a band: what a threshold would keep or drop. */
export interface CalibrationBand {
  from: number;
  to: number;
  examples: number;
  accuracy: number;
}

/** What a pair of thresholds would do to the held-out messages. */
export interface ThresholdOutcome {
  confident: number;
  unsure: number;
  /** Share of all messages the bot acts on (score ≥ confident). */
  actedShare: number;
  /** Of those, the share acted on correctly. */
  actedAccuracy: number;
  /** Share offered two guesses, and how often the right intent is among them. */
  offeredShare: number;
  offeredHitRate: number;
  /** Share of messages not understood. */
  notUnderstoodShare: number;
  /** Share acted on with the wrong intent: the costly mistake. */
  wrongActionShare: number;
}

export interface EvaluationReport {
  overall: { examples: number; accuracy: number; humanRecall: number; humanReached: number };
  languages: Record<string, LanguageFigures>;
  confusions: Confusion[];
  calibration: CalibrationBand[];
  thresholds: { chosen: ThresholdOutcome; candidates: ThresholdOutcome[] };
}

interface Prediction {
  lng: string;
  text: string;
  expected: Intent;
  ranked: Array<{ intent: Intent; score: number }>;
}

/** Recognises every held-out message with the recognizer and measures how it did. Pure apart from the recognizer. */
export function evaluateRecognizer(recognizer: IntentRecognizer, heldOut: NluCorpus): EvaluationReport {
  const predictions: Prediction[] = [];
  for (const [lng, file] of Object.entries(heldOut)) {
    if (file === undefined) continue;
    for (const intent of INTENTS) {
      for (const text of file.intents[intent]) {
        predictions.push({ lng, text, expected: intent, ranked: recognizer.recognize(text, lng).ranked });
      }
    }
  }

  const languages: Record<string, LanguageFigures> = {};
  for (const lng of new Set(predictions.map((p) => p.lng))) {
    languages[lng] = figuresOf(predictions.filter((p) => p.lng === lng));
  }
  const all = figuresOf(predictions);

  const confusionMap = new Map<string, Confusion>();
  for (const p of predictions) {
    const got = p.ranked[0]!.intent;
    if (got === p.expected) continue;
    const key = `${p.expected}→${got}`;
    const confusion = confusionMap.get(key) ?? { expected: p.expected, got, count: 0, examples: [] };
    confusion.count += 1;
    if (confusion.examples.length < 3) confusion.examples.push({ lng: p.lng, text: p.text, score: round(p.ranked[0]!.score) });
    confusionMap.set(key, confusion);
  }
  const confusions = [...confusionMap.values()].sort(
    (a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.got.localeCompare(b.got),
  );

  const calibration: CalibrationBand[] = [];
  for (let band = 0; band < 10; band += 1) {
    const from = band / 10;
    const to = (band + 1) / 10;
    const inBand = predictions.filter((p) => p.ranked[0]!.score >= from && (p.ranked[0]!.score < to || band === 9));
    if (inBand.length === 0) continue;
    const right = inBand.filter((p) => p.ranked[0]!.intent === p.expected).length;
    calibration.push({ from, to, examples: inBand.length, accuracy: round(right / inBand.length) });
  }

  const candidates: ThresholdOutcome[] = [];
  for (const confident of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    for (const unsure of [0.1, 0.15, 0.2, 0.25, 0.3]) {
      if (unsure < confident) candidates.push(thresholdOutcome(predictions, confident, unsure));
    }
  }
  return {
    overall: { examples: all.examples, accuracy: all.accuracy, humanRecall: all.humanRecall, humanReached: all.humanReached },
    languages,
    confusions,
    calibration,
    thresholds: { chosen: thresholdOutcome(predictions, CONFIDENT, UNSURE), candidates },
  };
}

function figuresOf(predictions: readonly Prediction[]): LanguageFigures {
  const intents = {} as Record<Intent, IntentFigures>;
  for (const intent of INTENTS) {
    const expected = predictions.filter((p) => p.expected === intent);
    const predicted = predictions.filter((p) => p.ranked[0]!.intent === intent);
    const correct = expected.filter((p) => p.ranked[0]!.intent === intent).length;
    intents[intent] = {
      examples: expected.length,
      correct,
      recall: expected.length === 0 ? 1 : round(correct / expected.length),
      precision: predicted.length === 0 ? 1 : round(correct / predicted.length),
    };
  }
  const correct = predictions.filter((p) => p.ranked[0]!.intent === p.expected).length;
  const human = predictions.filter((p) => p.expected === 'human');
  const reached = human.filter((p) => p.ranked[0]!.intent === 'human' || p.ranked[0]!.score < CONFIDENT).length;
  return {
    examples: predictions.length,
    accuracy: predictions.length === 0 ? 0 : round(correct / predictions.length),
    humanRecall: intents.human.recall,
    humanReached: human.length === 0 ? 1 : round(reached / human.length),
    intents,
  };
}

function thresholdOutcome(predictions: readonly Prediction[], confident: number, unsure: number): ThresholdOutcome {
  let acted = 0;
  let actedRight = 0;
  let offered = 0;
  let offeredHit = 0;
  let notUnderstood = 0;
  for (const p of predictions) {
    const [first, second] = p.ranked;
    if (first!.score >= confident) {
      acted += 1;
      if (first!.intent === p.expected) actedRight += 1;
    } else if (first!.score >= unsure) {
      offered += 1;
      // "Talk to a person" is always offered too: a person asking for one finds it.
      if (first!.intent === p.expected || second?.intent === p.expected || p.expected === 'human') offeredHit += 1;
    } else {
      notUnderstood += 1;
    }
  }
  const n = predictions.length || 1;
  return {
    confident,
    unsure,
    actedShare: round(acted / n),
    actedAccuracy: acted === 0 ? 1 : round(actedRight / acted),
    offeredShare: round(offered / n),
    offeredHitRate: offered === 0 ? 1 : round(offeredHit / offered),
    notUnderstoodShare: round(notUnderstood / n),
    wrongActionShare: round((acted - actedRight) / n),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
