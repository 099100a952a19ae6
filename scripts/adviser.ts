/**
 * `npm run adviser -- <command>`: manages the advisers who sign in to the console at /console.
 *
 *   add <username> --name "Ana Silva" --languages en,pt --cities lisbon --topics recognition,courses --role adviser
 *       [--days 1,2,3,4,5 --start 09:00 --end 17:00]
 *       The password comes from ADVISER_PASSWORD or the first line of standard input (at least 12 characters).
 *   list
 *   remove <username>
 *
 * It opens the bot's storage (STATE_DIR, as the bot does), which one process at a time may use: stop the bot first, or
 * add advisers in the console's Admin tab while it runs.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { ConfigError, loadConfig, stateDir } from '../src/config';
import { AdviserSchema, publicAdviser } from '../src/handoff/Adviser';
import { AdviserExistsError, AdviserNotFoundError, AdviserStore } from '../src/handoff/AdviserStore';
import { DEFAULT_WORKING_HOURS } from '../src/handoff/workingHours';
import { hashPassword, WeakPasswordError } from '../src/console/password';
import { createLogger } from '../src/logger';
import { openStorage } from '../src/storage/openStorage';
import { DataDirLockedError } from '../src/storage/errors';

const USAGE = `usage:
  npm run adviser -- add <username> --name "Full Name" --languages en,pt --cities lisbon --topics recognition,courses --role adviser|admin [--days 1,2,3,4,5 --start 09:00 --end 17:00]
      (password from ADVISER_PASSWORD or standard input)
  npm run adviser -- list
  npm run adviser -- remove <username>`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parseArgs(argv: string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const value = inline ?? argv[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      if (inline === undefined) i++;
      options.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');

/** The password: ADVISER_PASSWORD, or the first line of stdin (typed without echo on a terminal). */
async function readPassword(): Promise<string> {
  const fromEnv = process.env['ADVISER_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    const input = fs.readFileSync(0, 'utf8');
    return input.split(/\r?\n/)[0] ?? '';
  }
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput.bind(rl);
    process.stdout.write('Password (not shown): ');
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
      if (text.includes('\n')) write('\n');
    };
    rl.question('', (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

async function main(): Promise<number> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, username] = positional;
  if (!command || command === 'help' || options.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (config.STORAGE !== 'lowdb') throw new UsageError('STORAGE=memory keeps nothing: advisers need the lowdb storage (STORAGE=lowdb)');
  const storage = await openStorage(stateDir(config), createLogger('silent'));
  try {
    const advisers = new AdviserStore(storage);
    switch (command) {
      case 'add': {
        if (!username) throw new UsageError('add needs a username');
        const password = await readPassword();
        const hours = {
          days: options.has('days') ? list(options.get('days')).map(Number) : DEFAULT_WORKING_HOURS.days,
          start: options.get('start') ?? DEFAULT_WORKING_HOURS.start,
          end: options.get('end') ?? DEFAULT_WORKING_HOURS.end,
        };
        const candidate = {
          username: username.toLowerCase(),
          name: options.get('name') ?? '',
          role: options.get('role') ?? 'adviser',
          languages: list(options.get('languages')),
          cities: list(options.get('cities')),
          topics: list(options.get('topics')),
          hours,
          passwordHash: 'pending',
          createdAt: new Date().toISOString(),
        };
        const checked = AdviserSchema.safeParse(candidate);
        if (!checked.success) {
          throw new UsageError(checked.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('\n'));
        }
        const added = await advisers.add({ ...checked.data, passwordHash: await hashPassword(password) });
        process.stdout.write(`added ${added.username} (${added.role}): ${added.name}\n`);
        return 0;
      }
      case 'list': {
        const all = await advisers.list();
        if (all.length === 0) process.stdout.write('no advisers yet\n');
        for (const adviser of all.map(publicAdviser)) {
          process.stdout.write(
            [
              adviser.username,
              adviser.role,
              adviser.name,
              `languages=${adviser.languages.join(',')}`,
              `cities=${adviser.cities.join(',')}`,
              `topics=${adviser.topics.join(',')}`,
              `hours=${adviser.hours.days.join(',')} ${adviser.hours.start}-${adviser.hours.end}`,
            ].join('\t') + '\n',
          );
        }
        return 0;
      }
      case 'remove': {
        if (!username) throw new UsageError('remove needs a username');
        await advisers.remove(username.toLowerCase());
        process.stdout.write(`removed ${username}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const err = error as Error;
    const known =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof WeakPasswordError ||
      error instanceof AdviserExistsError ||
      error instanceof AdviserNotFoundError;
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\nWhile the bot runs, add advisers in the console (Admin tab) instead.\n`);
    } else {
      process.stderr.write(`${known ? err.message : `${err.name}: ${err.message}`}\n`);
    }
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exit(known || error instanceof DataDirLockedError ? 2 : 1);
  },
);
