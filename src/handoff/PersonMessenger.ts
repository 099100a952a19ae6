import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { StoredConversationReference } from './HandoffTicket';

export type DeliveryResult =
  | { ok: true }
  | {
      ok: false;
      /** The channel says the person cannot be reached (403 blocked, 404 conversation gone): retrying will not help. */
      permanent: boolean;
      status?: number;
      /** How many of the activities did reach the person before the failure. */
      delivered: number;
    };

/** Sends messages to a person outside their own turn (an adviser's reply, a notice). */
export interface PersonMessenger {
  send(reference: StoredConversationReference, activities: Partial<Activity>[]): Promise<DeliveryResult>;
}

const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 410]);

export function statusOf(error: unknown): number | undefined {
  const candidate = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  for (const value of [candidate?.statusCode, candidate?.status, candidate?.response?.status]) {
    if (typeof value === 'number') return value;
  }
  return undefined;
}

export interface ProactiveMessengerOptions {
  /** Tries per activity, the first included. */
  attempts?: number;
  /** The wait before the second try; doubled before each further try. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Delivers through `adapter.continueConversationAsync` with the stored ConversationReference, one activity after
 * another inside one continuation turn. Temporary failures (429, 5xx, network) are retried a few times with backoff;
 * 403/404 are reported at once as permanent.
 */
export class ProactiveMessenger implements PersonMessenger {
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    options: ProactiveMessengerOptions = {},
  ) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async send(reference: StoredConversationReference, activities: Partial<Activity>[]): Promise<DeliveryResult> {
    let delivered = 0;
    for (let attempt = 1; ; attempt++) {
      let failure: { permanent: boolean; status?: number } | undefined;
      let finished = false;
      // Errors inside `logic` are caught there: the adapter would hand them to onTurnError, which apologises to the
      // person, and that is not what a failed delivery needs. A retry sends only what has not arrived yet.
      const logic = async (context: TurnContext): Promise<void> => {
        for (const activity of activities.slice(delivered)) {
          try {
            await context.sendActivity(activity);
          } catch (error) {
            failure = classify(error);
            return;
          }
          delivered += 1;
        }
        finished = true;
      };
      try {
        await this.adapter.continueConversationAsync(this.botAppId, reference as unknown as Partial<ConversationReference>, logic);
      } catch (error) {
        failure = classify(error);
      }
      if (finished) return { ok: true };
      // Neither finished nor failed: the turn's middleware failed (and onTurnError handled it). Worth another try.
      const permanent = failure?.permanent ?? false;
      if (permanent || attempt >= this.attempts) {
        return { ok: false, permanent, delivered, ...(failure?.status !== undefined ? { status: failure.status } : {}) };
      }
      await this.sleep(this.backoffMs * 2 ** (attempt - 1));
    }
  }
}

function classify(error: unknown): { permanent: boolean; status?: number } {
  const status = statusOf(error);
  return { permanent: status !== undefined && PERMANENT_STATUSES.has(status), ...(status !== undefined ? { status } : {}) };
}
