/** A closed-loop load: N virtual people, each sending the next turn as soon as the previous one was answered. */
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
}

let conversationCounter = 0;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
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
          const response = await fetch(`${options.base}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          });
          const answer = (await response.json()) as { activities?: Array<{ type: string }> };
          if (!response.ok || !answer.activities?.some((a) => a.type === 'message')) errors += 1;
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
