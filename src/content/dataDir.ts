import fs from 'node:fs';
import path from 'node:path';

/** The content folder (data/), found from src/ (tests, ts tools) or dist/src/ (the built bot). */
export function dataDir(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'data'), path.resolve(__dirname, '..', '..', '..', 'data')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'recognition')));
  if (!found) throw new Error(`the content folder data/ was not found (looked in ${candidates.join(', ')})`);
  return found;
}
