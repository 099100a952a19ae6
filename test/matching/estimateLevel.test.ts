import { COURSE_LEVELS } from '../../src/content/coursesSchema';
import {
  CAN_DO_QUESTIONS,
  estimateLevel,
  type CanDoAnswer,
  type CanDoAnswers,
  type LevelEstimate,
} from '../../src/matching/estimateLevel';

/** Answers the questions in the order they are asked, as the dialog does. */
function answerInOrder(sequence: readonly CanDoAnswer[]): { estimate: LevelEstimate; asked: string[] } {
  const answers: CanDoAnswers = {};
  const asked: string[] = [];
  let estimate = estimateLevel(answers);
  for (const answer of sequence) {
    if (estimate.status !== 'ask') throw new Error(`the estimate was decided before answer ${asked.length + 1}`);
    asked.push(estimate.question);
    answers[estimate.question] = answer;
    estimate = estimateLevel(answers);
  }
  return { estimate, asked };
}

describe('estimateLevel', () => {
  it('starts with whether the person can read the letters', () => {
    expect(estimateLevel({})).toEqual({ status: 'ask', question: 'script' });
  });

  it.each<[string, CanDoAnswer[], LevelEstimate]>([
    ['cannot read the letters → literacy', ['no'], { status: 'known', level: 'literacy' }],
    ['reads the letters, cannot introduce themselves → pre-A1', ['yes', 'no'], { status: 'known', level: 'pre-A1' }],
    ['introduces themselves, cannot read a notice → A1', ['yes', 'yes', 'no'], { status: 'known', level: 'A1' }],
    ['reads a notice, cannot follow talk at work → A2', ['yes', 'yes', 'yes', 'no'], { status: 'known', level: 'A2' }],
    ['follows talk at work, cannot argue an opinion → B1', ['yes', 'yes', 'yes', 'yes', 'no'], { status: 'known', level: 'B1' }],
    ['can do everything asked → B2', ['yes', 'yes', 'yes', 'yes', 'yes'], { status: 'known', level: 'B2' }],
    ['"I don\'t know" at the first question → unknown', ['unsure'], { status: 'unknown' }],
    ['"I don\'t know" after two yes → unknown, not a guess', ['yes', 'yes', 'unsure'], { status: 'unknown' }],
    ['"I don\'t know" at the last question → unknown', ['yes', 'yes', 'yes', 'yes', 'unsure'], { status: 'unknown' }],
  ])('%s', (_name, sequence, expected) => {
    const { estimate, asked } = answerInOrder(sequence);
    expect(estimate).toEqual(expected);
    // One question per answer, in the ladder's order: the first "no" or "I don't know" ends the questions.
    expect(asked).toEqual(CAN_DO_QUESTIONS.slice(0, sequence.length));
  });

  it('asks at most five questions and reaches every level from literacy to B2', () => {
    const reached = new Set<string>();
    for (let noAt = 0; noAt <= CAN_DO_QUESTIONS.length; noAt += 1) {
      const yes: CanDoAnswer[] = Array<CanDoAnswer>(noAt).fill('yes');
      const sequence: CanDoAnswer[] = noAt < CAN_DO_QUESTIONS.length ? [...yes, 'no'] : yes;
      const { estimate, asked } = answerInOrder(sequence);
      expect(asked.length).toBeLessThanOrEqual(5);
      if (estimate.status === 'known') reached.add(estimate.level);
    }
    expect([...reached]).toEqual(COURSE_LEVELS.filter((level) => level !== 'C1'));
  });

  it('ignores answers after the one that decided (a "no" to the letters stays literacy)', () => {
    expect(estimateLevel({ script: 'no', introduce: 'yes', notice: 'yes', workTalk: 'yes', opinion: 'yes' })).toEqual({
      status: 'known',
      level: 'literacy',
    });
  });

  it('asks the first unanswered question when an earlier one is missing', () => {
    expect(estimateLevel({ introduce: 'yes', notice: 'yes' })).toEqual({ status: 'ask', question: 'script' });
    expect(estimateLevel({ script: 'yes', notice: 'no' })).toEqual({ status: 'ask', question: 'introduce' });
  });
});
