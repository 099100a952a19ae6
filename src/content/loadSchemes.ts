import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from './dataDir';
import { parseSchemeCatalogue, type Scheme } from './schemesSchema';

/** The schemes file could not be read or does not match the schema; `cause` holds the I/O or zod error. */
export class SchemesLoadError extends Error {
  override readonly name = 'SchemesLoadError';

  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Content: ${file} ${reason}. Fix the file (see the content check) and restart.`, options);
  }
}

/** Where the schemes live in a content folder. */
export function schemesFile(dir: string = dataDir()): string {
  return path.join(dir, 'schemes', 'schemes.json');
}

/**
 * Reads and validates the internships, jobs and employer schemes once, at start-up; the dialogs receive the result.
 * Throws {@link SchemesLoadError} rather than start a bot that would answer from broken content.
 */
export function loadSchemes(file: string = schemesFile()): Scheme[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SchemesLoadError(file, 'could not be read as JSON', { cause: error });
  }
  try {
    return parseSchemeCatalogue(raw).schemes;
  } catch (error) {
    throw new SchemesLoadError(file, 'does not match the schemes schema', { cause: error });
  }
}
