import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activity, post } from '../helpers/testApp';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'helpers', 'register-ts.js');

interface Bot {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `src/index.ts` as `npm start` would (the same entry point), with its own environment. */
function startBot(env: Record<string, string>): Bot {
  const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, 'src', 'index.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const listeningUrl = (bot: Bot): string | undefined => /bot listening on (http:\/\/[^"\s]+)/.exec(bot.output())?.[1];

describe('the bot process', () => {
  const started: Bot[] = [];
  let stateDir: string;
  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-state-'));
  });
  afterEach(async () => {
    for (const bot of started.splice(0)) {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
      await bot.exited;
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('refuses to start in production without a Microsoft App ID', async () => {
    const bot = startBot({ NODE_ENV: 'production', STATE_DIR: stateDir });
    started.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/NODE_ENV=production needs MicrosoftAppId/);
  });

  it('refuses a bad PORT with a message naming it', async () => {
    const bot = startBot({ PORT: 'eighty', STATE_DIR: stateDir });
    started.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/PORT/);
  });

  it('listens on loopback, says authentication is off, keeps state across a SIGTERM restart, and never logs what people say', async () => {
    const first = startBot({ STATE_DIR: stateDir });
    started.push(first);
    const base = await waitFor(() => listeningUrl(first), 'the bot to listen');
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.output()).toMatch(/channel authentication is OFF/);
    // Ready only once storage answers and the language model is loaded (trained at this first start).
    await waitFor(async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 'readiness', 30_000);
    expect(first.output()).toMatch(/"source":"trained".*language model loaded/);

    const secret = 'Maryam Haddad +44 7700 900123';
    await post(base, activity('conv-restart', { text: secret, from: { id: 'person-restart', name: '' } }));
    await post(base, activity('conv-restart', { text: 'English', from: { id: 'person-restart', name: '' } }));
    const chosen = await post(base, activity('conv-restart', { text: 'Yes', from: { id: 'person-restart', name: '' } }));
    expect(chosen.replies.map((r) => r.text)).toContain('Are you looking for work or training? Or are you an employer?');

    // A second process on the same state folder is refused with a clear message.
    const second = startBot({ STATE_DIR: stateDir });
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/another bot process \(pid \d+\) is using/);

    const t0 = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(first.output()).not.toContain('Maryam');
    expect(first.output()).not.toContain('7700');
    expect(first.output()).not.toContain('person-restart');

    const again = startBot({ STATE_DIR: stateDir });
    started.push(again);
    const base2 = await waitFor(() => listeningUrl(again), 'the restarted bot to listen');
    await waitFor(async () => ((await fetch(`${base2}/readyz`)).status === 200 ? true : undefined), 'readiness', 30_000);
    // A restart reads the cached model instead of training again.
    expect(again.output()).toMatch(/"source":"cache".*language model loaded/);
    const resumed = await post(base2, activity('conv-restart', { text: '2', from: { id: 'person-restart', name: '' } }));
    // No second welcome: the conversation goes on at the role question.
    expect(resumed.replies.map((r) => r.text)).toEqual(['What can I help your company with?']);
  }, 40_000);
});
