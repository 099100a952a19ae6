/**
 * The reference for the benchmark: a bare botbuilder echo bot (CloudAdapter, no state, no middleware) on restify,
 * served the same way as the real bot.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { serveReference } from './serveReference';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
  await next();
});

serveReference(adapter, (context) => bot.run(context));
