/**
 * `npm run nlu:eval`: trains the intent recognizer on data/nlu/<lng>.train.json, recognises every sentence of
 * data/nlu/<lng>.heldout.json, and prints accuracy per language and per intent, "human" recall, the most frequent
 * confusions, how well scores predict correctness, and what the CONFIDENT/UNSURE thresholds do. Writes the whole
 * report as JSON to var/nlu-eval.json (or the path given with --out).
 *
 * Runs from the build (`node dist/scripts/nlu-eval.js`) or from source
 * (`node -r ./test/helpers/register-ts.js scripts/nlu-eval.ts`). Options:
 *   --out <file>  where to write the JSON report (default var/nlu-eval.json)
 *   --cv          also cross-validate on the training data (4 folds): an estimate independent of the held-out set
 *   --strict      exit with 1 when a language misses the goal (90 % accuracy, 97 % "human" recall)
 * The test suite (test/nlu/evaluation.test.ts) enforces lower floors on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGE_CODES } from '../src/content/common';
import { crossValidate } from '../src/nlu/crossValidate';
import { evaluateRecognizer, type EvaluationReport } from '../src/nlu/evaluateRecognizer';
import { IntentRecognizer } from '../src/nlu/IntentRecognizer';
import { serializeRecognizer } from '../src/nlu/modelCache';
import { INTENTS, loadNluCorpus } from '../src/nlu/nluData';

export const ACCURACY_GOAL = 0.9;
export const HUMAN_RECALL_GOAL = 0.97;

function main(argv: readonly string[]): number {
  const outIndex = argv.indexOf('--out');
  const out = path.resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : path.join('var', 'nlu-eval.json'));

  const train = loadNluCorpus('train');
  const heldOut = loadNluCorpus('heldout');

  const recognizer = new IntentRecognizer();
  const trainingMs: Record<string, number> = {};
  for (const lng of LANGUAGE_CODES) {
    const started = performance.now();
    recognizer.train(train, [lng]);
    trainingMs[lng] = Math.round(performance.now() - started);
  }
  const modelBytes = Buffer.byteLength(JSON.stringify(serializeRecognizer(recognizer, 'eval')), 'utf8');

  const started = performance.now();
  const report = evaluateRecognizer(recognizer, heldOut);
  const recognitionMsPerMessage = (performance.now() - started) / Math.max(1, report.overall.examples);

  print(report, trainingMs, modelBytes, recognitionMsPerMessage);
  const crossValidation = argv.includes('--cv') ? crossValidate(train) : undefined;
  if (crossValidation !== undefined) {
    const perLanguage = Object.entries(crossValidation.languages).map(([lng, accuracy]) => `${lng} ${(accuracy * 100).toFixed(1)}`);
    process.stdout.write(`\nCross-validation on the training data (${crossValidation.folds} folds): ${(crossValidation.overall * 100).toFixed(1)} %\n  ${perLanguage.join(', ')}\n`);
  }

  mkdirSync(path.dirname(out), { recursive: true });
  const trainingExamples = Object.fromEntries(
    LANGUAGE_CODES.map((lng) => [lng, INTENTS.reduce((sum, intent) => sum + train[lng].intents[intent].length, 0)]),
  );
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        goals: { accuracy: ACCURACY_GOAL, humanRecall: HUMAN_RECALL_GOAL },
        trainingExamples,
        trainingMs,
        modelBytes,
        recognitionMsPerMessage: Math.round(recognitionMsPerMessage * 1000) / 1000,
        ...(crossValidation === undefined ? {} : { crossValidation }),
        ...report,
      },
      null,
      2,
    )}\n`,
    'utf8',
  );
  process.stdout.write(`\nreport written to ${out}\n`);

  const missed = Object.entries(report.languages).flatMap(([lng, figures]) => [
    ...(figures.accuracy < ACCURACY_GOAL ? [`${lng} accuracy ${(figures.accuracy * 100).toFixed(1)} %`] : []),
    ...(figures.humanRecall < HUMAN_RECALL_GOAL ? [`${lng} "human" recall ${(figures.humanRecall * 100).toFixed(1)} %`] : []),
  ]);
  if (missed.length > 0) process.stdout.write(`goal (${ACCURACY_GOAL * 100} % accuracy, ${HUMAN_RECALL_GOAL * 100} % "human" recall) missed: ${missed.join('; ')}\n`);
  return missed.length > 0 && argv.includes('--strict') ? 1 : 0;
}

function print(report: EvaluationReport, trainingMs: Record<string, number>, modelBytes: number, msPerMessage: number): void {
  const pct = (value: number): string => `${(value * 100).toFixed(1).padStart(5)} %`;
  const lines: string[] = [];
  lines.push('Accuracy per language (held-out)');
  lines.push('  lng  examples  accuracy  human recall  human reached  training');
  for (const [lng, figures] of Object.entries(report.languages)) {
    lines.push(
      `  ${lng.padEnd(4)} ${String(figures.examples).padStart(8)}  ${pct(figures.accuracy)}  ${pct(figures.humanRecall).padStart(12)}  ${pct(figures.humanReached).padStart(13)}  ${String(trainingMs[lng] ?? '?').padStart(5)} ms`,
    );
  }
  lines.push(
    `  all  ${String(report.overall.examples).padStart(8)}  ${pct(report.overall.accuracy)}  ${pct(report.overall.humanRecall).padStart(12)}  ${pct(report.overall.humanReached).padStart(13)}`,
  );
  lines.push(`  model size ${(modelBytes / 1024).toFixed(0)} KiB (JSON), recognition ${msPerMessage.toFixed(2)} ms per message`);

  lines.push('', 'Recall per intent (all languages) and per language');
  const languages = Object.keys(report.languages);
  lines.push(`  ${'intent'.padEnd(16)} ${'all'.padStart(5)}  ${languages.map((lng) => lng.padStart(4)).join(' ')}`);
  for (const intent of INTENTS) {
    const all = languages.reduce(
      (acc, lng) => {
        const figures = report.languages[lng]!.intents[intent];
        return { correct: acc.correct + figures.correct, examples: acc.examples + figures.examples };
      },
      { correct: 0, examples: 0 },
    );
    const perLanguage = languages.map((lng) => String(Math.round(report.languages[lng]!.intents[intent].recall * 100)).padStart(4));
    lines.push(`  ${intent.padEnd(16)} ${String(Math.round((all.correct / Math.max(1, all.examples)) * 100)).padStart(5)}  ${perLanguage.join(' ')}`);
  }

  lines.push('', 'Most frequent confusions (expected → recognised)');
  for (const confusion of report.confusions.slice(0, 15)) {
    const example = confusion.examples[0];
    lines.push(`  ${String(confusion.count).padStart(3)}  ${confusion.expected} → ${confusion.got}${example ? `   e.g. [${example.lng}] "${example.text}"` : ''}`);
  }

  lines.push('', 'Calibration: accuracy of the best guess by its score');
  for (const band of report.calibration) {
    lines.push(`  ${band.from.toFixed(1)}–${band.to.toFixed(1)}  ${String(band.examples).padStart(5)} messages  ${pct(band.accuracy)} right`);
  }

  const t = report.thresholds.chosen;
  lines.push('', `Thresholds CONFIDENT=${t.confident} UNSURE=${t.unsure}`);
  lines.push(`  acted on ${pct(t.actedShare)} of messages, ${pct(t.actedAccuracy)} of them correctly (wrong action on ${pct(t.wrongActionShare)})`);
  lines.push(`  offered two guesses on ${pct(t.offeredShare)}, the right one among them (or a person) ${pct(t.offeredHitRate)}`);
  lines.push(`  not understood ${pct(t.notUnderstoodShare)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
