import { MemoryStorage } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { OfferInternshipDialog, type OfferInternshipDialogResult } from '../../dialogs/OfferInternshipDialog';
import { OfferRepository } from '../../src/internships/OfferRepository';
import { chat, draft, now, sequentialIds, type Chat } from '../internships/harness';

const EMPLOYER = { channelId: 'webchat', userId: 'employer-1' };

type Step = [said: string, replies: Array<string | RegExp>];

const MENU = 'What do you want to do?';
const INTRO =
  'I will ask 12 short questions about the internship. An adviser checks each offer before newcomers can see it. Your contact details are only for the adviser.';
const COMPANY = 'What is the name of your company or organisation?';
const SECTOR = 'In what kind of work is the internship?';
const ROLE = 'What will the intern do? Write the job title or a short description.';
const CITY = 'In which city is the internship?';
const DISTRICT = 'In which district or area of Birmingham?';
const START = 'When does it start? Write the date like this: 31/01/2027 (day/month/year) or 2027-01-31.';
const WEEKS = 'How many weeks does it last? Write a number from 1 to 52.';
const HOURS = 'How many hours a week? Write a number from 1 to 48.';
const STIPEND = 'Do you pay the intern a stipend each month?';
const AMOUNT = 'How much do you pay each month, in pounds (£)? Write a number, for example 650.';
const LEVEL = 'What level of English does the intern need? A1 means a beginner. C2 means very good.';
const MENTOR = 'Will a mentor at your company help the intern?';
const CONTACT = 'How can an adviser contact you? Write an email address or a phone number. Only the adviser will see it.';
const CONFIRM = 'Is everything correct? If you say yes, I will send the offer to an adviser.';
const SAVED =
  'Thank you. I saved your offer. An adviser will check it. Newcomers can see it when the adviser approves it. You find it under "My offers".';

/** The whole form, answered correctly, up to the summary. */
const FORM_EN: Step[] = [
  ['hi', [MENU]],
  ['Offer an internship', [INTRO, COMPANY]],
  ['Harbour Care Ltd', [SECTOR]],
  ['Social care', [ROLE]],
  ['Care assistant', [CITY]],
  ['Birmingham', [DISTRICT]],
  ['Ladywood', [START]],
  ['11/01/2027', [WEEKS]],
  ['12 weeks', [HOURS]],
  ['30', [STIPEND]],
  ['Yes, an amount', [AMOUNT]],
  ['£650', [LEVEL]],
  ['B1', [MENTOR]],
  ['Yes', [CONTACT]],
  [
    'jobs@harbour-care.example',
    [
      [
        'Please check your offer:',
        'Company: Harbour Care Ltd',
        'Role: Care assistant',
        'Kind of work: Social care',
        'Where: Ladywood, Birmingham',
        'Start: 11 January 2027',
        'Weeks: 12',
        'Hours a week: 30',
        'Pay: £650 a month',
        'Level of English: B1 or higher',
        'Mentor: Yes',
        'Contact (only for the adviser): jobs@harbour-care.example',
      ].join('\n'),
      CONFIRM,
    ],
  ],
];

async function play(employer: Chat, steps: Step[]): Promise<void> {
  for (const [said, expected] of steps) {
    const replies = await employer.say(said);
    expect({ said, replies }).toEqual({ said, replies: expected.map((e) => (typeof e === 'string' ? e : expect.stringMatching(e))) });
  }
}

function setUp(language = 'en', userId = EMPLOYER.userId): { employer: Chat; offers: OfferRepository; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  const offers = new OfferRepository(storage, { now, newId: sequentialIds() });
  return { employer: chat(new OfferInternshipDialog(offers, { now }), { userId, language }), offers, storage };
}

/** Replaces the answer to one question in the form. */
function withAnswer(question: string, said: string): Step[] {
  return FORM_EN.map((step, i) => (FORM_EN[i - 1]?.[1].includes(question) ? [said, step[1]] : step));
}

