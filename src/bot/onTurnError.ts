import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Logger } from '../logger';
import { getTurnLocale } from './turnLocale';

/**
 * The last safety net of a turn: log the error with a correlation id (never the person's words), apologise in the
 * person's language, and leave their saved state as it was, so they keep their place.
 */
export function createTurnErrorHandler(i18n: I18n, logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const correlationId = randomUUID();
    logger.error(
      {
        correlationId,
        err: { type: error.name, message: scrub(error.message), stack: scrub(error.stack ?? '') },
        channelId: context.activity.channelId,
        activityType: context.activity.type,
      },
      'turn failed',
    );
    try {
      const { t } = getTurnLocale(context, i18n);
      await context.sendActivity(t('common:error.apology', { reference: correlationId.slice(0, 8) }));
    } catch (sendError) {
      logger.error({ correlationId, err: { message: (sendError as Error).message } }, 'could not send the apology');
    }
  };
}

/**
 * Error messages may quote what failed: a storage key (which holds channel, user and conversation ids), a person's
 * text. Keep the shape of the message, drop anything quoted and any state-key segment.
 */
export function scrub(text: string): string {
  return text
    .replace(/"[^"\n]*"|'[^'\n]*'|`[^`\n]*`/g, '"[redacted]"')
    .replace(/\/(users|conversations)\/[^\s/]*/g, '/$1/[redacted]');
}
