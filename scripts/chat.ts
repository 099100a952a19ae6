/**
 * `npm run chat`: a conversation with a running bot in the terminal, through its local Direct Line endpoint.
 * BOT_URL (default http://127.0.0.1:3978) says where the bot is. Type `/quit` (or Ctrl+D) to leave.
 */
import readline from 'node:readline';
import type { Activity, Message } from 'botframework-directlinejs';

async function main(): Promise<void> {
  // DirectLineJS needs these browser globals in Node, set before it is loaded.
  const globals = globalThis as Record<string, unknown>;
  globals['XMLHttpRequest'] = require('xhr2');
  globals['WebSocket'] = require('ws');
  const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

  const base = (process.env['BOT_URL'] ?? 'http://127.0.0.1:3978').replace(/\/$/, '');
  const response = await fetch(`${base}/api/tryit/token`, { method: 'POST' }).catch((error: Error) => {
    throw new Error(`no bot answers at ${base} (${error.message}). Start it with: npm start`);
  });
  if (!response.ok) throw new Error(`the bot at ${base} refused a token (HTTP ${response.status})`);
  const { token } = (await response.json()) as { token: string };
  const directLine = new DirectLine({ token, domain: `${base}/v3/directline`, webSocket: true });
  const userId = 'terminal-user';
  let lastOptions: string[] = [];

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  directLine.activity$.subscribe({
    error: (error: Error) => {
      if (error.message !== 'conversation ended') process.stderr.write(`connection lost: ${error.message}\n`);
    },
    next: (activity: Activity) => {
    if (activity.type !== 'message' || activity.from?.role === 'user' || activity.from?.id === userId) return;
    const message = activity as Message;
    readline.clearLine(process.stdout, 0);
    readline.cursorTo(process.stdout, 0);
    process.stdout.write(`bot: ${message.text ?? ''}\n`);
    const actions = message.suggestedActions?.actions ?? [];
    if (actions.length > 0) {
      lastOptions = actions.map((action) => String(action.value ?? action.title));
      actions.forEach((action, i) => process.stdout.write(`     ${i + 1}. ${action.title}\n`));
    }
    rl.prompt(true);
    },
  });

  rl.on('line', (line) => {
    const text = line.trim();
    if (text === '/quit') {
      rl.close();
      return;
    }
    if (text === '') {
      rl.prompt();
      return;
    }
    // A bare number picks a button, as a click would.
    const picked = /^\d+$/.test(text) ? lastOptions[Number(text) - 1] : undefined;
    directLine
      .postActivity({ type: 'message', from: { id: userId, name: 'You' }, text: picked ?? text } satisfies Message)
      .subscribe({ error: (error: Error) => process.stderr.write(`could not send: ${error.message}\n`) });
  });
  rl.on('close', () => {
    directLine.end();
    process.stdout.write('\nbye\n');
    process.exit(0);
  });
  rl.prompt();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
