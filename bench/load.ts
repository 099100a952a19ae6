import http from 'node:http';

/**
 * A closed-loop load: N virtual people, each sending the next turn as soon as the previous one was answered. Requests go
 * through node:http over kept-alive connections, as a channel's connector keeps them: pass the same `agent` to every
 * phase against one bot, so that only the first phase opens connections. (Global fetch opened new connections in
 * bursts; 50 connections opened at once delayed the first replies by up to 3 s on this machine.)
 */
export interface LoadResult {
  concurrency: number;
  seconds: number;
  turns: number;
  errors: number;
  throughput: number;
  p50: number;
  p99: number;
}

export interface LoadOptions {
  base: string;
  concurrency: number;
  seconds: number;
  /** The turns of one conversation; when they are done the person starts a new conversation. */
  script: readonly string[];
  label: string;
  /** Kept-alive connections to reuse (one agent per bot); by default a new agent, closed at the end. */
  agent?: http.Agent;
}

let conversationCounter = 0;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** POSTs a JSON body; resolves with the status and the parsed answer. */
function post(agent: http.Agent, url: URL, body: string): Promise<{ status: number; answer: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, answer: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
          } catch (error) {
            reject(error as Error);
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const agent = options.agent ?? new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const url = new URL(`${options.base}/api/messages`);
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;

  const person = async (index: number): Promise<void> => {
    while (performance.now() < deadline) {
      conversationCounter += 1;
      const conversationId = `${options.label}-${index}-${conversationCounter}`;
      for (const [turn, text] of options.script.entries()) {
        if (performance.now() >= deadline) return;
        const body = JSON.stringify({
          type: 'message',
          id: `${conversationId}-${turn}`,
          channelId: 'webchat',
          serviceUrl: 'https://webchat.botframework.com/',
          deliveryMode: 'expectReplies',
          conversation: { id: conversationId },
          from: { id: `person-${conversationId}` },
          recipient: { id: 'bot' },
          text,
        });
        const started = performance.now();
        try {
          const { status, answer } = await post(agent, url, body);
          const activities = (answer as { activities?: Array<{ type: string }> } | undefined)?.activities;
          if (status !== 200 || !activities?.some((a) => a.type === 'message')) errors += 1;
          else latencies.push(performance.now() - started);
        } catch {
          errors += 1;
        }
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => person(i)));
  const seconds = (performance.now() - started) / 1000;
  if (!options.agent) agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    seconds: Number(seconds.toFixed(2)),
    turns: latencies.length,
    errors,
    throughput: Number((latencies.length / seconds).toFixed(1)),
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
  };
}
