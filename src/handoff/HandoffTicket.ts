import { z } from 'zod';
import { CityIdSchema } from '../content/common';
import { HandoffTopicSchema } from './HandoffRequest';

/**
 * Where a conversation stands between the bot and the advisers: `bot` (the bot answers) → `pending` (waiting in the
 * queue) → `open` (an adviser holds it) → `resolved` (closed, one satisfaction question may follow) → `bot`.
 */
export const TicketStateSchema = z.enum(['bot', 'pending', 'open', 'resolved']);
export type TicketState = z.infer<typeof TicketStateSchema>;

/** `flagged` is a safeguarding concern: it goes to the top of every adviser's queue. */
export const TicketPrioritySchema = z.enum(['normal', 'urgent', 'flagged']);
export type TicketPriority = z.infer<typeof TicketPrioritySchema>;

export const CloseOutcomeSchema = z.enum(['answered', 'referred', 'no-response', 'duplicate', 'other']);
export type CloseOutcome = z.infer<typeof CloseOutcomeSchema>;

/** How a ticket ended, as recorded on it. */
export const TicketOutcomeSchema = z.union([
  CloseOutcomeSchema,
  z.enum(['cancelled-by-person', 'undeliverable', 'completed-by-channel']),
]);
export type TicketOutcome = z.infer<typeof TicketOutcomeSchema>;

const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * botbuilder's ConversationReference as plain JSON (what `TurnContext.getConversationReference` returns). Unknown
 * fields are kept: channels add their own and the proactive send needs them back unchanged.
 */
export const ConversationReferenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  bot: z.looseObject({ id: z.string() }).optional(),
  user: z.looseObject({ id: z.string() }).optional(),
  activityId: z.string().optional(),
  locale: z.string().optional(),
});
export type StoredConversationReference = z.infer<typeof ConversationReferenceSchema>;

export const MAX_ENTRY_TEXT = 4000;

/** One line of the conversation as the adviser sees it: text only. */
export const TranscriptEntrySchema = z.object({
  id: z.string().min(1),
  /** person: the newcomer; bot: what the bot told them; adviser: an adviser's message; system: a note for advisers only. */
  from: z.enum(['person', 'bot', 'adviser', 'system']),
  text: z.string().max(MAX_ENTRY_TEXT),
  at: IsoDateTime,
  /** The adviser's username (adviser entries). */
  adviser: z.string().optional(),
  /** Whether an adviser's message reached the person's channel. */
  delivery: z.enum(['sending', 'sent', 'failed']).optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

export const TicketHistoryEntrySchema = z.object({
  event: z.string(),
  at: IsoDateTime,
  by: z.string().optional(),
  from: TicketStateSchema,
  to: TicketStateSchema,
});
export type TicketHistoryEntry = z.infer<typeof TicketHistoryEntrySchema>;

/** A handed-off conversation: who, in which language and city, about what, what was said, and who holds it. */
export const HandoffTicketSchema = z.object({
  id: z.string().min(1),
  reference: ConversationReferenceSchema,
  language: z.string().min(2),
  city: CityIdSchema.optional(),
  topic: HandoffTopicSchema,
  /** Why the bot handed over (a short code from the dialog, or "safeguarding"). */
  reason: z.string().min(1).max(80),
  priority: TicketPrioritySchema,
  /** What the person told the bot, label → value. */
  summary: z.record(z.string(), z.string()),
  /** The last messages before the handoff, then the handoff conversation itself. */
  transcript: z.array(TranscriptEntrySchema),
  createdAt: IsoDateTime,
  waitingSince: IsoDateTime.optional(),
  firstReplyAt: IsoDateTime.optional(),
  resolvedAt: IsoDateTime.optional(),
  assignee: z.string().optional(),
  state: TicketStateSchema,
  outcome: TicketOutcomeSchema.optional(),
  satisfaction: z
    .object({
      askedAt: IsoDateTime,
      score: z.number().int().min(1).max(5).optional(),
    })
    .optional(),
  /** When the person was last told their message is saved for the advisers (while waiting). */
  savedNoticeAt: IsoDateTime.optional(),
  /** When the person was given the emergency numbers (once per ticket). */
  emergencyInfoAt: IsoDateTime.optional(),
  history: z.array(TicketHistoryEntrySchema),
});
export type HandoffTicket = z.infer<typeof HandoffTicketSchema>;

/** Tickets keep at most this many transcript lines; the oldest go first. */
export const MAX_TRANSCRIPT = 300;
export const MAX_HISTORY = 100;

/** Appends a line to the transcript, keeping it bounded. Returns a new ticket. */
export function appendTranscript(ticket: HandoffTicket, entry: TranscriptEntry): HandoffTicket {
  const transcript = [...ticket.transcript, { ...entry, text: entry.text.slice(0, MAX_ENTRY_TEXT) }];
  return { ...ticket, transcript: transcript.slice(-MAX_TRANSCRIPT) };
}

/** States in which the conversation is with the advisers (the bot's dialogs do not answer). */
export function isWithAdvisers(ticket: Pick<HandoffTicket, 'state'>): boolean {
  return ticket.state === 'pending' || ticket.state === 'open';
}
