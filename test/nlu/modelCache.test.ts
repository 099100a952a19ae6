import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IntentRecognizer } from '../../src/nlu/IntentRecognizer';
import { cacheKey, loadOrTrain, MODEL_VERSION, NluModelCacheError, SerializedRecognizerSchema } from '../../src/nlu/modelCache';
import { loadNluCorpus, type NluCorpus } from '../../src/nlu/nluData';

const train = loadNluCorpus('train');
// Two languages keep these tests quick; the cache does not depend on how many there are.
const data: NluCorpus = { en: train.en, pt: train.pt };

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'nlu-cache-'));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await rm(stateDir, { recursive: true, force: true });
});

const modelFiles = async (): Promise<string[]> => (await readdir(path.join(stateDir, 'nlu'))).filter((name) => name.endsWith('.json'));

describe('loadOrTrain', () => {
  it('trains on the first start and writes the model to <stateDir>/nlu/model-<sha256>.json', async () => {
    const loaded = await loadOrTrain(stateDir, data);

    expect(loaded.source).toBe('trained');
    expect(loaded.cacheProblem).toBeUndefined();
    expect(path.basename(loaded.file)).toMatch(/^model-[0-9a-f]{64}\.json$/);
    expect(await modelFiles()).toEqual([path.basename(loaded.file)]);
    const stored = SerializedRecognizerSchema.parse(JSON.parse(await readFile(loaded.file, 'utf8')));
    expect(stored.version).toBe(MODEL_VERSION);
    expect(Object.keys(stored.languages).sort()).toEqual(['en', 'pt']);
  }, 30_000);

  it('reads the model back on the next start without training, and recognises exactly the same', async () => {
    const first = await loadOrTrain(stateDir, data);
    const train = jest.spyOn(IntentRecognizer.prototype, 'train');

    const second = await loadOrTrain(stateDir, data);

    expect(second.source).toBe('cache');
    expect(second.file).toBe(first.file);
    expect(train).not.toHaveBeenCalled();
    for (const [text, lng] of [['curso de português à noite', 'pt'], ['talk to a human', 'en'], ['tell me a joke', 'en']] as const) {
      expect(second.recognizer.recognize(text, lng)).toEqual(first.recognizer.recognize(text, lng));
    }
  }, 30_000);

  it.each([
    ['not JSON', '{"format": "newcomer-guide'],
    ['another format', JSON.stringify({ hello: 'world' })],
    ['truncated weights', 'TRUNCATE'],
  ])('ignores a corrupt cache file (%s), retrains and replaces it', async (_, content) => {
    const { file } = await loadOrTrain(stateDir, data);
    if (content === 'TRUNCATE') {
      const stored = JSON.parse(await readFile(file, 'utf8')) as { languages: Record<string, { weights: string }> };
      stored.languages['pt']!.weights = stored.languages['pt']!.weights.slice(0, 100);
      await writeFile(file, JSON.stringify(stored), 'utf8');
    } else {
      await writeFile(file, content, 'utf8');
    }
    const train = jest.spyOn(IntentRecognizer.prototype, 'train');

    const rebuilt = await loadOrTrain(stateDir, data);

    expect(rebuilt.source).toBe('trained');
    expect(train).toHaveBeenCalledTimes(1);
    expect(rebuilt.cacheProblem).toBeInstanceOf(NluModelCacheError);
    expect(rebuilt.recognizer.recognize('quero aprender português', 'pt').intent).toBe('courses');
    expect((await loadOrTrain(stateDir, data)).source).toBe('cache');
  }, 60_000);

  it('trains again when the data change, and removes the outdated model', async () => {
    const before = await loadOrTrain(stateDir, data);
    const changed: NluCorpus = {
      ...data,
      pt: { intents: { ...data.pt!.intents, thanks: [...data.pt!.intents.thanks, 'obrigadíssimo'] } },
    };

    const after = await loadOrTrain(stateDir, changed);

    expect(after.source).toBe('trained');
    expect(after.file).not.toBe(before.file);
    expect(await modelFiles()).toEqual([path.basename(after.file)]);
  }, 60_000);

  it('still starts when the cache cannot be written', async () => {
    const blocked = path.join(stateDir, 'blocked');
    await writeFile(blocked, 'a file where the nlu folder should go', 'utf8');

    const loaded = await loadOrTrain(blocked, data);

    expect(loaded.source).toBe('trained');
    expect(loaded.cacheProblem).toBeInstanceOf(NluModelCacheError);
    expect(loaded.recognizer.recognize('talk to a human', 'en').intent).toBe('human');
  }, 30_000);
});

describe('cacheKey', () => {
  it('depends on the data, in a fixed order, and on the training settings', () => {
    const recognizer = new IntentRecognizer();
    const reordered: NluCorpus = { pt: data.pt, en: data.en };
    expect(cacheKey(reordered, recognizer)).toBe(cacheKey(data, recognizer));
    expect(cacheKey({ en: data.en }, recognizer)).not.toBe(cacheKey(data, recognizer));
    expect(cacheKey(data, new IntentRecognizer({ englishWeight: 0 }))).not.toBe(cacheKey(data, recognizer));
  });
});
