import type { Storage } from 'botbuilder';
import type { Person } from '../../src/privacy/Person';
import type { PersonalDataHolder } from '../../src/privacy/PersonalDataHolder';
import type { ListableStorage } from '../../src/storage/ListableStorage';

interface FakeTicket {
  channelId: string;
  userId: string;
  conversationId: string;
  text: string;
}

/** A stand-in for the handoff tickets: one storage document per ticket, found by listing and reading. */
export class FakeTicketHolder implements PersonalDataHolder {
  readonly name = 'tickets';
  failNext: 'describe' | 'erase' | undefined;

  constructor(private readonly storage: ListableStorage & Storage) {}

  async add(id: string, person: Person, text: string): Promise<string> {
    const key = `handoff/tickets/${id}`;
    await this.storage.write({ [key]: { ...person, text } satisfies FakeTicket });
    return key;
  }

  async keysOf(person: Person): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of this.storage.keys('handoff/tickets/')) {
      const ticket = (await this.storage.read([key]))[key] as FakeTicket | undefined;
      if (ticket?.channelId === person.channelId && ticket.userId === person.userId) keys.push(key);
    }
    return keys;
  }

  async describe(person: Person): Promise<Record<string, unknown>> {
    if (this.failNext === 'describe') {
      this.failNext = undefined;
      throw new Error(`cannot read tickets of ${person.userId}`);
    }
    const keys = await this.keysOf(person);
    const items = Object.values(await this.storage.read(keys)).map((t) => (t as FakeTicket).text);
    return { tickets: keys.length, messages: items.length, items };
  }

  async erase(person: Person): Promise<number> {
    if (this.failNext === 'erase') {
      this.failNext = undefined;
      throw new Error(`cannot delete tickets of ${person.userId}`);
    }
    const keys = await this.keysOf(person);
    await this.storage.delete(keys);
    return keys.length;
  }
}
