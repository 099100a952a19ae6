import path from 'node:path';
import type { Logger } from '../logger';
import { LowdbStorage } from './LowdbStorage';

/** Opens the embedded default storage under the runtime-state folder (one process at a time). */
export async function openStorage(stateDir: string, logger: Logger): Promise<LowdbStorage> {
  const dir = path.join(stateDir, 'storage');
  const storage = await LowdbStorage.open({ dir });
  logger.info('embedded storage opened');
  return storage;
}