describe('OfferInternshipDialog: the form', () => {
  it('stores a confirmed offer as pending, owned by the employer who filled it in', async () => {
    const { employer, offers } = setUp();
    await play(employer, [...FORM_EN, ['Yes', [SAVED]]]);

    const pending = await offers.listByStatus('pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      status: 'pending',
      owner: EMPLOYER,
      company: 'Harbour Care Ltd',
      sector: 'care',
      role: 'Care assistant',
      city: 'birmingham',
      district: 'Ladywood',
      startDate: '2027-01-11',
      durationWeeks: 12,
      hoursPerWeek: 30,
      stipend: { kind: 'monthly', amount: 650 },
      languageLevel: 'B1',
      mentor: true,
      contact: 'jobs@harbour-care.example',
    });
    expect(employer.client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    expect(employer.client.dialogTurnResult.result).toEqual({ createdOfferId: pending[0]!.id } satisfies OfferInternshipDialogResult);
  });

  it('at the summary, one answer can be changed; the summary comes back with it, and the rest is kept', async () => {
    const { employer, offers } = setUp();
    await play(employer, FORM_EN);
    await play(employer, [
      ['Change an answer', [/^Which answer do you want to change\?/]],
      ['Hours a week', [HOURS]],
      ['60', ['Please write a whole number from 1 to 48.', HOURS]],
      ['20', [/Hours a week: 20\n/, CONFIRM]],
      ['Yes', [SAVED]],
    ]);
    const [offer] = await offers.listByOwner(EMPLOYER);
    expect(offer).toMatchObject({ company: 'Harbour Care Ltd', hoursPerWeek: 20, durationWeeks: 12, stipend: { kind: 'monthly', amount: 650 } });
  });

  it('moving the offer to another city asks the district there, the level of its language and the pay in its currency', async () => {
    const { employer, offers } = setUp();
    await play(employer, FORM_EN);
    await play(employer, [
      ['change', [/^Which answer do you want to change\?/]],
      ['Where', [CITY]],
      ['Lisbon', ['In which district or area of Lisbon?']],
      ['Alvalade', [/^What level of Portuguese does the intern need\?/]],
      ['A2', ['How much do you pay each month, in euros (€)? Write a number, for example 650.']],
      ['700', [/Where: Alvalade, Lisbon\n[\s\S]*Pay: €700 a month\nLevel of Portuguese: A2 or higher/, CONFIRM]],
      ['Yes', [SAVED]],
    ]);
    expect((await offers.listByOwner(EMPLOYER))[0]).toMatchObject({ city: 'lisbon', district: 'Alvalade', languageLevel: 'A2', stipend: { kind: 'monthly', amount: 700 } });
  });

  it('after changing an answer, "no" still stores nothing', async () => {
    const { employer, offers } = setUp();
    await play(employer, FORM_EN);
    await play(employer, [
      ['Change an answer', [/^Which answer do you want to change\?/]],
      ['Mentor', [MENTOR]],
      ['No', [/Mentor: No\n/, CONFIRM]],
      ['No', ['OK. I did not save the offer. You can start again at any time.']],
    ]);
    expect(await offers.listByOwner(EMPLOYER)).toEqual([]);
  });

  it('stores nothing when the employer says the summary is wrong', async () => {
    const { employer, offers } = setUp();
    await play(employer, [...FORM_EN, ['No', ['OK. I did not save the offer. You can start again at any time.']]]);
    expect(await offers.listByStatus('pending')).toEqual([]);
    expect(await offers.listByOwner(EMPLOYER)).toEqual([]);
  });

  it.each<[string, string, string, string, string]>([
    ['a start date in the past', START, '01/11/2026', 'This date is in the past. Please write today\'s date or a later date.', '11/01/2027'],
    ['a date that does not exist', START, '31/02/2027', 'I could not read this date. Please write it like this: 31/01/2027 or 2027-01-31.', '2027-01-11'],
    ['a negative stipend', AMOUNT, '-200', 'The amount cannot be less than 0. Please write 0 or more.', '650'],
    ['a 5,000-character role', ROLE, 'x'.repeat(5000), 'This is too long. Please write at most 150 characters.', 'Care assistant'],
    ['0 weeks', WEEKS, '0', 'Please write a whole number from 1 to 52.', '12'],
    ['60 hours a week', HOURS, '60', 'Please write a whole number from 1 to 48.', '30'],
    ['a contact that is neither', CONTACT, 'ask at reception', 'Please write an email address (like name@example.com) or a phone number (only digits, it can start with +).', 'jobs@harbour-care.example'],
  ])('%s: says what is wrong, asks again, and stores nothing until the answer is valid', async (_name, question, bad, error, good) => {
    const { employer, offers } = setUp();
    const index = FORM_EN.findIndex((step) => step[1].includes(question));
    const before = FORM_EN.slice(0, index + 1);
    const after = withAnswer(question, good).slice(index + 1);
    await play(employer, before);
    await play(employer, [[bad, [error, question]]]);
    expect(await offers.listByOwner(EMPLOYER)).toEqual([]);
    await play(employer, [...after, ['Yes', [SAVED]]]);
    expect(await offers.listByOwner(EMPLOYER)).toHaveLength(1);
  });

  it.each([
    ['Not paid', { kind: 'unpaid' }, 'Pay: Not paid'],
    ['To discuss', { kind: 'to-discuss' }, 'Pay: To be discussed'],
  ])('"%s" skips the amount', async (choice, stipend, line) => {
    const { employer, offers } = setUp();
    const index = FORM_EN.findIndex((step) => step[1].includes(STIPEND));
    await play(employer, FORM_EN.slice(0, index + 1));
    await play(employer, [[choice, [LEVEL]], ['none', [MENTOR]], ['No', [CONTACT]]]);
    const summary = await employer.say('+44 121 496 0000');
    expect(summary[0]).toContain(line);
    expect(summary[0]).toContain('Level of English: No level needed');
    expect(summary[0]).toContain('Mentor: No');
    await play(employer, [['Yes', [SAVED]]]);
    expect((await offers.listByOwner(EMPLOYER))[0]).toMatchObject({ stipend, languageLevel: 'none', mentor: false, contact: '+44 121 496 0000' });
  });

  it('in Italian: the error and the question again in Italian', async () => {
    const { employer, offers } = setUp('it');
    await employer.say('ciao');
    await employer.say('1');
    await employer.say('Harbour Care Ltd');
    await employer.say('2');
    await employer.say('Assistente');
    await employer.say('Milano');
    expect(await employer.say('Navigli')).toEqual([expect.stringMatching(/^Quando inizia\?/)]);
    expect(await employer.say('01/01/2020')).toEqual([
      'Questa data è già passata. Scriva la data di oggi o una data successiva.',
      expect.stringMatching(/^Quando inizia\?/),
    ]);
    expect(await offers.listByOwner(EMPLOYER)).toEqual([]);
  });
});

