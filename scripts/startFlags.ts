import fs from 'node:fs';
import path from 'node:path';

/**
 * The Node flags `npm start` runs the bot with (read from package.json's start script), so that the benchmark and the
 * soak run the bot as it is deployed.
 */
export function startFlags(root: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const command = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/src\/index\.js/.exec(manifest.scripts?.['start'] ?? '');
  return command?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
