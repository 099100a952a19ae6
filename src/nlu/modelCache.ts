import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGE_CODES } from '../content/common';
import { CONCEPTS_FINGERPRINT } from './concepts';
import { IntentModel } from './IntentModel';
import { IntentRecognizer, type IntentRecognizerOptions } from './IntentRecognizer';
import { INTENTS, type NluCorpus } from './nluData';

/**
 * Bump when the code that turns text into features (foldText.ts, textFeatures.ts), the model (IntentModel.ts) or
 * this file format change: a model cached by another version is then retrained instead of read back with the wrong
 * meaning. The training data, the training settings and the concept word lists are in the cache key by themselves.
 */
export const MODEL_VERSION = 1;

const FORMAT = 'newcomer-guide-nlu-model';

const LanguageModelSchema = z.object({
  labels: z.array(z.string().min(1)).min(1),
  features: z.array(z.string()),
  /** Weights as signed 8-bit integers, base64; multiply by `scale`. features.length × labels.length. */
  weights: z.string(),
  scale: z.number().positive(),
  bias: z.array(z.number()),
  featureOptions: z.object({
    minGram: z.number().int().min(1),
    maxGram: z.number().int().min(1),
    wordWeight: z.number().min(0),
    bigramWeight: z.number().min(0),
    conceptWeight: z.number().min(0),
  }),
});

export const SerializedRecognizerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(MODEL_VERSION),
  /** The cache key the model was trained for (see cacheKey). */
  key: z.string().min(1),
  languages: z.record(z.string(), LanguageModelSchema),
});
export type SerializedRecognizer = z.infer<typeof SerializedRecognizerSchema>;

/**
 * The SHA-256 of everything a model depends on: the format version, the training settings, the concept word lists
 * and the training data (languages and intents in a fixed order, so the same content always gives the same key).
 */
export function cacheKey(data: NluCorpus, recognizer: IntentRecognizer): string {
  const canonical = {
    version: MODEL_VERSION,
    settings: recognizer.trainingSettings,
    concepts: CONCEPTS_FINGERPRINT,
    data: LANGUAGE_CODES.filter((lng) => data[lng] !== undefined).map((lng) => [
      lng,
      INTENTS.map((intent) => [intent, data[lng]!.intents[intent]]),
    ]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The trained models as JSON, exactly: reading them back gives the same scores. */
export function serializeRecognizer(recognizer: IntentRecognizer, key: string): SerializedRecognizer {
  const languages: SerializedRecognizer['languages'] = {};
  for (const lng of recognizer.languages) {
    const model = recognizer.model(lng)!;
    languages[lng] = {
      labels: [...model.labels],
      features: [...model.features],
      weights: Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength).toString('base64'),
      scale: model.scale,
      bias: [...model.bias],
      featureOptions: { ...model.featureOptions },
    };
  }
  return { format: FORMAT, version: MODEL_VERSION, key, languages };
}

/**
 * Rebuilds the models of a serialised recognizer into `recognizer`.
 * @throws {RangeError} when the weights do not fit the features and labels.
 */
export function restoreRecognizer(serialized: SerializedRecognizer, recognizer: IntentRecognizer): IntentRecognizer {
  for (const [lng, stored] of Object.entries(serialized.languages)) {
    const bytes = Buffer.from(stored.weights, 'base64');
    const expected = stored.features.length * stored.labels.length;
    if (bytes.length !== expected) {
      throw new RangeError(`the cached model for ${lng} has ${bytes.length} weights, expected ${expected}`);
    }
    const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length).slice();
    const bias = Float32Array.from(stored.bias);
    recognizer.useModel(lng, new IntentModel(stored.labels, stored.features, weights, stored.scale, bias, stored.featureOptions));
  }
  return recognizer;
}

/** The model cache could not be read back or written. `cause` holds the read, parse or write error. */
export class NluModelCacheError extends Error {
  override readonly name = 'NluModelCacheError';
}

export interface LoadedRecognizer {
  recognizer: IntentRecognizer;
  /** "cache" when the models were read back, "trained" when they were trained at this start. */
  source: 'cache' | 'trained';
  /** The cache file read or written. */
  file: string;
  /** Set when a cache file existed but could not be used, or the new one could not be written. The models work. */
  cacheProblem?: NluModelCacheError;
}

/**
 * The recognizer for `data`, from `<stateDir>/nlu/model-<key>.json` when a model for exactly this data, settings
 * and version is there; otherwise trained now and written there (older model files are removed). A corrupt or
 * foreign cache file is ignored and replaced; a cache that cannot be written does not stop start-up.
 */
export async function loadOrTrain(
  stateDir: string,
  data: NluCorpus,
  options: IntentRecognizerOptions = {},
): Promise<LoadedRecognizer> {
  const recognizer = new IntentRecognizer(options);
  const key = cacheKey(data, recognizer);
  const dir = path.join(stateDir, 'nlu');
  const file = path.join(dir, `model-${key}.json`);

  let cacheProblem: NluModelCacheError | undefined;
  try {
    const parsed = SerializedRecognizerSchema.parse(JSON.parse(await readFile(file, 'utf8')) as unknown);
    if (parsed.key !== key) throw new Error(`the cache file was trained for key ${parsed.key}`);
    const expected = LANGUAGE_CODES.filter((lng) => data[lng] !== undefined);
    const missing = expected.filter((lng) => parsed.languages[lng] === undefined);
    if (missing.length > 0) throw new Error(`the cache file has no model for ${missing.join(', ')}`);
    restoreRecognizer(parsed, recognizer);
    return { recognizer, source: 'cache', file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      cacheProblem = new NluModelCacheError(`ignored the unusable NLU model cache ${file}`, { cause: error });
    }
  }

  recognizer.train(data);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    // Written aside and renamed, so a crash mid-write never leaves a half model under the real name.
    await writeFile(temporary, JSON.stringify(serializeRecognizer(recognizer, key)), 'utf8');
    await rename(temporary, file);
    for (const name of await readdir(dir)) {
      if (name.startsWith('model-') && name.endsWith('.json') && name !== path.basename(file)) {
        await rm(path.join(dir, name), { force: true });
      }
    }
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    cacheProblem ??= new NluModelCacheError(`could not write the NLU model cache ${file}`, { cause: error });
  }
  const loaded: LoadedRecognizer = { recognizer, source: 'trained', file };
  if (cacheProblem !== undefined) loaded.cacheProblem = cacheProblem;
  return loaded;
}
