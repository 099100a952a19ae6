/**
 * A second reference for the benchmark: the smallest bot that uses botbuilder's state and dialogs as this bot does,
 * with nothing of its own (ConversationState and UserState on MemoryStorage, one waterfall of two text prompts, saved
 * at the end of each turn), served the same way as the echo bot. Where this bot lands between the echo bot and this
 * one shows what the framework costs and what the bot's own work costs.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, UserState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import restify from 'restify';
import { keepConnectionsAlive } from '../src/http/keepAlive';

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

const server = restify.createServer();
keepConnectionsAlive(server.server);
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, logic);
});
server.get('/readyz', async (_req, res) => {
  res.send(200, { status: 'ready' });
});
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`bot listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
