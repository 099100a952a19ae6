import type { Person } from './Person';

// botbuilder's UserState and ConversationState, with the empty namespace createBotRuntime uses, store under these keys
// (botbuilder-core userState.js / conversationState.js: `${channelId}/users/${userId}/${namespace}`).

export function userStateKey(person: Pick<Person, 'channelId' | 'userId'>): string {
  return `${person.channelId}/users/${person.userId}/`;
}

export function conversationStateKey(person: Pick<Person, 'channelId' | 'conversationId'>): string {
  return `${person.channelId}/conversations/${person.conversationId}/`;
}

// The channel id never holds a slash; the conversation id may. Anchoring the second segment keeps a user id such as
// "x/conversations/y" (user key "webchat/users/x/conversations/y/") from passing for a conversation.
const CONVERSATION_KEY = /^([^/]+)\/conversations\/([\s\S]+)\/$/;

/** The channel and conversation of a conversation-state key, or undefined for any other key. */
export function parseConversationStateKey(key: string): { channelId: string; conversationId: string } | undefined {
  const match = CONVERSATION_KEY.exec(key);
  if (!match?.[1] || !match[2]) return undefined;
  return { channelId: match[1], conversationId: match[2] };
}
