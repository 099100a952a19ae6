import type { Logger } from '../logger';
import type { IntentRecognizer, RecognizedIntent } from './IntentRecognizer';
import type { LoadedRecognizer } from './modelCache';

/**
 * The recognizer as the bot uses it: loaded (from the cache, or trained) in the background at start-up. Until it is
 * loaded /readyz says "not ready"; a turn that arrives meanwhile is served by the menus alone.
 */
export class NluService {
  private recognizer: IntentRecognizer | undefined;
  readonly whenReady: Promise<void>;

  constructor(load: () => Promise<LoadedRecognizer>, logger: Logger) {
    const started = Date.now();
    this.whenReady = load().then(
      (loaded) => {
        this.recognizer = loaded.recognizer;
        if (loaded.cacheProblem) logger.warn({ err: { message: loaded.cacheProblem.message } }, 'language model cache not used');
        logger.info({ source: loaded.source, ms: Date.now() - started }, 'language model loaded');
      },
      (error: unknown) => {
        logger.error({ err: { type: (error as Error).name, message: (error as Error).message } }, 'the language model could not be loaded');
      },
    );
  }

  get ready(): boolean {
    return this.recognizer !== undefined;
  }

  recognize(text: string, lng: string, options: { entities?: boolean } = {}): RecognizedIntent | undefined {
    return this.recognizer?.recognize(text, lng, options);
  }
}
