import type { ChoiceSpec, TextRef } from '../../dialogs/prompts/LocalizedChoicePrompt';

/** Sent before a sensitive question (residence or work-permit status): why the bot asks, and that not answering is fine. */
export const SENSITIVE_WHY: TextRef = { key: 'privacy:sensitive.why' };

/** The value of the "I prefer not to say" option. */
export const PREFER_NOT_TO_SAY = 'preferNotToSay';

/** The "I prefer not to say" option, to add to every sensitive question's choices. */
export function preferNotToSayChoice(): ChoiceSpec {
  return {
    value: PREFER_NOT_TO_SAY,
    label: { key: 'privacy:sensitive.preferNot' },
    synonymsKey: 'privacy:sensitive.preferNotSynonyms',
  };
}
