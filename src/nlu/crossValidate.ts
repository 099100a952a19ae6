import { LANGUAGE_CODES } from '../content/common';
import { evaluateRecognizer } from './evaluateRecognizer';
import { IntentRecognizer, type IntentRecognizerOptions } from './IntentRecognizer';
import { INTENTS, type NluCorpus, type NluDataFile } from './nluData';

export interface CrossValidation {
  folds: number;
  /** Accuracy per language over all folds. */
  languages: Record<string, number>;
  overall: number;
}

/**
 * k-fold cross-validation on the training data: each fold leaves out every k-th utterance of each intent in each
 * language, trains on the rest and recognises what was left out. An estimate that does not depend on the held-out
 * set (which the data was improved against); lower than the held-out figures, since it trains on less data and the
 * training set holds the hardest one-word messages.
 */
export function crossValidate(train: NluCorpus, folds = 4, options: IntentRecognizerOptions = {}): CrossValidation {
  const right = new Map<string, number>();
  const total = new Map<string, number>();
  for (let fold = 0; fold < folds; fold += 1) {
    const kept: NluCorpus = {};
    const left: NluCorpus = {};
    for (const lng of LANGUAGE_CODES) {
      const file = train[lng];
      if (file === undefined) continue;
      kept[lng] = split(file, (i) => i % folds !== fold);
      left[lng] = split(file, (i) => i % folds === fold);
    }
    const report = evaluateRecognizer(new IntentRecognizer(options).train(kept), left);
    for (const [lng, figures] of Object.entries(report.languages)) {
      right.set(lng, (right.get(lng) ?? 0) + Math.round(figures.accuracy * figures.examples));
      total.set(lng, (total.get(lng) ?? 0) + figures.examples);
    }
  }
  const languages = Object.fromEntries([...total].map(([lng, n]) => [lng, round((right.get(lng) ?? 0) / n)]));
  const all = [...total.values()].reduce((a, b) => a + b, 0);
  const allRight = [...right.values()].reduce((a, b) => a + b, 0);
  return { folds, languages, overall: round(allRight / Math.max(1, all)) };
}

function split(file: NluDataFile, keep: (index: number) => boolean): NluDataFile {
  return { intents: Object.fromEntries(INTENTS.map((intent) => [intent, file.intents[intent].filter((_, i) => keep(i))])) as NluDataFile['intents'] };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
