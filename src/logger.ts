import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may carry a person's words or identifiers. They are removed from every log line, whatever the level:
 * the log gets the shape of what happened and a correlation id, never what a person said or who they are.
 */
export const REDACTED_PATHS = [
  'text',
  '*.text',
  'activity.text',
  'activity.from',
  'activity.recipient',
  'activity.conversation',
  'activity.value',
  'activity.attachments',
  'activity.channelData',
  'userId',
  'conversationId',
  '*.userId',
  '*.conversationId',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'newcomer-guide-bot' },
      redact: { paths: REDACTED_PATHS, remove: true },
    },
    destination,
  );
}
