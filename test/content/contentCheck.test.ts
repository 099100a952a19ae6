import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkContent } from '../../src/content/contentCheck';
import { dataDir } from '../../src/content/dataDir';

function copyOfData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-'));
  fs.cpSync(dataDir(), dir, { recursive: true });
  return dir;
}

describe('npm run content:check', () => {
  it('passes the shipped content, with every record carrying its provenance', () => {
    const report = checkContent(dataDir(), new Date('2026-11-23T12:00:00Z'));
    expect(report.errors).toEqual([]);
    expect(report.records).toBeGreaterThan(200);
    expect(report.stale).toEqual([]);
  });

  it('lists records not reviewed for 12 months, and only those', () => {
    const dir = copyOfData();
    try {
      const file = path.join(dir, 'schemes', 'schemes.json');
      const catalogue = JSON.parse(fs.readFileSync(file, 'utf8')) as { schemes: Array<{ lastReviewed: string }> };
      catalogue.schemes[0]!.lastReviewed = '2025-11-22';
      catalogue.schemes[1]!.lastReviewed = '2025-11-23';
      fs.writeFileSync(file, JSON.stringify(catalogue));
      const report = checkContent(dir, new Date('2026-11-23T12:00:00Z'));
      expect(report.stale.map((s) => `${s.file} ${s.path}`)).toEqual([`${path.join('schemes', 'schemes.json')} schemes[0]`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails on a record without its official source', () => {
    const dir = copyOfData();
    try {
      const file = path.join(dir, 'courses', 'programmes.json');
      const text = fs.readFileSync(file, 'utf8');
      const data = JSON.parse(text) as Record<string, unknown>;
      const list = (Array.isArray(data) ? data : (Object.values(data).find(Array.isArray) as unknown[])) as Array<Record<string, unknown>>;
      delete list[0]!['sourceUrl'];
      fs.writeFileSync(file, JSON.stringify(data));
      const report = checkContent(dir, new Date('2026-11-23T12:00:00Z'));
      expect(report.errors.join('\n')).toMatch(/courses/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
