import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemesLoadError, loadSchemes, schemesFile } from '../../src/content/loadSchemes';

describe('loadSchemes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'schemes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the real catalogue from data/, ended programmes included', () => {
    const schemes = loadSchemes();
    expect(schemesFile()).toMatch(/data[/\\]schemes[/\\]schemes\.json$/);
    expect(schemes.find((s) => s.id === 'birmingham-use-it')?.status).toBe('ended');
    expect(schemes.filter((s) => s.status === 'active').length).toBeGreaterThan(10);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const file = join(dir, 'schemes.json');
    writeFileSync(file, '{ "schemes": [');
    expect(() => loadSchemes(file)).toThrow(SchemesLoadError);
    expect(() => loadSchemes(file)).toThrow(file);
  });

  it('refuses a record without a source, with the zod error as the cause', () => {
    const file = join(dir, 'schemes.json');
    const record = { ...(loadSchemes()[0] as Record<string, unknown>) };
    delete record['sourceUrl'];
    writeFileSync(file, JSON.stringify({ schemes: [record] }));
    let thrown: unknown;
    try {
      loadSchemes(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SchemesLoadError);
    expect(String((thrown as Error).cause)).toMatch(/sourceUrl/);
  });

  it('refuses a missing file', () => {
    expect(() => loadSchemes(join(dir, 'nope.json'))).toThrow(/could not be read/);
  });
});
