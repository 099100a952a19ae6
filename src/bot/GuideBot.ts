import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
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
 */
export class GuideBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  /** The memory scopes and path resolvers: stateless objects that read the turn from the dialog context they get. */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(private readonly deps: GuideBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.mainDialog);

    this.onMessage(async (context, next) => {
      await this.runMainDialog(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const people = (context.activity.membersAdded ?? []).filter(
        (member) => member.id !== context.activity.recipient?.id,
      );
      if (people.length > 0) await this.runMainDialog(context, { onlyIfIdle: true });
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
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
