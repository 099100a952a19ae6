/**
 * `npm run bench`: this bot beside a bare botbuilder echo bot, on loopback, in one run. Not a test: run on demand.
 * Writes bench/results/latest.json and bench/results/latest.md. BENCH_SECONDS sets the load time per bot and
 * concurrency (split into BENCH_ROUNDS alternating rounds); BENCH_SIZES (e.g. "1000,10000") chooses the
 * stored-conversation sizes, whose bots are also loaded in alternating rounds; BENCH_BOT_FLAGS replaces the bot's Node flags (npm start's by default).
 *
 * A second reference, bench/waterfallBot.ts (botbuilder's state and one waterfall, nothing else), is measured in the same
 * rounds: it shows what the framework alone costs.
 *
 * The bots run at the same time and are loaded in turns (echo, waterfall, bot, echo, …): on a shared virtual machine the
 * CPU's speed drifts by tens of percent within minutes, and alternating short rounds puts both bots under the same
 * drift. Each figure is the median of the rounds. The bot runs with the Node flags of `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStorage } from '../src/storage/LowdbStorage';
import { startFlags as npmStartFlags } from '../scripts/startFlags';
import { runLoad, type LoadResult } from './load';

const ROOT = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 5));
/** The bot's Node flags: npm start's, or BENCH_BOT_FLAGS (space-separated) to try others. */
const startFlags = (): string[] => process.env['BENCH_BOT_FLAGS']?.split(' ').filter(Boolean) ?? npmStartFlags(ROOT);
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').map(Number);

/** A multi-turn conversation that runs the dialogs, i18n, choice matching and storage on every turn. */
const SCRIPT = ['hi', 'English', 'Yes', 'Work or training', 'Language courses', 'Lisbon', 'menu', 'My diploma or trade', 'nurce', 'help', 'menu'];

interface Started {
  child: ChildProcess;
  base: string;
  startupMs: number;
}

