import { randomBytes } from 'node:crypto';
import {
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type StatePropertyAccessor,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { i18n as I18n } from 'i18next';
import { stateDir, type Config } from '../config';
import { loadRecognitionCatalog } from '../content/loadRecognition';
import { confidentMatch, matchProfession } from '../matching/matchProfession';
import { loadOrTrain } from '../nlu/modelCache';
import { loadNluCorpus } from '../nlu/nluData';
import { NluService } from '../nlu/NluService';
import { LocalConnectorFactory } from '../directline/localConnector';
import { createHandoff, type HandoffComponents, type HandoffOptions } from '../handoff/createHandoff';
import type { Handoff } from '../handoff/HandoffRequest';
import { ProactiveAuthentication } from '../handoff/ProactiveAuthentication';
import { GuideAdapter } from './GuideAdapter';
import { SHARED_TICKET_WATCH_MS } from '../handoff/SharedTicketWatch';
import type { Logger } from '../logger';
import { OfferRepository } from '../internships/OfferRepository';
import { ConsentDialog } from '../../dialogs/ConsentDialog';
import { PrivacyDialog } from '../../dialogs/PrivacyDialog';
import { PrivacyService } from '../privacy/PrivacyService';
import { toRetentionSettings, type RetentionSettings } from '../privacy/retentionSettings';
import { SESSION_PROPERTY, type SessionRecord } from '../privacy/SessionRecord';
import { SessionTracker, consentFromProfile } from '../privacy/SessionTracker';
import { ConsistentConversationState, ConsistentUserState } from './ConsistentState';
import { createMainDialog } from './createMainDialog';
import { GuideBot } from './GuideBot';
import { LocaleMiddleware } from './middleware/LocaleMiddleware';
import { StateConflictRetry } from './middleware/StateConflictRetry';
import { TurnGuard } from './middleware/TurnGuard';
import { RepeatedActivityGuard, type SeenActivities } from './middleware/RepeatedActivityGuard';
import { createTurnErrorHandler } from './onTurnError';
import type { UserProfile } from './UserProfile';

export interface BotRuntime {
  adapter: GuideAdapter;
  privacy: PrivacyService;
  retention: RetentionSettings;
  /** Employers' internship offers and newcomers' referrals. */
  offers: OfferRepository;
  /** Free-text understanding, loaded in the background (see /readyz). */
  nlu: NluService;
  /** Channel authentication (JWT checks when an App ID is set). */
  auth: BotFrameworkAuthentication;
  bot: GuideBot;
  /** The root dialog the bot runs. */
  mainDialog: Dialog;
  guard: TurnGuard;
  conversationState: ConversationState;
  userState: UserState;
  /** The bot's logic, handed to the adapter for every turn. */
  logic: (context: TurnContext) => Promise<void>;
  /** Authenticates the bot's replies to the local Direct Line channel. */
  localConnectorSecret: string;
  /** Human advisers: the Handoff service for dialogs, the desk for the console, the stores. */
  handoff: HandoffComponents;
}

export interface BotRuntimeDeps {
  config: Config;
  storage: Storage;
  i18n: I18n;
  logger: Logger;
  /** This server's local Direct Line connector URL once it listens (for proactive messages to local conversations). */
  localServiceUrl?: () => string | undefined;
  handoff?: HandoffOptions;
  /** Builds the root dialog (default: MainDialog). Tests substitute a small dialog that calls the handoff. */
  mainDialog?: (parts: MainDialogParts) => Dialog;
}

/** What the root dialog may need. */
export interface MainDialogParts {
  profile: StatePropertyAccessor<UserProfile>;
  i18n: I18n;
  handoff: Handoff;
}

/**
 * Builds the adapter, the turn pipeline (guard → state-conflict retry → repeated-message guard → locale → session →
 * handoff relay → bot) and the dialogs over one storage.
 */
export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const { config, storage, i18n, logger } = deps;
  const localConnectorSecret = randomBytes(32).toString('base64url');
  const channelAuth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  // Proactive messages (advisers' replies) to the local Direct Line channel need its connector, not Azure's.
  const auth = new ProactiveAuthentication(channelAuth, {
    serviceUrl: () => deps.localServiceUrl?.(),
    factory: () => new LocalConnectorFactory(localConnectorSecret),
  });
  const adapter = new GuideAdapter(auth);
  const conversationState = new ConsistentConversationState(storage);
  const userState = new ConsistentUserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const dialogState = conversationState.createProperty<DialogState>('dialogState');

  const guard = new TurnGuard();
  adapter.use(guard);
  adapter.use(new StateConflictRetry({ states: [conversationState, userState], logger }));
  adapter.use(new RepeatedActivityGuard(conversationState.createProperty<SeenActivities>('seenActivities')));
  adapter.use(new LocaleMiddleware(i18n, profile));
  adapter.use(new SessionTracker(conversationState.createProperty<SessionRecord>(SESSION_PROPERTY), consentFromProfile(profile)));
  const handoff = createHandoff({
    storage,
    adapter,
    conversationState,
    i18n,
    logger,
    botAppId: config.MicrosoftAppId ?? '',
    // Several instances share Azure Blob Storage: each console also hears of the tickets the others change.
    options: {
      ...(config.STORAGE === 'azure-blobs' ? { watchSharedTicketsMs: SHARED_TICKET_WATCH_MS } : {}),
      ...deps.handoff,
    },
  });
  adapter.use(handoff.relay);
  adapter.onTurnError = createTurnErrorHandler(i18n, logger);

  const retention = toRetentionSettings(config);
  const privacy = new PrivacyService(storage, { logger });
  const offers = new OfferRepository(storage);
  const nlu = new NluService(() => {
    const catalog = loadRecognitionCatalog();
    return loadOrTrain(stateDir(config), loadNluCorpus('train'), {
      professionMatcher: (text, lng) => {
        const match = confidentMatch(matchProfession(catalog, text, lng));
        return match && { id: match.profession.id, score: match.score };
      },
    });
  }, logger);
  const mainDialog = deps.mainDialog
    ? deps.mainDialog({ profile, i18n, handoff: handoff.service })
    : createMainDialog({
        i18n,
        profile,
        handoff: handoff.service,
        offers,
        nlu,
        privacyDialogs: {
          consent: new ConsentDialog(retention),
          privacy: new PrivacyDialog({ privacy, states: [conversationState, userState], ...retention }),
        },
      });
  const bot = new GuideBot({
    conversationState,
    userState,
    dialogState,
    mainDialog,
    onStateOverwritten: (state) =>
      logger.warn({ state }, 'state changed elsewhere after this turn was committed: written over (last writer wins)'),
  });
  return {
    adapter,
    auth,
    privacy,
    retention,
    offers,
    nlu,
    bot,
    mainDialog,
    guard,
    conversationState,
    userState,
    logic: (context) => bot.run(context),
    localConnectorSecret,
    handoff,
  };
}

