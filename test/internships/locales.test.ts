import { LANGUAGES } from '../../src/i18n/languages';
import { i18n } from './harness';

/** botbuilder shows buttons only when every label fits in this many characters. */
const MAX_BUTTON_LABEL = 20;

/** Every label the three internship dialogs put on a button, with the widest parameters they are rendered with. */
const BUTTON_LABELS: Array<[key: string, params?: Record<string, number>]> = [
  ...['birmingham', 'lisbon', 'milan', 'helsinki'].map((c): [string] => [`internships:cities.${c}`]),
  ...['a16to17', 'a18to24', 'a25to29', 'a30to49', 'a50plus', 'preferNot'].map((k): [string] => [`internships:newcomer.age.choices.${k}`]),
  ...['refugee', 'asylumSeeker', 'temporaryProtection', 'euCitizen', 'workPermit', 'otherPermit', 'dontKnow', 'preferNot'].map(
    (k): [string] => [`internships:newcomer.residence.choices.${k}`],
  ),
  ['internships:answer.dontKnow'],
  ...['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'none'].map((k): [string] => [`internships:level.choices.${k}`]),
  ...['health', 'care', 'hospitality', 'construction', 'manufacturing', 'logistics', 'retail', 'cleaning', 'it', 'education', 'office', 'agriculture', 'other'].map(
    (k): [string] => [`internships:fields.${k}`],
  ),
  ['internships:offers.interested'],
  ['internships:offers.interestedIn', { n: 5 }],
  ['internships:offers.noThanks'],
  ...['chat', 'phone', 'email'].map((k): [string] => [`internships:interest.preference.choices.${k}`]),
  ...['new', 'mine', 'back'].map((k): [string] => [`internships:form.menu.choices.${k}`]),
  ...['amount', 'unpaid', 'toDiscuss'].map((k): [string] => [`internships:form.stipend.choices.${k}`]),
  ['internships:form.mine.which.choice', { n: 99 }],
  ['internships:form.mine.which.back'],
];

describe.each(LANGUAGES.map((l) => l.code))('internships texts in %s', (code) => {
  const t = i18n.getFixedT(code);

  it(`keeps every button label within ${MAX_BUTTON_LABEL} characters`, () => {
    const tooLong = BUTTON_LABELS.map(([key, params]) => ({ key, label: t(key, params ?? {}) })).filter(
      ({ label }) => label.length > MAX_BUTTON_LABEL,
    );
    expect(tooLong).toEqual([]);
  });

  it('gives the buttons of one question different labels', () => {
    for (const group of ['newcomer.age.choices', 'newcomer.residence.choices', 'level.choices', 'fields', 'form.menu.choices', 'form.stipend.choices']) {
      const labels = Object.values(t(`internships:${group}`, { returnObjects: true }) as Record<string, string>);
      expect({ group, labels: new Set(labels).size }).toEqual({ group, labels: labels.length });
    }
  });

  it('names, in the residence question, the very button that means "I prefer not to say"', () => {
    expect(t('internships:newcomer.residence.prompt')).toContain(t('internships:newcomer.residence.choices.preferNot'));
  });

  it('is written in this language, not copied from English (apart from names)', () => {
    if (code === 'en') return;
    const en = i18n.getFixedT('en');
    for (const key of ['internships:newcomer.intro', 'internships:interest.consent', 'internships:form.intro', 'internships:form.errors.datePast']) {
      expect({ key, text: t(key) }).not.toEqual({ key, text: en(key) });
    }
  });
});
