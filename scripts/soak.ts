/**
 * `npm run soak`: many concurrent conversations against a real bot process on loopback for a bounded time, with one
 * crash (SIGKILL) and restart in the middle. Reports turns sent and answered, conversations whose state was lost
 * (the bot forgot the person: welcome, language or consent asked again), and the server's memory at start and end.
 * SOAK_SECONDS (default 120) and SOAK_PEOPLE (default 40) set the size. Not a test: run on demand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFlags } from './startFlags';

const ROOT = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 120);
const PEOPLE = Number(process.env['SOAK_PEOPLE'] ?? 40);
const SETUP = ['hi', 'English', 'Yes', 'Work or training'];
/** A loop that keeps every part of the bot busy; each reply's first message must match. */
const LOOP: Array<[string, RegExp]> = [
  ['Language courses', /^In which city do you want to learn/],
  ['Lisbon', /^Now I will ask a few short questions/],
  ['menu', /^What can I help you with\?/],
  ['My diploma or trade', /^What is your job or your qualification\?/],
  ['nurce', /^OK: nurse\./],
  ['menu', /^What can I help you with\?/],
];
/** Replies that mean the bot forgot the person. */
const FORGOTTEN = /^(Hello! I am a guide|Which language do you want to use|I would like to keep your language)/;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startBot(port: number, stateDir: string): ChildProcess {
  // As `npm start` runs it (its heap flags included).
  return spawn(process.execPath, [...startFlags(ROOT), path.join(ROOT, 'dist', 'src', 'index.js')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), STATE_DIR: stateDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_CONVERSATION: '100000000' },
    stdio: 'ignore',
  });
}

async function waitReady(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the bot did not become ready');
}

const rssMb = (pid: number | undefined): number =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let bot = startBot(port, stateDir);
  await waitReady(base);
  const memoryStart = rssMb(bot.pid);
  const stats = { sent: 0, answered: 0, failed: 0, unexpected: 0, stateLost: 0, restarts: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  let sequence = 0;

  const send = async (conversation: string, text: string): Promise<string | undefined> => {
    sequence += 1;
    stats.sent += 1;
    try {
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `soak-${sequence}`,
          channelId: 'webchat',
          serviceUrl: 'https://webchat.botframework.com/',
          deliveryMode: 'expectReplies',
          conversation: { id: conversation },
          from: { id: `${conversation}-person` },
          recipient: { id: 'bot' },
          text,
        }),
      });
      const body = (await response.json()) as { activities?: Array<{ type: string; text?: string }> };
      const first = body.activities?.find((a) => a.type === 'message')?.text;
      if (first === undefined) throw new Error('no reply');
      stats.answered += 1;
      return first;
    } catch {
      stats.failed += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return undefined;
    }
  };

  const person = async (index: number): Promise<void> => {
    const conversation = `soak-${index}`;
    for (const text of SETUP) while ((await send(conversation, text)) === undefined && Date.now() < deadline);
    let step = 0;
    while (Date.now() < deadline) {
      const [text, expected] = LOOP[step % LOOP.length]!;
      const reply = await send(conversation, text);
      if (reply === undefined) {
        // The turn was in flight during the crash: resynchronise at the menu (it works from anywhere).
        step = LOOP.findIndex(([t]) => t === 'menu');
        continue;
      }
      if (FORGOTTEN.test(reply)) {
        stats.stateLost += 1;
        return;
      }
      if (!expected.test(reply)) stats.unexpected += 1;
      step += 1;
    }
  };

  const crash = (async () => {
    await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 2));
    bot.kill('SIGKILL');
    await new Promise((resolve) => bot.once('exit', resolve));
    stats.restarts += 1;
    bot = startBot(port, stateDir);
    await waitReady(base);
  })();

  await Promise.all([...Array.from({ length: PEOPLE }, (_, i) => person(i)), crash]);
  const memoryEnd = rssMb(bot.pid);
  bot.kill('SIGTERM');
  await new Promise((resolve) => bot.once('exit', resolve));
  fs.rmSync(stateDir, { recursive: true, force: true });
  const report = { date: new Date().toISOString(), seconds: SECONDS, people: PEOPLE, ...stats, memoryStartMb: memoryStart, memoryEndMb: memoryEnd };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.stateLost === 0 ? 0 : 1);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
