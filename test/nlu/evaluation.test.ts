import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LANGUAGE_CODES } from '../../src/content/common';
import { evaluateRecognizer, type EvaluationReport } from '../../src/nlu/evaluateRecognizer';
import { IntentRecognizer } from '../../src/nlu/IntentRecognizer';
import { loadNluCorpus } from '../../src/nlu/nluData';

/** Floors under which a change to the data or the model fails the suite; the goals (90 %, 97 %) are higher. */
const ACCURACY_FLOOR = 0.85;
const HUMAN_RECALL_FLOOR = 0.9;

const root = path.resolve(__dirname, '..', '..');
let report: EvaluationReport;

beforeAll(() => {
  const recognizer = new IntentRecognizer().train(loadNluCorpus('train'));
  report = evaluateRecognizer(recognizer, loadNluCorpus('heldout'));
}, 120_000);

describe('held-out evaluation', () => {
  it.each(LANGUAGE_CODES)(`%s: at least ${ACCURACY_FLOOR * 100} % of held-out messages recognised`, (lng) => {
    expect(report.languages[lng]?.accuracy).toBeGreaterThanOrEqual(ACCURACY_FLOOR);
  });

  it.each(LANGUAGE_CODES)(`%s: at least ${HUMAN_RECALL_FLOOR * 100} % of requests for a person recognised`, (lng) => {
    expect(report.languages[lng]?.humanRecall).toBeGreaterThanOrEqual(HUMAN_RECALL_FLOOR);
  });

  it('lists the confusions, most frequent first, with examples', () => {
    const counts = report.confusions.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    for (const confusion of report.confusions) {
      expect(confusion.expected).not.toBe(confusion.got);
      expect(confusion.examples.length).toBeGreaterThan(0);
    }
    const wrong = Object.values(report.languages).reduce((sum, l) => sum + Math.round(l.examples * (1 - l.accuracy)), 0);
    expect(report.confusions.reduce((sum, c) => sum + c.count, 0)).toBe(wrong);
  });

  it('scores mean something: messages the bot acts on are far more often right than those it asks about', () => {
    const { actedAccuracy, offeredShare } = report.thresholds.chosen;
    expect(actedAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(offeredShare).toBeLessThan(0.4);
  });
});

describe('scripts/nlu-eval.ts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nlu-eval-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the figures and writes the report as JSON', async () => {
    const out = path.join(dir, 'nested', 'nlu-eval.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', './test/helpers/register-ts.js', 'scripts/nlu-eval.ts', '--out', out],
      { cwd: root },
    );

    expect(stdout).toContain('Accuracy per language');
    expect(stdout).toContain('Most frequent confusions');
    const written = JSON.parse(await readFile(out, 'utf8')) as EvaluationReport & { trainingMs: Record<string, number>; modelBytes: number };
    expect(Object.keys(written.languages).sort()).toEqual([...LANGUAGE_CODES].sort());
    expect(Object.keys(written.trainingMs).sort()).toEqual([...LANGUAGE_CODES].sort());
    expect(written.modelBytes).toBeGreaterThan(0);
    expect(written.overall.accuracy).toBe(report.overall.accuracy);
  }, 120_000);
});
