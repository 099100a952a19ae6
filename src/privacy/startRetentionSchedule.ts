import type { Logger } from '../logger';
import type { RetentionJob } from './RetentionJob';

export interface RetentionSchedule {
  /** Stops the timer; resolves when a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs the retention job every `everyMs` on an unref'ed timer (it never keeps the process alive). A run that fails is
 * logged and the next one tries again.
 */
export function startRetentionSchedule(
  job: Pick<RetentionJob, 'run'>,
  options: { everyMs: number; now?: () => Date; logger?: Logger },
): RetentionSchedule {
  if (!Number.isFinite(options.everyMs) || options.everyMs < 1000) throw new RangeError('everyMs must be at least 1000');
  const now = options.now ?? (() => new Date());
  let inFlight: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = job
      .run(now())
      .catch((error: unknown) => {
        options.logger?.error({ err: { type: (error as Error).name } }, 'retention run failed');
      })
      .finally(() => {
        inFlight = undefined;
      });
  }, options.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
