/** Shared wiring for the internship dialogs' tests: a DialogTestClient that speaks as one user, in one language. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoSaveStateMiddleware, MemoryStorage, UserState, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import type { UserProfile } from '../../src/bot/UserProfile';
import { parseSchemeCatalogue, type Scheme } from '../../src/content/schemesSchema';
import type { Handoff, HandoffRequest } from '../../src/handoff/HandoffRequest';
import type { OfferDraft } from '../../src/internships/InternshipOffer';
import { i18n } from '../helpers/testApp';

export { i18n };

/** Test-only schemes (test/fixtures/schemes.json), never the real data. */
export const fixtureSchemes: Scheme[] = parseSchemeCatalogue(
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'schemes.json'), 'utf8')) as unknown,
).schemes;

/** A fixed clock: 23 November 2026, 10:00 UTC. */
export const NOW = new Date('2026-11-23T10:00:00Z');
export const now = (): Date => NOW;

/** A Handoff that records what it was asked and tells the person nothing. */
export class FakeHandoff implements Handoff {
  readonly calls: HandoffRequest[] = [];

  async request(_context: TurnContext, request: HandoffRequest): Promise<void> {
    this.calls.push(request);
  }
}

export interface Chat {
  client: DialogTestClient;
  /** Sends a message as this chat's user and returns every text the bot sent back, in order. */
  say(text: string): Promise<string[]>;
}

/** A chat with `dialog` as one user (`userId`) on webchat, with the person's language already chosen. */
export function chat(dialog: Dialog, options: { userId: string; language?: string; dialogOptions?: unknown }): Chat {
  const userState = new UserState(new MemoryStorage());
  const profile = userState.createProperty<UserProfile>('profile');
  const presetLanguage: Middleware = {
    onTurn: async (context, next) => {
      const current = await profile.get(context, {});
      if (!current.language) await profile.set(context, { ...current, language: options.language ?? 'en' });
      await next();
    },
  };
  const client = new DialogTestClient('webchat', dialog, options.dialogOptions, [
    presetLanguage,
    new LocaleMiddleware(i18n, profile),
    new AutoSaveStateMiddleware(userState),
  ]);
  const user = { id: options.userId, name: options.userId };
  return {
    client,
    async say(text: string): Promise<string[]> {
      const activity: Partial<Activity> = { type: 'message', text, from: user };
      const texts: string[] = [];
      let reply = await client.sendActivity(activity);
      while (reply !== undefined) {
        if (reply.type === 'message') texts.push(reply.text ?? '');
        reply = client.getNextReply();
      }
      return texts;
    },
  };
}

/** A valid offer, as the form would produce it; override what a test needs. */
export function draft(overrides: Partial<OfferDraft> = {}): OfferDraft {
  return {
    company: 'Harbour Care Ltd',
    sector: 'care',
    role: 'Care assistant',
    city: 'birmingham',
    district: 'Ladywood',
    startDate: '2027-01-11',
    durationWeeks: 12,
    hoursPerWeek: 30,
    stipend: { kind: 'monthly', amount: 650 },
    languageLevel: 'B1',
    mentor: true,
    contact: 'jobs@harbour-care.example',
    ...overrides,
  };
}

/** A deterministic id source: UUIDs that sort in creation order. */
export function sequentialIds(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
}
