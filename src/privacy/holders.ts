import type { Storage } from 'botbuilder';
import type { DirectLineChannel } from '../directline/DirectLineChannel';
import type { Person } from './Person';
import type { PersonalDataHolder } from './PersonalDataHolder';
import { ScanningHolder } from './ScanningHolder';

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Handoff tickets (summary, transcript) whose conversation reference names the person. */
export function ticketsHolder(storage: Storage): PersonalDataHolder {
  return new ScanningHolder('tickets', storage, {
    prefix: 'handoff/tickets/',
    countAs: 'tickets',
    belongsTo: (doc, person: Person) => {
      const reference = record(doc['reference']);
      return reference['channelId'] === person.channelId && record(reference['user'])['id'] === person.userId;
    },
  });
}

/** "I'm interested" referrals to employers' offers (consent time, contact preference, contact). */
export function referralsHolder(storage: Storage): PersonalDataHolder {
  return new ScanningHolder('referrals', storage, {
    prefix: 'referrals/',
    skip: (key) => key.startsWith('referrals/offer/'),
    countAs: 'referrals',
    belongsTo: (doc, person: Person) => {
      const who = record(doc['person']);
      return who['channelId'] === person.channelId && who['userId'] === person.userId;
    },
  });
}

/** What the person said through the local Direct Line channel (the try-it page, npm run chat). */
export function directLineHolder(channel: DirectLineChannel): PersonalDataHolder {
  return {
    name: 'directline',
    async describe(person) {
      if (person.channelId !== channel.channelId) return {};
      return { messages: await channel.historySize(person.conversationId) };
    },
    async erase(person) {
      if (person.channelId !== channel.channelId) return 0;
      return channel.eraseHistory(person.conversationId);
    },
  };
}
