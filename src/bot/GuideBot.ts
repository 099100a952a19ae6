import { ActivityTypes, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import { saveTurnState } from './ConsistentState';
import { getTurnLocale } from './turnLocale';

export interface GuideBotDeps {
  conversationState: BotState;
  userState: BotState;
  dialogState: StatePropertyAccessor<DialogState>;
  mainDialog: Dialog;
  /** Told when a state had to be written over a concurrent change after the turn was committed (see saveTurnState). */
  onStateOverwritten?: (stateName: string) => void;
}

/**
 * Where botbuilder-dialogs' DialogStateManager looks, in turn state, for its configuration (memory scopes and path
 * resolvers) before it builds one from a new service collection. DialogManager passes it a configuration it keeps across
 * turns (`stateConfiguration`); a DialogSet has no such option, so the bot lends each turn the first one built. If a
 * botbuilder release renames the key, each turn simply builds its own again.
 */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * Routes each turn into the main dialog and saves state once, at the end of the turn. A person is welcomed when they
 * join (conversationUpdate) or, on channels that never announce them (SMS), on their first message.
 *
 * Not an ActivityHandler: the bot answers two kinds of activity, and ActivityHandler's chain of handlers costs more per
 * turn than the routing it would do. Other activities change nothing; an invoke nobody answers gets botbuilder's 501
 * from the adapter, as it would from ActivityHandler.
 */
export class GuideBot {
  private readonly dialogs: DialogSet;
  /** The memory scopes and path resolvers: stateless objects that read the turn from the dialog context they get. */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(private readonly deps: GuideBotDeps) {
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.mainDialog);
  }

  async run(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (activity.type === ActivityTypes.Message) {
      await this.runMainDialog(context);
    } else if (activity.type === ActivityTypes.ConversationUpdate) {
      const people = (activity.membersAdded ?? []).filter((member) => member.id !== activity.recipient?.id);
      if (people.length > 0) await this.runMainDialog(context, { onlyIfIdle: true });
    }
    // Conversation state first: it is the turn's commit point when several instances share the storage.
    await saveTurnState(context, [this.deps.conversationState, this.deps.userState], this.deps.onStateOverwritten);
  }

  private async runMainDialog(context: TurnContext, options: { onlyIfIdle?: boolean } = {}): Promise<void> {
    if (this.stateConfiguration) context.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateConfiguration);
    let dc = await this.dialogs.createContext(context);
    this.stateConfiguration ??= dc.state.configuration;
    if (options.onlyIfIdle && dc.activeDialog) return;
    let result;
    try {
      result = await dc.continueDialog();
    } catch (error) {
      if (!isUnknownDialog(error)) throw error;
      // A deploy renamed or removed a dialog this person was in: start them again at the menu, with a word of why,
      // instead of failing on every message from now on.
      await this.deps.dialogState.delete(context);
      await context.sendActivity(getTurnLocale(context).t('common:recovered'));
      dc = await this.dialogs.createContext(context);
      await dc.beginDialog(this.deps.mainDialog.id, { startAt: 'menu' });
      return;
    }
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.mainDialog.id);
  }
}

/** botbuilder-dialogs' error for a saved dialog stack that names a dialog this version does not have. */
function isUnknownDialog(error: unknown): boolean {
  return error instanceof Error && /A dialog with an id of '.*' wasn't found/.test(error.message);
}
