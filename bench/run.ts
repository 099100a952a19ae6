/**
 * `npm run bench`: this bot beside a bare botbuilder echo bot, on loopback, in one run. Not a test: run on demand.
 * Writes bench/results/latest.json and bench/results/latest.md. BENCH_SECONDS shortens or lengthens each load phase;
 * BENCH_SIZES (e.g. "1000,10000") chooses the stored-conversation sizes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStorage } from '../src/storage/LowdbStorage';
import { runLoad, type LoadResult } from './load';

const ROOT = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').map(Number);

/** A multi-turn conversation that runs the dialogs, i18n, choice matching and storage on every turn. */
const SCRIPT = ['hi', 'English', 'Yes', 'Work or training', 'Language courses', 'Lisbon', 'menu', 'My diploma or trade', 'nurce', 'help', 'menu'];

interface Started {
  child: ChildProcess;
  base: string;
  startupMs: number;
}

async function start(script: string, env: Record<string, string>): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    // The load comes from one address at machine speed: the abuse limits would refuse it, so they are lifted here.
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_CONVERSATION: '100000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const base = /bot listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
    if (base) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
      if (ready) return { child, base, startupMs: Math.round(performance.now() - began) };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

function rssMb(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Fills the bot's storage with `total` conversations shaped like real ones (dialog stack + profile). */
async function prefill(stateDir: string, total: number): Promise<void> {
  const storage = await LowdbStorage.open({ dir: path.join(stateDir, 'storage') });
  const existing = Number(fs.existsSync(path.join(stateDir, 'prefilled')) ? fs.readFileSync(path.join(stateDir, 'prefilled'), 'utf8') : 0);
  const batch = 200;
  for (let from = existing; from < total; from += batch) {
    const changes: Record<string, object> = {};
    for (let i = from; i < Math.min(total, from + batch); i += 1) {
      changes[`webchat/conversations/prefill-${i}/`] = {
        dialogState: { dialogStack: [{ id: 'mainDialog', state: { dialogs: { dialogStack: [{ id: 'mainDialog.flow', state: { options: { startAt: 'menu' }, values: {}, stepIndex: 2 } }] } } }] },
        eTag: '*',
      };
      changes[`webchat/users/prefill-person-${i}/`] = { profile: { language: 'pt', role: 'newcomer', welcomed: true }, eTag: '*' };
    }
    await storage.write(changes);
  }
  fs.writeFileSync(path.join(stateDir, 'prefilled'), String(total));
  await storage.close();
}

const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));
  const botScript = path.join(ROOT, 'dist', 'src', 'index.js');
  const echoScript = path.join(ROOT, 'dist', 'bench', 'echoBot.js');
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    secondsPerPhase: SECONDS,
    script: SCRIPT,
  };
  try {
    const side: Record<string, Record<number, LoadResult>> = { echo: {}, bot: {} };
    for (const [name, script, turns, env] of [
      ['echo', echoScript, SCRIPT, {}],
      ['bot', botScript, SCRIPT, { STATE_DIR: stateDir }],
    ] as const) {
      const started = await start(script, env);
      await runLoad({ base: started.base, concurrency: 20, seconds: Math.min(3, SECONDS), script: turns, label: `${name}-warm` });
      for (const concurrency of [50, 200]) {
        side[name]![concurrency] = await runLoad({ base: started.base, concurrency, seconds: SECONDS, script: turns, label: `${name}-${concurrency}` });
        process.stdout.write(`${name} @${concurrency}: ${JSON.stringify(side[name]![concurrency])}\n`);
      }
      await stop(started);
    }
    report['sideBySide'] = {
      echo: side['echo'],
      bot: side['bot'],
      throughputRatio: { 50: ratio(side['bot']![50]!.throughput, side['echo']![50]!.throughput), 200: ratio(side['bot']![200]!.throughput, side['echo']![200]!.throughput) },
      p99Ratio: { 50: ratio(side['bot']![50]!.p99, side['echo']![50]!.p99), 200: ratio(side['bot']![200]!.p99, side['echo']![200]!.p99) },
    };

    const sizes: Array<{ stored: number; startupMs: number; rssMb: number; load: LoadResult }> = [];
    for (const stored of SIZES) {
      const t0 = performance.now();
      await prefill(stateDir, stored);
      process.stdout.write(`prefilled ${stored} conversations in ${Math.round(performance.now() - t0)} ms\n`);
      const started = await start(botScript, { STATE_DIR: stateDir });
      const load = await runLoad({ base: started.base, concurrency: 20, seconds: SECONDS, script: SCRIPT, label: `size-${stored}` });
      sizes.push({ stored, startupMs: started.startupMs, rssMb: rssMb(started.child.pid), load });
      process.stdout.write(`stored ${stored}: ${JSON.stringify(sizes.at(-1))}\n`);
      await stop(started);
    }
    report['storedConversations'] = sizes;
    const first = sizes[0];
    const last = sizes.at(-1);
    if (first && last && first !== last) {
      report['latencyRatioLargestToSmallest'] = { p50: ratio(last.load.p50, first.load.p50), p99: ratio(last.load.p99, first.load.p99) };
    }
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  const outDir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'latest.md'), markdown(report));
  process.stdout.write(markdown(report));
}

function markdown(report: Record<string, unknown>): string {
  const sbs = report['sideBySide'] as
    | { echo: Record<number, LoadResult>; bot: Record<number, LoadResult>; throughputRatio: Record<number, number>; p99Ratio: Record<number, number> }
    | undefined;
  const lines = [`# Benchmark — ${String(report['date']).slice(0, 10)}`, '', `Machine: ${JSON.stringify(report['machine'])}; ${String(report['secondsPerPhase'])} s per phase.`, ''];
  if (sbs) {
    lines.push('| concurrent conversations | echo turns/s | bot turns/s | bot/echo | echo p50 / p99 ms | bot p50 / p99 ms | p99 bot/echo |', '|---|---|---|---|---|---|---|');
    for (const c of [50, 200]) {
      const e = sbs.echo[c]!;
      const b = sbs.bot[c]!;
      lines.push(`| ${c} | ${e.throughput} | ${b.throughput} | ${sbs.throughputRatio[c]} | ${e.p50} / ${e.p99} | ${b.p50} / ${b.p99} | ${sbs.p99Ratio[c]} |`);
    }
    lines.push('');
  }
  const sizes = report['storedConversations'] as Array<{ stored: number; startupMs: number; rssMb: number; load: LoadResult }> | undefined;
  if (sizes) {
    lines.push('| stored conversations | start-up to /readyz ms | RSS MB after load | turns/s (20 concurrent) | p50 / p99 ms |', '|---|---|---|---|---|');
    for (const s of sizes) lines.push(`| ${s.stored} | ${s.startupMs} | ${s.rssMb} | ${s.load.throughput} | ${s.load.p50} / ${s.load.p99} |`);
    lines.push('');
  }
  if (report['latencyRatioLargestToSmallest']) lines.push(`Latency ratio largest/smallest store: ${JSON.stringify(report['latencyRatioLargestToSmallest'])}`, '');
  return `${lines.join('\n')}\n`;
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
