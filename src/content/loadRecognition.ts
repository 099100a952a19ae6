import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from './dataDir';
import { parseRecognitionCatalog, type RecognitionCatalog } from './recognitionSchema';

/** The recognition content could not be read or did not pass its schema. `cause` holds the read or zod error. */
export class RecognitionContentError extends Error {
  override readonly name = 'RecognitionContentError';
}

const loaded = new Map<string, RecognitionCatalog>();

/**
 * Reads data/recognition/countries.json and professions.json, validates them together (schemas and cross-file
 * references) and keeps the result: later calls for the same folder return the same catalogue without reading again.
 * A city changes the content by editing the files and restarting the bot.
 */
export function loadRecognitionCatalog(dir: string = dataDir()): RecognitionCatalog {
  const folder = path.resolve(dir);
  const cached = loaded.get(folder);
  if (cached !== undefined) return cached;
  const countries = readJson(path.join(folder, 'recognition', 'countries.json'));
  const professions = readJson(path.join(folder, 'recognition', 'professions.json'));
  let catalog: RecognitionCatalog;
  try {
    catalog = parseRecognitionCatalog(countries, professions);
  } catch (error) {
    throw new RecognitionContentError(`the recognition content in ${folder} is invalid`, { cause: error });
  }
  loaded.set(folder, catalog);
  return catalog;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new RecognitionContentError(`cannot read ${file}`, { cause: error });
  }
}
