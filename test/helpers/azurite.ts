import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** A running Azurite blob emulator, in memory, on a loopback port of its own. */
export interface Azurite {
  port: number;
  /** A connection string for the development account on this emulator. */
  connectionString: string;
  /** Stops the emulator (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
}

let containerSequence = 0;

/** A container name no other test in this process uses. */
export function uniqueContainer(label = 'test'): string {
  containerSequence += 1;
  return `${label}-${process.pid}-${containerSequence}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
}

/**
 * Starts `azurite-blob` as a child process on a free loopback port, with in-memory persistence, and waits (at most
 * 20 s) until it says it listens. Call `stop()` in afterAll.
 */
export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  const args = ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--silent', '--skipApiVersionCheck', '--loose'];
  // process.execPath: the Node that runs Jest, not whatever `node` is first on PATH.
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = onceAsync(() => stopChild(child));
  try {
    await waitForListening(child, START_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new Error(`Azurite did not start on port ${port}: ${(error as Error).message}\n${output}`);
  }
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
  return { port, connectionString, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits for Azurite's "successfully listens" line. (Not a TCP probe: the test setup's nock intercepts sockets, and an
 * intercepted connect succeeds whether or not anything listens.)
 */
function waitForListening(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error?: Error): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen = (seen + chunk.toString('utf8')).slice(-1_000);
      if (/successfully listens on/i.test(seen)) done();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      done(new Error(`the process exited (code ${code}, signal ${signal})`));
    const timer = setTimeout(() => done(new Error(`no "listening" line within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}
