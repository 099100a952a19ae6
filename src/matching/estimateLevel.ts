import type { CourseLevel } from '../content/coursesSchema';

/**
 * Estimates a learner's level from a few "can you…?" questions about the language they want to learn. Pure: no I/O,
 * no clock; the same answers always give the same estimate.
 *
 * The questions form a ladder, easiest first. The first "no" fixes the level (the step below the one the person
 * cannot do yet); "yes" to every question gives B2. "I don't know" at any step keeps the level unknown: a wrong
 * guess would hide courses (the ranking filters on level), an unknown level hides none and the school places the
 * learner. A level is an estimate for finding courses, not a placement.
 */

/** The can-do questions, in the order they are asked. */
export const CAN_DO_QUESTIONS = ['script', 'introduce', 'notice', 'workTalk', 'opinion'] as const;
export type CanDoQuestion = (typeof CAN_DO_QUESTIONS)[number];

export const CAN_DO_ANSWERS = ['yes', 'no', 'unsure'] as const;
export type CanDoAnswer = (typeof CAN_DO_ANSWERS)[number];

export type CanDoAnswers = Partial<Record<CanDoQuestion, CanDoAnswer>>;

/**
 * The level of someone who answers "no" to the question:
 * - script: cannot read the letters of the language → literacy (learning to read and write);
 * - introduce: cannot say their name and where they come from → pre-A1;
 * - notice: can introduce themselves but cannot read a short notice → A1;
 * - workTalk: can read a short notice but cannot follow a conversation at work → A2;
 * - opinion: follows a conversation at work but cannot give and explain an opinion → B1.
 */
export const LEVEL_WHEN_NO: Readonly<Record<CanDoQuestion, CourseLevel>> = {
  script: 'literacy',
  introduce: 'pre-A1',
  notice: 'A1',
  workTalk: 'A2',
  opinion: 'B1',
};

/** The level of someone who can do everything the questions ask. */
export const LEVEL_WHEN_ALL_YES: CourseLevel = 'B2';

export type LevelEstimate =
  | { status: 'ask'; question: CanDoQuestion }
  | { status: 'known'; level: CourseLevel }
  | { status: 'unknown' };

/** The next question to ask, or the estimate once the answers so far decide it. */
export function estimateLevel(answers: CanDoAnswers): LevelEstimate {
  for (const question of CAN_DO_QUESTIONS) {
    const answer = answers[question];
    if (answer === undefined) return { status: 'ask', question };
    if (answer === 'unsure') return { status: 'unknown' };
    if (answer === 'no') return { status: 'known', level: LEVEL_WHEN_NO[question] };
  }
  return { status: 'known', level: LEVEL_WHEN_ALL_YES };
}
