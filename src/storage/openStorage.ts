import path from 'node:path';
import { stateDir, type Config } from '../config';
import type { Logger } from '../logger';
import { AzureBlobsStorage } from './AzureBlobsStorage';
import { ListableMemoryStorage, type ListableStorage } from './ListableStorage';
import { LowdbStorage } from './LowdbStorage';
import type { ReadyStorage } from './readiness';

/** Opens the embedded default storage under the runtime-state folder (one process at a time). */
export async function openStorage(stateDir: string, logger: Logger): Promise<LowdbStorage> {
  const dir = path.join(stateDir, 'storage');
  const storage = await LowdbStorage.open({ dir });
  logger.info('embedded storage opened');
  return storage;
}

/**
 * Opens the storage STORAGE names: `lowdb` (files under STATE_DIR, one process), `memory` (lost on exit) or
 * `azure-blobs` (a container in Azure Blob Storage, shared by any number of instances; created if missing).
 */
export async function openConfiguredStorage(config: Config, logger: Logger): Promise<ListableStorage & ReadyStorage> {
  switch (config.STORAGE) {
    case 'memory':
      return new ListableMemoryStorage();
    case 'lowdb':
      return openStorage(stateDir(config), logger);
    case 'azure-blobs': {
      const { AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: container } = config;
      if (!connectionString || !container) {
        throw new Error('STORAGE=azure-blobs needs AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER.');
      }
      const storage = await AzureBlobsStorage.open({ connectionString, container });
      logger.info({ container }, 'Azure Blob Storage opened');
      return storage;
    }
  }
}
