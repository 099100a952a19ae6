import type { Activity, DirectLine as DirectLineType, Message } from 'botframework-directlinejs';

// DirectLineJS needs browser globals in Node, set before it is loaded.
const globals = globalThis as Record<string, unknown>;
globals['XMLHttpRequest'] = require('xhr2');
globals['WebSocket'] = require('ws');
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

/** A person talking to the bot through the real DirectLineJS client, as Web Chat does. */
export class DirectLinePerson {
  readonly directLine: DirectLineType;
  private readonly received: Message[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(base: string, token: string, options: { webSocket: boolean; userId?: string }) {
    this.directLine = new DirectLine({
      token,
      domain: `${base}/v3/directline`,
      webSocket: options.webSocket,
      pollingInterval: 200,
    });
    // activity$ is hot and lazy: subscribe before posting.
    this.directLine.activity$.subscribe({
      next: (activity: Activity) => {
        if (activity.type === 'message' && activity.from.role !== 'user' && activity.from.id !== this.userId) {
          this.received.push(activity as Message);
          for (const wake of this.waiters.splice(0)) wake();
        }
      },
      // After end() the client reports "conversation ended" to its subscribers: expected, not a failure.
      error: () => undefined,
    });
    this.userId = options.userId ?? 'person-1';
  }

  readonly userId: string;

  /** Waits (bounded) until the bot has sent `count` messages in total; returns them all. */
  async botMessages(count: number, timeoutMs = 8000): Promise<Message[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} bot messages, got ${this.received.length}: ${JSON.stringify(this.received.map((m) => m.text))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return [...this.received];
  }

  say(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.directLine
        .postActivity({ type: 'message', from: { id: this.userId }, text } satisfies Message)
        .subscribe({ next: resolve, error: reject });
    });
  }

  end(): void {
    this.directLine.end();
  }
}

export async function tryItToken(base: string): Promise<string> {
  const response = await fetch(`${base}/api/tryit/token`, { method: 'POST' });
  if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
