import { ActivityTypes, type Activity, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { getTurnLocale } from '../bot/turnLocale';
import type { Logger } from '../logger';
import { isWithAdvisers } from './HandoffTicket';
import type { HandoffService } from './HandoffService';
import { appendRecent, parseRecent, type RecentTranscript } from './RecentTranscript';
import { detectSafeguarding } from './safeguarding';

/** What the adviser sees for a message that had no text (a photo, a voice note, a location). */
export const NON_TEXT_MESSAGE = '(The person sent something that is not text, e.g. a photo or a voice message. The console cannot show it.)';

/**
 * Third in the turn pipeline (after the guard and the locale): while advisers hold a conversation, the person's messages
 * go to the adviser and the bot's dialogs stay silent; "back to the bot" ends that. On every message, in every state,
 * it checks for safeguarding concerns. Otherwise it keeps the conversation's last messages (for a later handoff) and
 * lets the bot answer.
 */
export class HandoffRelay implements Middleware {
  constructor(
    private readonly service: HandoffService,
    private readonly recent: StatePropertyAccessor<RecentTranscript>,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Event && activity.name === 'handoff.status') {
      await this.service.handleStatusEvent(context);
      return;
    }
    if (activity.type === ActivityTypes.ConversationUpdate) {
      // The welcome is part of what led to a handoff.
      this.rememberReplies(context);
      await next();
      return;
    }
    if (activity.type !== ActivityTypes.Message || activity.from?.role === 'bot') {
      await next();
      return;
    }
    const text = messageText(activity);
    const { lng } = getTurnLocale(context);
    const hit = typeof activity.text === 'string' ? detectSafeguarding(activity.text, lng) : undefined;
    let ticket = await this.service.ticketOf(context);

    if (ticket?.state === 'resolved') {
      // The answer to the satisfaction question, or the person moving on; a concern starts a new ticket.
      if (!hit && (await this.service.afterClose(context, ticket, text))) return;
      if (hit) await this.service.returnToBot(ticket);
      ticket = undefined;
    }

    if (ticket && isWithAdvisers(ticket)) {
      if (!hit && this.service.isBackToBot(context, text)) {
        await this.service.cancelByPerson(context, ticket);
        return;
      }
      await this.service.relayFromPerson(context, ticket, text);
      if (hit) {
        this.logger.warn({ category: hit.category, ticketId: ticket.id }, 'safeguarding concern in an open handoff');
        await this.service.raiseConcern(context, hit, (await this.service.ticketOf(context)) ?? ticket);
      }
      return;
    }

    await this.remember(context, { from: 'person', text });
    if (hit) {
      this.logger.warn({ category: hit.category }, 'safeguarding concern: the conversation goes to an adviser');
      await this.service.raiseConcern(context, hit);
      return;
    }
    this.rememberReplies(context);
    await next();
  }

  /** Keeps what the bot says in this turn (saved with the conversation state at the end of the turn). */
  private rememberReplies(context: TurnContext): void {
    context.onSendActivities(async (ctx, activities, sendNext) => {
      for (const sent of activities) {
        if (sent.type === ActivityTypes.Message && typeof sent.text === 'string' && sent.text !== '') {
          await this.remember(ctx, { from: 'bot', text: sent.text });
        }
      }
      return sendNext();
    });
  }

  private async remember(context: TurnContext, message: { from: 'person' | 'bot'; text: string }): Promise<void> {
    const recent = parseRecent(await this.recent.get(context, { messages: [] }));
    await this.recent.set(context, appendRecent(recent, { ...message, at: new Date().toISOString() }));
  }
}

function messageText(activity: Activity): string {
  if (typeof activity.text === 'string' && activity.text.trim() !== '') return activity.text;
  if (activity.value !== undefined && activity.value !== null) return JSON.stringify(activity.value).slice(0, 500);
  return NON_TEXT_MESSAGE;
}
