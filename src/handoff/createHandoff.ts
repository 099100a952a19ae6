import type { CloudAdapter, ConversationState, Storage } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Logger } from '../logger';
import { AdviserDesk } from './AdviserDesk';
import { AdviserStore } from './AdviserStore';
import { HandoffEvents } from './HandoffEvents';
import { HandoffRelay } from './HandoffRelay';
import { HandoffService } from './HandoffService';
import { HandoffStore } from './HandoffStore';
import { SharedTicketWatch } from './SharedTicketWatch';
import { ProactiveMessenger, type PersonMessenger, type ProactiveMessengerOptions } from './PersonMessenger';
import type { RecentTranscript } from './RecentTranscript';

export interface HandoffOptions {
  /** Minutes per person ahead in the queue for the wait estimate; without it the recent waits are used. */
  averageMinutesPerPerson?: number;
  /** Retries of messages to the person (tries and first backoff). */
  delivery?: ProactiveMessengerOptions;
  /** Send Bot Framework's handoff.initiate event too (default true). */
  emitHandoffInitiation?: boolean;
  clock?: () => Date;
  /** Replaces the proactive messenger (tests). */
  messenger?: PersonMessenger;
  /**
   * Looks for tickets changed on other instances every so many ms while a console listens (see SharedTicketWatch).
   * Off by default; the bot turns it on for STORAGE=azure-blobs, the storage several instances share.
   */
  watchSharedTicketsMs?: number;
}

/** Everything the handoff needs, built over the bot's own storage and adapter. */
export interface HandoffComponents {
  /** The `Handoff` dialogs call. */
  service: HandoffService;
  /** What the console's advisers do. */
  desk: AdviserDesk;
  /** The middleware to put after the locale middleware and before the bot. */
  relay: HandoffRelay;
  store: HandoffStore;
  advisers: AdviserStore;
  events: HandoffEvents;
  /** Live updates from other instances, when watchSharedTicketsMs is set (started; stop it on shutdown). */
  watch?: SharedTicketWatch;
}

export function createHandoff(deps: {
  storage: Storage;
  adapter: CloudAdapter;
  conversationState: ConversationState;
  i18n: I18n;
  logger: Logger;
  botAppId: string;
  options?: HandoffOptions;
}): HandoffComponents {
  const options = deps.options ?? {};
  const store = new HandoffStore(deps.storage);
  const advisers = new AdviserStore(deps.storage);
  const events = new HandoffEvents();
  const recent = deps.conversationState.createProperty<RecentTranscript>('handoffRecent');
  const logger = deps.logger.child({ component: 'handoff' });
  const service = new HandoffService({
    store,
    advisers,
    events,
    recent,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.averageMinutesPerPerson !== undefined ? { averageMinutesPerPerson: options.averageMinutesPerPerson } : {}),
    ...(options.emitHandoffInitiation !== undefined ? { emitHandoffInitiation: options.emitHandoffInitiation } : {}),
  });
  const messenger = options.messenger ?? new ProactiveMessenger(deps.adapter, deps.botAppId, options.delivery);
  const desk = new AdviserDesk({ store, advisers, events, messenger, i18n: deps.i18n, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const relay = new HandoffRelay(service, recent, logger);
  const watch = options.watchSharedTicketsMs !== undefined ? new SharedTicketWatch(store, events, options.watchSharedTicketsMs, logger) : undefined;
  watch?.start();
  return { service, desk, relay, store, advisers, events, ...(watch ? { watch } : {}) };
}
