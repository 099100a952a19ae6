import type { Storage } from 'botbuilder';
import { isListable } from '../storage/ListableStorage';
import type { Person } from './Person';
import type { PersonalDataHolder, SummaryCount } from './PersonalDataHolder';

/**
 * A holder for documents that name their person inside (tickets, referrals): it finds them by listing a key prefix
 * and reading each. Listing is for erasure and retention, which are rare; a storage that cannot list finds nothing,
 * which the holder says in its description.
 */
export class ScanningHolder implements PersonalDataHolder {
  constructor(
    readonly name: string,
    private readonly storage: Storage,
    private readonly options: {
      prefix: string;
      /** Keys under the prefix that are not documents of this kind (e.g. indexes). */
      skip?: (key: string) => boolean;
      belongsTo: (doc: Record<string, unknown>, person: Person) => boolean;
      countAs: SummaryCount;
    },
  ) {}

  async describe(person: Person): Promise<Record<string, unknown>> {
    const keys = await this.find(person);
    if (keys === undefined) return { note: 'this storage cannot be searched' };
    return { [this.options.countAs]: keys.length };
  }

  async erase(person: Person): Promise<number> {
    const keys = (await this.find(person)) ?? [];
    if (keys.length > 0) await this.storage.delete(keys);
    return keys.length;
  }

  private async find(person: Person): Promise<string[] | undefined> {
    if (!isListable(this.storage)) return undefined;
    const found: string[] = [];
    for await (const key of this.storage.keys(this.options.prefix)) {
      if (this.options.skip?.(key)) continue;
      let doc: Record<string, unknown> | undefined;
      try {
        doc = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
      } catch {
        // A damaged document cannot say whose it is: it must not stop the search for this person's others.
        continue;
      }
      if (doc && this.options.belongsTo(doc, person)) found.push(key);
    }
    return found;
  }
}