describe('OfferInternshipDialog: my offers', () => {
  it('says when there are none', async () => {
    const { employer } = setUp();
    await play(employer, [
      ['hi', [MENU]],
      ['My offers', ['You have no internship offers yet.']],
    ]);
    expect(employer.client.dialogTurnResult.result).toEqual({});
  });

  it("lists the employer's own offers with their status and withdraws the one chosen", async () => {
    const { employer, offers } = setUp();
    const first = await offers.create(draft({ role: 'Kitchen helper', sector: 'hospitality' }), EMPLOYER);
    await offers.approve(first.id);
    const second = await offers.create(draft({ role: 'Care assistant' }), EMPLOYER);
    const refused = await offers.create(draft({ role: 'Driver' }), EMPLOYER);
    await offers.reject(refused.id);
    await offers.create(draft({ role: 'Not mine' }), { channelId: 'webchat', userId: 'employer-2' });

    await play(employer, [
      ['hi', [MENU]],
      [
        'My offers',
        [
          [
            'Your internship offers:',
            '1. Driver – Harbour Care Ltd, Birmingham, start 11 January 2027: not approved',
            '2. Care assistant – Harbour Care Ltd, Birmingham, start 11 January 2027: waiting for an adviser',
            '3. Kitchen helper – Harbour Care Ltd, Birmingham, start 11 January 2027: approved, newcomers can see it',
          ].join('\n'),
          'Do you want to withdraw an offer? Then newcomers will not see it any more.',
        ],
      ],
      ['Withdraw no. 3', ['Do you really want to withdraw offer 3 (Kitchen helper)?']],
      ['Yes', ['Done. The offer is withdrawn. Newcomers cannot see it any more.']],
    ]);

    expect((await offers.get(first.id))?.status).toBe('withdrawn');
    expect((await offers.get(second.id))?.status).toBe('pending');
    expect(await offers.listByStatus('approved')).toEqual([]);
    expect(employer.client.dialogTurnResult.result).toEqual({ withdrawnOfferId: first.id } satisfies OfferInternshipDialogResult);
  });

  it('a rejected offer cannot be chosen for withdrawal, and "no" keeps the offer', async () => {
    const { employer, offers } = setUp();
    const refused = await offers.create(draft({ role: 'Driver' }), EMPLOYER);
    await offers.reject(refused.id);
    const waiting = await offers.create(draft({ role: 'Care assistant' }), EMPLOYER);
    await employer.say('hi');
    await employer.say('My offers');
    // Only one offer can be withdrawn: it is number 1 in the list, so "Withdraw no. 2" is not an option.
    expect(await employer.say('Withdraw no. 2')).toEqual([
      expect.stringMatching(/^Sorry, I did not understand/),
      'Do you want to withdraw an offer? Then newcomers will not see it any more.',
    ]);
    await play(employer, [
      ['Withdraw no. 1', ['Do you really want to withdraw offer 1 (Care assistant)?']],
      ['No', ['OK. The offer stays as it is.']],
    ]);
    expect((await offers.get(waiting.id))?.status).toBe('pending');
  });
});
