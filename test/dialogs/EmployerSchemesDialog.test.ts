import { DialogTurnStatus } from 'botbuilder-dialogs';
import { EmployerSchemesDialog, type EmployerSchemesDialogResult } from '../../dialogs/EmployerSchemesDialog';
import { loadSchemes } from '../../src/content/loadSchemes';
import { SchemeSchema, type Scheme } from '../../src/content/schemesSchema';
import { chat, fixtureSchemes } from '../internships/harness';

/** Test-only employer records of the kinds the shared fixtures do not have. */
function extra(id: string, kind: Scheme['kind'], fields: Partial<Scheme> = {}): Scheme {
  return SchemeSchema.parse({
    id,
    city: 'birmingham',
    kind,
    audience: 'employer',
    name: { en: `Fixture scheme ${id}` },
    runBy: 'Fixture provider (test data only)',
    summary: { en: 'Test-only record. Not real data.' },
    eligibility: {},
    eligibilityText: { en: 'Test-only conditions.' },
    nextSteps: { en: 'Test-only next steps.' },
    url: `https://example.org/fixtures/${id}`,
    status: 'active',
    sourceUrl: `https://example.org/fixtures/${id}`,
    lastReviewed: '2026-11-23',
    ...fields,
  });
}

const SCHEMES: Scheme[] = [
  ...fixtureSchemes,
  extra('fixture-duty', 'employer-duty'),
  extra('fixture-social-value', 'social-value-procurement'),
  extra('fixture-subsidy-with-money', 'wage-subsidy', {
    employerSupport: { en: 'Test-only amount stated by the source.', fr: 'Montant de test indiqué par la source.' },
    duration: { en: 'Test-only duration.' },
  }),
];

const CITY_PROMPT = 'In which city do you want to hire?';

function titles(texts: string[]): string[] {
  return texts.map((text) => /^Fixture scheme (\S+) – /.exec(text)?.[1] ?? text.split('\n')[0]!);
}

describe('EmployerSchemesDialog', () => {
  it('orders the answer: duties, support, public contracts; ended programmes only when asked', async () => {
    const employer = chat(new EmployerSchemesDialog(SCHEMES), { userId: 'employer-1' });
    expect(await employer.say('hi')).toEqual([CITY_PROMPT]);
    const texts = await employer.say('Birmingham');
    expect(titles(texts)).toEqual([
      'This is what I know about hiring a newcomer in Birmingham.',
      'What you must do by law:',
      'fixture-duty',
      'Support you may get:',
      'fixture-both-audiences',
      'fixture-subsidy-with-money',
      // Conditions about the person hired are open (the employer named no one): shown after the unconditional ones.
      'fixture-employer-subsidy',
      'If your business bids for public contracts:',
      'fixture-social-value',
      'Some programmes in Birmingham have ended. Do you want to read what the city learned from them?',
    ]);
    expect(texts.join('\n')).not.toMatch(/fixture-ended|fixture-aa-open|fixture-lisbon/);

    expect(await employer.say('Yes')).toEqual([
      'These programmes have ended. Nobody can join them now. This is what Birmingham learned from them:',
      'Fixture scheme fixture-ended (2017–2020):\nTest-only lesson.',
      expect.stringMatching(/^Fixture scheme fixture-ended-young-registered \(\d{4}–\d{4}\):\n/),
    ]);
    expect(employer.client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    expect(employer.client.dialogTurnResult.result).toEqual({
      city: 'birmingham',
      schemeIds: ['fixture-duty', 'fixture-both-audiences', 'fixture-subsidy-with-money', 'fixture-employer-subsidy', 'fixture-social-value'],
      readLessons: true,
    } satisfies EmployerSchemesDialogResult);
  });

  it('shows conditions, money and duration only where the record states them', async () => {
    const employer = chat(new EmployerSchemesDialog(SCHEMES), { userId: 'employer-1' });
    await employer.say('hi');
    const texts = await employer.say('Birmingham');
    expect(texts.find((text) => text.startsWith('Fixture scheme fixture-subsidy-with-money'))).toBe(
      [
        'Fixture scheme fixture-subsidy-with-money – Fixture provider (test data only)',
        'Test-only record. Not real data.',
        'Conditions: Test-only conditions.',
        'What the employer can get: Test-only amount stated by the source.',
        'How long: Test-only duration.',
        'What to do next: Test-only next steps.',
        'More information: https://example.org/fixtures/fixture-subsidy-with-money',
      ].join('\n'),
    );
    const duty = texts.find((text) => text.startsWith('Fixture scheme fixture-duty'));
    expect(duty).not.toMatch(/What the employer can get|How long/);
  });

  it('saying no to the lessons ends without them', async () => {
    const employer = chat(new EmployerSchemesDialog(SCHEMES), { userId: 'employer-1' });
    await employer.say('hi');
    await employer.say('Birmingham');
    expect(await employer.say('No')).toEqual([]);
    expect(employer.client.dialogTurnResult.result).toMatchObject({ readLessons: false });
  });

  it('a city without ended programmes does not ask about them', async () => {
    const employer = chat(new EmployerSchemesDialog(SCHEMES), { userId: 'employer-1' });
    await employer.say('hi');
    expect(await employer.say('Helsinki')).toEqual([
      'I have no information about hiring support in Helsinki yet. Please contact the employment services in Helsinki.',
    ]);
    expect(employer.client.dialogTurnResult.result).toEqual({ city: 'helsinki', schemeIds: [], readLessons: false });
  });

  it('starts at the schemes when the city is known', async () => {
    const employer = chat(new EmployerSchemesDialog(SCHEMES), { userId: 'employer-1', dialogOptions: { city: 'birmingham' } });
    expect((await employer.say('hi'))[0]).toBe('This is what I know about hiring a newcomer in Birmingham.');
  });

  it('in French: says once that some content is only in English', async () => {
    const employer = chat(new EmployerSchemesDialog(SCHEMES), { userId: 'employer-1', language: 'fr' });
    await employer.say('bonjour');
    const texts = await employer.say('Birmingham');
    expect(texts[0]).toBe("Voici ce que je sais sur l'embauche d'une personne nouvellement arrivée à Birmingham.");
    expect(texts.filter((text) => text === 'Cette information existe seulement en anglais.')).toHaveLength(1);
    expect(texts.find((text) => text.includes('fixture-subsidy-with-money'))).toContain(
      "Ce que l'employeur peut recevoir\u00a0: Montant de test indiqué par la source.",
    );
  });

  describe('with the real Birmingham content', () => {
    it('tells an employer about right-to-work checks and social value, and never offers USE-IT!', async () => {
      const employer = chat(new EmployerSchemesDialog(loadSchemes()), { userId: 'employer-1' });
      await employer.say('hi');
      const texts = await employer.say('Birmingham');
      const duty = texts.indexOf('What you must do by law:');
      expect(texts[duty + 1]).toMatch(/^Right to work checks: an employer's guide \(Home Office\)\nBefore you employ anyone in the UK/);
      expect(texts).toContain('If your business bids for public contracts:');
      expect(texts.join('\n')).toMatch(/Social Value Policy/);
      expect(texts.join('\n')).not.toMatch(/USE-IT!|MiFriendly|CITIES GROW/);
      const lessons = await employer.say('Yes');
      expect(lessons.join('\n')).toMatch(/USE-IT!.*\(2017–2020\)/);
    });
  });
});
