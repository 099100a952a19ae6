/**
 * A second reference for the benchmark: the smallest bot that uses botbuilder's state and dialogs as this bot does,
 * with nothing of its own (ConversationState and UserState on MemoryStorage, one waterfall of two text prompts, saved
 * at the end of each turn), served the same way as the echo bot. Where this bot lands between the echo bot and this
 * one shows what the framework costs and what the bot's own work costs.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, UserState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { serveReference } from './serveReference';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const storage = new MemoryStorage();
const conversationState = new ConversationState(storage);
const userState = new UserState(storage);
const profile = userState.createProperty<{ name?: string }>('profile');
const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
dialogs.add(new TextPrompt('text'));
dialogs.add(
  new WaterfallDialog('main', [
    async (step) => step.prompt('text', 'What is your name?'),
    async (step) => {
      (await profile.get(step.context, {})).name = String(step.result);
      return step.prompt('text', `Hello ${String(step.result)}. Where do you live?`);
    },
    async (step) => {
      await step.context.sendActivity(`Thank you. ${String(step.result)} is noted.`);
      return step.endDialog();
    },
  ]),
);

const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog('main');
  await next();
});
const logic = async (context: TurnContext): Promise<void> => {
  await bot.run(context);
  await conversationState.saveChanges(context);
  await userState.saveChanges(context);
};

serveReference(adapter, logic);
