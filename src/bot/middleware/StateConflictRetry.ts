import {
  ActivityEventNames,
  ActivityTypes,
  DeliveryModes,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type BotState,
  type Middleware,
  type ResourceResponse,
  type SendActivitiesHandler,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../../logger';
import { StateConflictError } from '../ConsistentState';

export interface StateConflictRetryOptions {
  /** The states the turn saves (conversation and user state): reloaded from storage before the turn runs again. */
  states: readonly BotState[];
  logger?: Logger;
  /** How many times a turn runs again after a {@link StateConflictError}. Default 1. */
  retries?: number;
}

/**
 * Second in the pipeline, right after the TurnGuard: runs the rest of the turn, and when saving its state fails with
 * {@link StateConflictError} (another instance saved a turn of the same conversation since this one read it), runs the
 * turn again, once, on freshly loaded state, so both turns' effects are kept.
 *
 * The person must not see the replies of the attempt that was thrown away, so the turn's message activities are held
 * back until the turn has finished, and its state has been saved: every send handler (locale, splitting, handoff relay)
 * still runs when the bot sends, only the delivery waits. Typing indicators and traces go out at once. Before running
 * again, the turn context is rewound to how this middleware found it: send/update/delete handlers added by the attempt
 * are dropped (or the locale handler would process every reply twice), and turn-state entries and the activity are put
 * back.
 *
 * Proactive turns (`continueConversationAsync`) pass straight through. On any other error the held messages are
 * delivered before the error goes on to the adapter's error handler, as they would have been without this middleware;
 * after a second conflict they are dropped (they describe a turn that was not saved) and the apology is all the person
 * sees.
 *
 * Rewinding uses two members of botbuilder 4.23.3's TurnContext that are not public (`_onSendActivities` and friends,
 * `emit`). If a botbuilder upgrade removes them, the turn runs without holding or retrying, and a warning is logged.
 */
export class StateConflictRetry implements Middleware {
  private readonly states: readonly BotState[];
  private readonly logger: Logger | undefined;
  private readonly retries: number;
  private warnedAboutInternals = false;

  constructor(options: StateConflictRetryOptions) {
    this.states = options.states;
    this.logger = options.logger;
    this.retries = Math.max(0, Math.floor(options.retries ?? 1));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // A proactive turn (an adviser's message delivered by the desk) runs the caller's logic, not the bot's: it saves no
    // state, and it needs each send to succeed or fail at once, to know what reached the person.
    if (isContinuation(context.activity)) return next();
    const internals = turnInternals(context);
    if (!internals) {
      if (!this.warnedAboutInternals) {
        this.warnedAboutInternals = true;
        this.logger?.warn('botbuilder TurnContext internals changed: turns run without retry on a state conflict');
      }
      return next();
    }

    const hold: Hold = { active: false, messages: [] };
    const holdMessages: SendActivitiesHandler = (ctx, activities, sendNext) => {
      if (!hold.active) return sendNext();
      // Run the handlers registered after this one now, with a last step that holds messages instead of delivering.
      const handlers = internals.handlers.send;
      const inner = handlers.slice(handlers.indexOf(holdMessages) + 1);
      return internals.emit(inner, activities, () => holdOrDeliver(ctx, activities, hold));
    };
    context.onSendActivities(holdMessages);
    const mark = markTurn(context, internals);

    for (let attempt = 1; ; attempt++) {
      hold.active = true;
      hold.messages = [];
      try {
        await next();
      } catch (error) {
        hold.active = false;
        if (error instanceof StateConflictError && attempt <= this.retries) {
          this.logger?.info(
            { attempt, state: error.stateName, dropped: hold.messages.length },
            'state changed on another instance: the turn runs again on fresh state',
          );
          rewind(context, internals, mark);
          for (const state of this.states) await state.load(context, true);
          continue;
        }
        if (!(error instanceof StateConflictError)) await deliver(context, hold.messages);
        throw error;
      }
      hold.active = false;
      await deliver(context, hold.messages);
      return;
    }
  }
}

function isContinuation(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Event && activity.name === ActivityEventNames.ContinueConversation;
}

interface Hold {
  /** While a turn attempt runs: messages are held, not delivered. */
  active: boolean;
  /** The attempt's messages, as every send handler left them. */
  messages: Partial<Activity>[];
}

/** The last step of a send while holding: messages are kept for later, anything else is delivered now. */
async function holdOrDeliver(context: TurnContext, activities: Partial<Activity>[], hold: Hold): Promise<ResourceResponse[]> {
  const responses: ResourceResponse[] = activities.map(() => ({}) as ResourceResponse);
  const now: Partial<Activity>[] = [];
  const nowAt: number[] = [];
  activities.forEach((activity, index) => {
    if (activity.type === ActivityTypes.Message) {
      hold.messages.push(activity);
    } else {
      now.push(activity);
      nowAt.push(index);
    }
  });
  if (now.length > 0) {
    const sent = await deliver(context, now);
    nowAt.forEach((index, j) => {
      responses[index] = sent[j] ?? ({} as ResourceResponse);
    });
  }
  // As if sent: code later in the turn may check whether the bot has answered.
  if (hold.messages.length > 0) context.responded = true;
  return responses;
}

/** What TurnContext.sendActivities does once every handler has run, with public members only. */
async function deliver(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
  if (activities.length === 0) return [];
  if (context.activity.deliveryMode === DeliveryModes.ExpectReplies) {
    for (const activity of activities) {
      context.bufferedReplyActivities.push(activity);
      if (activity.type === ActivityTypes.InvokeResponse) context.turnState.set(INVOKE_RESPONSE_KEY, activity);
    }
  } else {
    const responses = await context.adapter.sendActivities(context, activities);
    responses.forEach((response, index) => {
      const activity = activities[index];
      if (activity && response?.id) activity.id = response.id;
    });
    if (activities.some((activity) => activity.type !== ActivityTypes.Trace)) context.responded = true;
    return responses;
  }
  if (activities.some((activity) => activity.type !== ActivityTypes.Trace)) context.responded = true;
  return activities.map(() => ({}) as ResourceResponse);
}

interface TurnInternals {
  handlers: { send: SendActivitiesHandler[]; update: unknown[]; delete: unknown[] };
  emit(handlers: SendActivitiesHandler[], activities: Partial<Activity>[], last: () => Promise<ResourceResponse[]>): Promise<ResourceResponse[]>;
}

/** botbuilder 4.23.3 TurnContext's handler lists and its `emit`, or undefined when they are not there. */
function turnInternals(context: TurnContext): TurnInternals | undefined {
  const send: unknown = Reflect.get(context, '_onSendActivities');
  const update: unknown = Reflect.get(context, '_onUpdateActivity');
  const remove: unknown = Reflect.get(context, '_onDeleteActivity');
  const emit: unknown = Reflect.get(context, 'emit');
  if (!Array.isArray(send) || !Array.isArray(update) || !Array.isArray(remove) || typeof emit !== 'function') return undefined;
  return {
    handlers: { send: send as SendActivitiesHandler[], update, delete: remove },
    emit: (handlers, activities, last) =>
      (emit as (h: unknown[], arg: unknown, next: () => Promise<unknown>) => Promise<ResourceResponse[]>).call(
        context,
        handlers,
        activities,
        last,
      ),
  };
}

interface TurnMark {
  send: number;
  update: number;
  delete: number;
  turnState: Map<unknown, unknown>;
  /** The activity as JSON (it arrived as JSON: a text copy is faithful and much cheaper than structuredClone). */
  activity: string | undefined;
}

function markTurn(context: TurnContext, internals: TurnInternals): TurnMark {
  let activity: string | undefined;
  try {
    activity = JSON.stringify(context.activity);
  } catch {
    activity = undefined;
  }
  return {
    send: internals.handlers.send.length,
    update: internals.handlers.update.length,
    delete: internals.handlers.delete.length,
    turnState: new Map(context.turnState),
    activity,
  };
}

/** Puts the turn context back as it was at `mark`: handlers, turn state (cached states included) and the activity. */
function rewind(context: TurnContext, internals: TurnInternals, mark: TurnMark): void {
  internals.handlers.send.splice(mark.send);
  internals.handlers.update.splice(mark.update);
  internals.handlers.delete.splice(mark.delete);
  for (const key of [...context.turnState.keys()]) if (!mark.turnState.has(key)) context.turnState.delete(key);
  for (const [key, value] of mark.turnState) if (context.turnState.get(key) !== value) context.turnState.set(key, value);
  if (mark.activity !== undefined) {
    const original = JSON.parse(mark.activity) as Record<string, unknown>;
    const activity = context.activity as unknown as Record<string, unknown>;
    for (const key of Object.keys(activity)) if (!(key in original)) delete activity[key];
    Object.assign(activity, original);
  }
}
