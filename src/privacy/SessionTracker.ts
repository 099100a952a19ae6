import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { hasConsent } from './ConsentRecord';
import type { SessionRecord } from './SessionRecord';

/**
 * Notes, in the conversation state, when the person last wrote, who they are and whether they agreed that the bot keeps
 * their data: what the retention job reads. It only sets a property; the bot saves the state once, at the end of the
 * turn, so this costs no extra storage write. Goes after the locale middleware (which loads the profile).
 */
export class SessionTracker implements Middleware {
  constructor(
    private readonly session: StatePropertyAccessor<SessionRecord>,
    private readonly consentOf: (context: TurnContext) => Promise<boolean>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { channelId, from, recipient, conversation } = context.activity;
    const fromPerson = typeof from?.id === 'string' && from.id !== '' && from.id !== recipient?.id && from.role !== 'bot';
    if (channelId && conversation?.id && fromPerson) {
      const record: SessionRecord = {
        lastSeen: this.now().toISOString(),
        channelId,
        userId: from.id,
        consent: await this.consentOf(context),
      };
      await this.session.set(context, record);
    }
    await next();
  }
}

/**
 * Reads consent from the profile (`profile.consent`, a ConsentRecord). The retention job checks the stored profile again
 * before it erases, so a consent given during this very turn is not lost.
 */
export function consentFromProfile(profile: StatePropertyAccessor<object>): (context: TurnContext) => Promise<boolean> {
  return async (context) => {
    const current: unknown = await profile.get(context);
    return hasConsent(typeof current === 'object' && current !== null ? (current as { consent?: unknown }).consent : undefined);
  };
}
