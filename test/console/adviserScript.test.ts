import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPassword } from '../../src/console/password';
import { AdviserStore } from '../../src/handoff/AdviserStore';
import { LowdbStorage } from '../../src/storage/LowdbStorage';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'helpers', 'register-ts.js');

function adviserCommand(stateDir: string, args: string[], input = '', env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, 'scripts', 'adviser.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', STATE_DIR: stateDir, LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('npm run adviser', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adviser-script-'));
  });
  afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  it('adds an adviser with the password from stdin (hashed), lists and removes them', async () => {
    const added = await adviserCommand(
      stateDir,
      ['add', 'Ana', '--name', 'Ana Silva', '--languages', 'en,pt', '--cities', 'lisbon', '--topics', 'recognition,courses', '--role', 'admin'],
      'a long enough secret\n',
    );
    expect(added).toMatchObject({ code: 0, out: 'added ana (admin): Ana Silva\n' });

    const duplicate = await adviserCommand(stateDir, ['add', 'ana', '--name', 'Ana', '--languages', 'en', '--cities', 'lisbon', '--topics', 'general'], '', {
      ADVISER_PASSWORD: 'another long secret',
    });
    expect(duplicate.code).toBe(2);
    expect(duplicate.err).toContain('already exists');

    const listed = await adviserCommand(stateDir, ['list']);
    expect(listed.out).toBe('ana\tadmin\tAna Silva\tlanguages=en,pt\tcities=lisbon\ttopics=recognition,courses\thours=1,2,3,4,5 09:00-17:00\n');

    const storage = await LowdbStorage.open({ dir: path.join(stateDir, 'storage') });
    const stored = await new AdviserStore(storage).get('ana');
    await storage.close();
    expect(stored?.passwordHash).not.toContain('a long enough secret');
    expect(await verifyPassword('a long enough secret', stored!.passwordHash)).toBe(true);

    expect(await adviserCommand(stateDir, ['remove', 'ana'])).toMatchObject({ code: 0, out: 'removed ana\n' });
    expect((await adviserCommand(stateDir, ['list'])).out).toBe('no advisers yet\n');
  }, 30_000);

  it('explains what is wrong with an adviser it cannot add', async () => {
    const result = await adviserCommand(stateDir, ['add', 'x!', '--name', '', '--languages', 'klingon', '--cities', 'rome', '--topics', 'courses'], '', {
      ADVISER_PASSWORD: 'a long enough secret',
    });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/username:/);
    expect(result.err).toMatch(/languages\.0:/);
    expect(result.err).toMatch(/cities\.0:/);
    const weak = await adviserCommand(stateDir, ['add', 'bob', '--name', 'Bob', '--languages', 'en', '--cities', 'milan', '--topics', 'courses'], 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.err).toMatch(/at least 12 characters/);
  }, 30_000);
});
