/**
 * `npm run content:check`: validates data/ (exit 1 on any invalid record, e.g. one without its official source) and
 * lists the records nobody reviewed for 12 months (a warning: check them at their source and update lastReviewed).
 */
import { checkContent } from '../src/content/contentCheck';
import { dataDir } from '../src/content/dataDir';

const report = checkContent(dataDir());
for (const error of report.errors) process.stderr.write(`ERROR ${error}\n`);
for (const record of report.stale) {
  process.stdout.write(`STALE ${record.file} ${record.path}: last reviewed ${record.lastReviewed} — ${record.sourceUrl}\n`);
}
process.stdout.write(
  `content check: ${report.records} records with provenance, ${report.stale.length} not reviewed for 12 months, ${report.errors.length} error(s)\n`,
);
process.exit(report.errors.length > 0 ? 1 : 0);
