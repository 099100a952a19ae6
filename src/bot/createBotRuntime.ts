import { randomBytes } from 'node:crypto';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { i18n as I18n } from 'i18next';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { OfferRepository } from '../internships/OfferRepository';
import { ConsentDialog } from '../../dialogs/ConsentDialog';
import { PrivacyDialog } from '../../dialogs/PrivacyDialog';
import { PrivacyService } from '../privacy/PrivacyService';
import { toRetentionSettings, type RetentionSettings } from '../privacy/retentionSettings';
import { SESSION_PROPERTY, type SessionRecord } from '../privacy/SessionRecord';
import { SessionTracker, consentFromProfile } from '../privacy/SessionTracker';
import { createMainDialog } from './createMainDialog';
import { getTurnLocale } from './turnLocale';
import type { Handoff } from '../handoff/HandoffRequest';
import { GuideBot } from './GuideBot';
import { LocaleMiddleware } from './middleware/LocaleMiddleware';
import { TurnGuard } from './middleware/TurnGuard';
import { createTurnErrorHandler } from './onTurnError';
import type { UserProfile } from './UserProfile';

export interface BotRuntime {
  adapter: CloudAdapter;
  privacy: PrivacyService;
  retention: RetentionSettings;
  /** Channel authentication (JWT checks when an App ID is set). */
  auth: BotFrameworkAuthentication;
  bot: GuideBot;
  guard: TurnGuard;
  conversationState: ConversationState;
  userState: UserState;
  /** The bot's logic, handed to the adapter for every turn. */
  logic: (context: TurnContext) => Promise<void>;
  /** Authenticates the bot's replies to the local Direct Line channel. */
  localConnectorSecret: string;
}

/** Builds the adapter, the turn pipeline (guard → locale → bot) and the dialogs over one storage. */
export function createBotRuntime(deps: { config: Config; storage: Storage; i18n: I18n; logger: Logger }): BotRuntime {
  const { config, storage, i18n, logger } = deps;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const dialogState = conversationState.createProperty<DialogState>('dialogState');

  const guard = new TurnGuard();
  adapter.use(guard);
  adapter.use(new LocaleMiddleware(i18n, profile));
  adapter.use(new SessionTracker(conversationState.createProperty<SessionRecord>(SESSION_PROPERTY), consentFromProfile(profile)));
  const retention = toRetentionSettings(config);
  const privacy = new PrivacyService(storage, { logger });
  adapter.onTurnError = createTurnErrorHandler(i18n, logger);

  const offers = new OfferRepository(storage);
  const mainDialog = createMainDialog({
    i18n,
    profile,
    handoff: interimHandoff(i18n),
    offers,
    privacyDialogs: {
      consent: new ConsentDialog(retention),
      privacy: new PrivacyDialog({ privacy, states: [conversationState, userState], ...retention }),
    },
  });
  const bot = new GuideBot({ conversationState, userState, dialogState, mainDialog });
  return {
    adapter,
    auth,
    privacy,
    retention,
    bot,
    guard,
    conversationState,
    userState,
    logic: (context) => bot.run(context),
    localConnectorSecret: randomBytes(32).toString('base64url'),
  };
}

/** Until the advisers' desk is wired in: say honestly that no adviser is connected here, and where to turn. */
function interimHandoff(i18n: I18n): Handoff {
  return {
    async request(context) {
      const { t } = getTurnLocale(context, i18n);
      await context.sendActivity(t('menu:topics.adviser.placeholder'));
    },
  };
}