async function start(script: string, env: Record<string, string>, flags: string[] = []): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, [...flags, script], {
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
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The median round (by throughput) of several, with the medians of its latencies. */
function medianOf(rounds: LoadResult[]): LoadResult {
  const pick = (key: 'throughput' | 'p50' | 'p99') => Number(median(rounds.map((r) => r[key])).toFixed(1));
  return {
    concurrency: rounds[0]!.concurrency,
    seconds: Number(rounds.reduce((sum, r) => sum + r.seconds, 0).toFixed(2)),
    turns: rounds.reduce((sum, r) => sum + r.turns, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    throughput: pick('throughput'),
    p50: pick('p50'),
    p99: pick('p99'),
  };
}

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));
  const botScript = path.join(ROOT, 'dist', 'src', 'index.js');
  const echoScript = path.join(ROOT, 'dist', 'bench', 'echoBot.js');
  const waterfallScript = path.join(ROOT, 'dist', 'bench', 'waterfallBot.js');
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    secondsPerPhase: SECONDS,
    rounds: ROUNDS,
    script: SCRIPT,
  };
  try {
    const flags = startFlags();
    report['botNodeFlags'] = flags;
    const bots = {
      echo: await start(echoScript, {}),
      waterfall: await start(waterfallScript, {}),
      bot: await start(botScript, { STATE_DIR: stateDir }, flags),
    };
    const names = Object.keys(bots);
    // One set of kept-alive connections per bot for the whole comparison (see load.ts).
    const agents: Record<string, http.Agent> = Object.fromEntries(names.map((name) => [name, new http.Agent({ keepAlive: true, maxSockets: 200 })]));
    const side: Record<string, Record<number, LoadResult>> = Object.fromEntries(names.map((name) => [name, {}]));
    const throughputRatio: Record<number, number> = {};
    const p99Ratio: Record<number, number> = {};
    const waterfallRatio: Record<number, number> = {};
    try {
      for (const [name, started] of Object.entries(bots)) {
        await runLoad({ base: started.base, concurrency: 200, seconds: Math.min(3, SECONDS), script: SCRIPT, label: `${name}-warm`, agent: agents[name]! });
      }
      for (const concurrency of [50, 200]) {
        const rounds: Record<string, LoadResult[]> = Object.fromEntries(names.map((name) => [name, []]));
        for (let round = 0; round < ROUNDS; round++) {
          for (const [name, started] of Object.entries(bots)) {
            const result = await runLoad({
              base: started.base,
              concurrency,
              seconds: SECONDS / ROUNDS,
              script: SCRIPT,
              label: `${name}-${concurrency}-${round}`,
              agent: agents[name]!,
            });
            rounds[name]!.push(result);
            process.stdout.write(`  round ${round + 1} ${name} @${concurrency}: ${result.throughput} turns/s, p50 ${result.p50} ms, p99 ${result.p99} ms\n`);
          }
        }
        for (const name of names) {
          side[name]![concurrency] = medianOf(rounds[name]!);
          process.stdout.write(`${name} @${concurrency}: ${JSON.stringify(side[name]![concurrency])}\n`);
        }
        // Ratios per round (both bots measured within seconds of each other), then their median.
        throughputRatio[concurrency] = ratio(median(rounds['bot']!.map((b, i) => b.throughput / rounds['echo']![i]!.throughput)), 1);
        p99Ratio[concurrency] = ratio(median(rounds['bot']!.map((b, i) => b.p99 / rounds['echo']![i]!.p99)), 1);
        waterfallRatio[concurrency] = ratio(median(rounds['waterfall']!.map((w, i) => w.throughput / rounds['echo']![i]!.throughput)), 1);
      }
    } finally {
      for (const agent of Object.values(agents)) agent.destroy();
      await Promise.all(Object.values(bots).map(stop));
    }
    report['sideBySide'] = { echo: side['echo'], waterfall: side['waterfall'], bot: side['bot'], throughputRatio, p99Ratio, waterfallRatio };

    // Each size in its own folder, its bot started and kept running; the sizes are then loaded in alternating rounds,
    // like the bots above: measured one after another, minutes apart, the machine's drift showed up as a size effect.
    const sized: Array<{ stored: number; started: Started; agent: http.Agent; rounds: LoadResult[] }> = [];
    try {
      for (const stored of SIZES) {
        const dir = path.join(stateDir, `stored-${stored}`);
        const t0 = performance.now();
        await prefill(dir, stored);
        process.stdout.write(`prefilled ${stored} conversations in ${Math.round(performance.now() - t0)} ms\n`);
        // The language model the first bot trained: start-up is measured as a restart, not as a first start.
        fs.cpSync(path.join(stateDir, 'nlu'), path.join(dir, 'nlu'), { recursive: true });
        const started = await start(botScript, { STATE_DIR: dir }, startFlags());
        sized.push({ stored, started, agent: new http.Agent({ keepAlive: true, maxSockets: 20 }), rounds: [] });
      }
      for (const size of sized) {
        await runLoad({ base: size.started.base, concurrency: 20, seconds: Math.min(3, SECONDS), script: SCRIPT, label: `size-${size.stored}-warm`, agent: size.agent });
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const size of sized) {
          const result = await runLoad({
            base: size.started.base,
            concurrency: 20,
            seconds: SECONDS / ROUNDS,
            script: SCRIPT,
            label: `size-${size.stored}-${round}`,
            agent: size.agent,
          });
          size.rounds.push(result);
          process.stdout.write(`  round ${round + 1} stored ${size.stored}: ${result.throughput} turns/s, p50 ${result.p50} ms, p99 ${result.p99} ms\n`);
        }
      }
      const sizes = sized.map((size) => ({
        stored: size.stored,
        startupMs: size.started.startupMs,
        rssMb: rssMb(size.started.child.pid),
        load: medianOf(size.rounds),
      }));
      for (const size of sizes) process.stdout.write(`stored ${size.stored}: ${JSON.stringify(size)}\n`);
      report['storedConversations'] = sizes;
      const first = sized[0];
      const last = sized.at(-1);
      if (first && last && first !== last) {
        // Per round (the two sizes measured within seconds of each other), then the median.
        const perRound = (key: 'p50' | 'p99') => ratio(median(last.rounds.map((r, i) => r[key] / first.rounds[i]![key])), 1);
        report['latencyRatioLargestToSmallest'] = { p50: perRound('p50'), p99: perRound('p99') };
      }
    } finally {
      for (const size of sized) size.agent.destroy();
      await Promise.all(sized.map((size) => stop(size.started)));
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
    | {
        echo: Record<number, LoadResult>;
        waterfall: Record<number, LoadResult>;
        bot: Record<number, LoadResult>;
        throughputRatio: Record<number, number>;
        p99Ratio: Record<number, number>;
        waterfallRatio: Record<number, number>;
      }
    | undefined;
  const lines = [
    `# Benchmark — ${String(report['date']).slice(0, 10)}`,
    '',
    `Machine: ${JSON.stringify(report['machine'])}; ${String(report['secondsPerPhase'])} s of load per bot and concurrency, in ${String(report['rounds'])} alternating rounds (medians); bot flags: ${JSON.stringify(report['botNodeFlags'])}.`,
    '',
  ];
  if (sbs) {
    lines.push(
      '| concurrent conversations | echo turns/s | bot turns/s | bot/echo | echo p50 / p99 ms | bot p50 / p99 ms | p99 bot/echo | waterfall reference turns/s (÷ echo) |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const c of [50, 200]) {
      const e = sbs.echo[c]!;
      const b = sbs.bot[c]!;
      const w = sbs.waterfall[c]!;
      lines.push(
        `| ${c} | ${e.throughput} | ${b.throughput} | ${sbs.throughputRatio[c]} | ${e.p50} / ${e.p99} | ${b.p50} / ${b.p99} | ${sbs.p99Ratio[c]} | ${w.throughput} (${sbs.waterfallRatio[c]}) |`,
      );
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
