import fs from 'node:fs';
import { activity, post } from './testApp';

/**
 * A conversation as plain text, replayed against the real server:
 *   user> what the person types
 *   bot> the exact text of the bot's next message ("[card] <title>" for a card)
 *   bot~ a regular expression the next message must match
 *   bot… (alone) any number of further messages may follow before the next user line
 * Lines starting with # and blank lines are ignored. `locale:` and `channel:` headers set the activity fields.
 */
export interface TranscriptStep {
  user: string;
  expect: Array<{ exact?: string; pattern?: RegExp }>;
  more: boolean;
}

export function parseTranscript(text: string): { locale?: string; channelId: string; steps: TranscriptStep[] } {
  let locale: string | undefined;
  let channelId = 'webchat';
  const steps: TranscriptStep[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (line.startsWith('locale:')) locale = line.slice(7).trim();
    else if (line.startsWith('channel:')) channelId = line.slice(8).trim();
    else if (line.startsWith('user> ')) steps.push({ user: line.slice(6), expect: [], more: false });
    else if (line.startsWith('bot> ')) last(steps).expect.push({ exact: line.slice(5).replace(/\\n/g, '\n') });
    else if (line.startsWith('bot~ ')) last(steps).expect.push({ pattern: new RegExp(line.slice(5), 's') });
    else if (line.trim() === 'bot…') last(steps).more = true;
    else throw new Error(`transcript line not understood: ${line}`);
  }
  return { ...(locale ? { locale } : {}), channelId, steps };
}

function last(steps: TranscriptStep[]): TranscriptStep {
  const step = steps.at(-1);
  if (!step) throw new Error('a bot line comes before any user line');
  return step;
}

export async function replayTranscript(base: string, file: string, conversationId: string): Promise<void> {
  const { locale, channelId, steps } = parseTranscript(fs.readFileSync(file, 'utf8'));
  for (const [i, step] of steps.entries()) {
    const { replies } = await post(
      base,
      activity(conversationId, { text: step.user, channelId, ...(locale ? { locale } : {}), from: { id: `person-${conversationId}`, name: '' } }),
    );
    // A card shows as "[card] its title", so a transcript can say which course or scheme was shown.
    const texts = replies.map((r) => r.text ?? `[card] ${String((r.attachments?.[0]?.content as { title?: string } | undefined)?.title ?? '')}`);
    const where = `${file} turn ${i + 1} ("${step.user}")`;
    if (!step.more && texts.length !== step.expect.length) {
      throw new Error(`${where}: expected ${step.expect.length} messages, got ${texts.length}:\n${texts.join('\n---\n')}`);
    }
    step.expect.forEach((expected, j) => {
      const got = texts[j];
      const ok = expected.exact !== undefined ? got === expected.exact : expected.pattern!.test(got ?? '');
      if (!ok) throw new Error(`${where}, message ${j + 1}:\nexpected ${expected.exact ?? String(expected.pattern)}\ngot      ${got}`);
    });
  }
}
