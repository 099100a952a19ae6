import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

/**
 * botbuilder's CloudAdapter, with a way in for a request the server has already authenticated.
 *
 * `CloudAdapter.process` checks the request again with zod schemas it builds on every call, and authenticates the
 * token a second time; the server does both before any bot code runs (it must answer 401 itself, see server.ts).
 */
export class GuideAdapter extends CloudAdapter {
  /** Runs the turn and returns what the channel is owed: the replies for `expectReplies`, an invoke's answer. */
  processAuthenticated(
    authentication: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authentication, withActivityDates(activity), logic);
  }
}

/**
 * The channel's time fields as Dates, the text kept beside them, as CloudAdapter.process hands them to a turn
 * (botbuilder's Activity type says Date).
 */
function withActivityDates(activity: Activity): Activity {
  const raw = activity as Activity &
    Record<'timestamp' | 'localTimestamp' | 'expiration', unknown> &
    Partial<Record<'rawTimestamp' | 'rawLocalTimestamp' | 'rawExpiration', string>>;
  if (typeof raw.timestamp === 'string') {
    raw.rawTimestamp = raw.timestamp;
    activity.timestamp = new Date(raw.timestamp);
  }
  if (typeof raw.localTimestamp === 'string') {
    raw.rawLocalTimestamp = raw.localTimestamp;
    activity.localTimestamp = new Date(raw.localTimestamp);
  }
  if (typeof raw.expiration === 'string') {
    raw.rawExpiration = raw.expiration;
    activity.expiration = new Date(raw.expiration);
  }
  return activity;
}
