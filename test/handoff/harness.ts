import { ConversationState, MemoryStorage, TestAdapter, UserState, type Activity, type CloudAdapter } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { GuideBot } from '../../src/bot/GuideBot';
import { LocaleMiddleware } from '../../src/bot/middleware/LocaleMiddleware';
import type { UserProfile } from '../../src/bot/UserProfile';
import { createHandoff, type HandoffComponents } from '../../src/handoff/createHandoff';
import type { StoredConversationReference } from '../../src/handoff/HandoffTicket';
import type { HandoffRequest } from '../../src/handoff/HandoffRequest';
import type { DeliveryResult, PersonMessenger } from '../../src/handoff/PersonMessenger';
import { createLogger } from '../../src/logger';
import { HelpDeskDialog } from '../console/consoleApp';
import { i18n } from '../helpers/testApp';

/** Records what would be sent to people outside their turns; answers with the queued results (default: delivered). */
export class FakeMessenger implements PersonMessenger {
  readonly sent: Array<{ reference: StoredConversationReference; texts: string[]; activities: Partial<Activity>[] }> = [];
  readonly results: DeliveryResult[] = [];
  delayMs = 0;

  async send(reference: StoredConversationReference, activities: Partial<Activity>[]): Promise<DeliveryResult> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * this.delayMs));
    this.sent.push({ reference, activities, texts: activities.map((a) => a.text ?? '') });
    return this.results.shift() ?? { ok: true };
  }

  get texts(): string[] {
    return this.sent.flatMap((s) => s.texts);
  }
}

export interface Harness {
  adapter: TestAdapter;
  storage: MemoryStorage;
  handoff: HandoffComponents;
  messenger: FakeMessenger;
  /** Sends an activity from a person and returns what the bot sent back in that turn. */
  say(text: string, options?: { conversation?: string; locale?: string }): Promise<Partial<Activity>[]>;
  send(activity: Partial<Activity>, conversation?: string): Promise<Partial<Activity>[]>;
  texts(replies: Partial<Activity>[]): string[];
}

/** The turn pipeline of the real bot (locale → handoff relay → GuideBot) on a TestAdapter, with a help-desk dialog. */
export function harness(options: { clock?: () => Date; averageMinutesPerPerson?: number; request?: Partial<HandoffRequest> } = {}): Harness {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const messenger = new FakeMessenger();
  let bot: GuideBot | undefined;
  const adapter = new TestAdapter(async (context) => bot!.run(context));
  adapter.use(new LocaleMiddleware(i18n, profile));
  const handoff = createHandoff({
    storage,
    adapter: adapter as unknown as CloudAdapter,
    conversationState,
    i18n,
    logger: createLogger('silent'),
    botAppId: '',
    options: {
      messenger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.averageMinutesPerPerson !== undefined ? { averageMinutesPerPerson: options.averageMinutesPerPerson } : {}),
    },
  });
  adapter.use(handoff.relay);
  bot = new GuideBot({ conversationState, userState, dialogState, mainDialog: new HelpDeskDialog(handoff.service, options.request) });

  async function send(activity: Partial<Activity>, conversation = 'c1'): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      type: 'message',
      channelId: 'test',
      serviceUrl: 'https://test.example/',
      conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: `person-${conversation}`, name: 'Person' },
      recipient: { id: 'bot', name: 'bot' },
      ...activity,
    });
    return adapter.activeQueue.splice(0);
  }

  return {
    adapter,
    storage,
    handoff,
    messenger,
    send,
    say: (text, sayOptions = {}) => send({ text, ...(sayOptions.locale ? { locale: sayOptions.locale } : {}) }, sayOptions.conversation),
    texts: (replies) => replies.filter((r) => r.type === 'message').map((r) => r.text ?? ''),
  };
}
