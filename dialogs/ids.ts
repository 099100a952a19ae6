/** Dialog and prompt ids. Renaming one strands the people whose saved dialog stack names it: add, don't rename. */
export const DialogIds = {
  main: 'mainDialog',
  mainFlow: 'mainDialog.flow',
  /** The main flow from its topic menu on, for a person whose language, consent and role are known. */
  menu: 'mainDialog.menu',
  language: 'languageDialog',
  languageFlow: 'languageDialog.flow',
  choice: 'choicePrompt',
  text: 'textPrompt',
  topicRunner: 'mainDialog.topicRunner',
  guess: 'mainDialog.guess',
  offerAdviser: 'mainDialog.offerAdviser',
} as const;

export const Topics = {
  newcomer: ['recognition', 'courses', 'internships', 'adviser'],
  employer: ['schemes', 'offer', 'languageAtWork', 'adviser'],
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics][number];
