import { MemoryStorage } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { InternshipsDialog, type InternshipsDialogResult } from '../../dialogs/InternshipsDialog';
import { OfferInternshipDialog } from '../../dialogs/OfferInternshipDialog';
import { OfferRepository } from '../../src/internships/OfferRepository';
import { FakeHandoff, chat, draft, fixtureSchemes, now, sequentialIds, type Chat } from '../internships/harness';

const EMPLOYER = { channelId: 'webchat', userId: 'employer-1' };
const PROVIDER_CHECK = 'Please check with Fixture provider (test data only) if you can take part.';

interface Answers {
  age: string;
  residence: string;
  registered: string;
  level: string;
  field: string;
}

const ANSWERS: Answers = { age: '30 to 49', residence: 'Refugee', registered: 'Yes', level: 'B2', field: 'Social care' };

function setUp(language = 'en'): { newcomer: Chat; offers: OfferRepository; handoff: FakeHandoff } {
  const offers = new OfferRepository(new MemoryStorage(), { now, newId: sequentialIds() });
  const handoff = new FakeHandoff();
  const dialog = new InternshipsDialog(fixtureSchemes, offers, handoff, { now });
  return { newcomer: chat(dialog, { userId: 'newcomer-1', language }), offers, handoff };
}

const CITY_TEXTS: Record<string, { office: string; language: string }> = {
  Birmingham: { office: 'Jobcentre Plus', language: 'English' },
  Milan: { office: "Centro per l'Impiego", language: 'Italian' },
};

/** Answers the eligibility questions; returns everything the bot said after the last answer. */
async function answer(newcomer: Chat, answers: Partial<Answers> = {}, city = 'Birmingham'): Promise<string[]> {
  const a = { ...ANSWERS, ...answers };
  const { office, language } = CITY_TEXTS[city]!;
  expect(await newcomer.say('hi')).toEqual([
    'I will ask you a few short questions. Then I will show you programmes and internships that may fit you.',
    'In which city do you live?',
  ]);
  expect(await newcomer.say(city)).toEqual(['How old are you?']);
  const residence = await newcomer.say(a.age);
  expect(residence).toHaveLength(1);
  expect(residence[0]).toMatch(/^Some programmes are only for people with a certain residence or work permit, so I ask about it\. You can choose "I prefer not to say"\./);
  expect(await newcomer.say(a.residence)).toEqual([`Are you registered as a jobseeker with the employment services (${office})?`]);
  expect(await newcomer.say(a.registered)).toEqual([`How well do you speak ${language}? A1 means a beginner. C2 means very good.`]);
  expect(await newcomer.say(a.level)).toEqual(['What kind of work are you looking for?']);
  return newcomer.say(a.field);
}

/** The message about one fixture scheme (its title line starts the message). */
function schemeMessage(texts: string[], id: string): string | undefined {
  return texts.find((text) => text.startsWith(`Fixture scheme ${id} – `));
}

function shownIds(texts: string[]): string[] {
  return texts.map((text) => /^Fixture scheme (\S+) – /.exec(text)?.[1]).filter((id): id is string => id !== undefined);
}

describe('InternshipsDialog: which schemes a newcomer can join', () => {
  it.each<[string, Partial<Answers>, string[], string[]]>([
    [
      'a refugee aged 30–49, registered, B2, in care',
      {},
      ['fixture-aa-open', 'fixture-legal-residents', 'fixture-refugees-only', 'fixture-registered-unemployed', 'fixture-english-b1'],
      ['fixture-ended', 'fixture-ended-young-registered', 'fixture-age-18-29', 'fixture-age-min-50', 'fixture-health-only', 'fixture-lisbon-open', 'fixture-employer-subsidy'],
    ],
    [
      'a person aged 18–24 who is not registered',
      { age: '18 to 24', registered: 'No' },
      ['fixture-age-18-29', 'fixture-age-max-35'],
      ['fixture-age-min-50', 'fixture-registered-unemployed', 'fixture-ended-young-registered', 'fixture-ended'],
    ],
    [
      'a person who would rather not give age or residence',
      { age: 'I prefer not to say', residence: 'I prefer not to say', registered: "I don't know", level: "I don't know", field: 'Other or not sure' },
      ['fixture-age-18-29', 'fixture-age-min-50', 'fixture-refugees-only', 'fixture-registered-unemployed', 'fixture-health-only'],
      ['fixture-ended', 'fixture-ended-young-registered'],
    ],
  ])('%s', async (_name, answers, shown, hidden) => {
    const { newcomer } = setUp();
    const texts = await answer(newcomer, answers);
    expect(texts[0]).toBe('These programmes in Birmingham may be open to you:');
    expect(shownIds(texts)).toEqual(expect.arrayContaining(shown));
    for (const id of hidden) expect(shownIds(texts)).not.toContain(id);
  });

  it('never shows an ended programme, whatever the answers', async () => {
    for (const answers of [{}, { age: '18 to 24' }, { residence: 'I prefer not to say', registered: "I don't know" }]) {
      const { newcomer } = setUp();
      const texts = await answer(newcomer, answers);
      expect(texts.join('\n')).not.toMatch(/fixture-ended/);
    }
  });

  it('outside the age band a scheme is not open; across its limit it is "check with the provider"', async () => {
    const { newcomer } = setUp();
    const texts = await answer(newcomer, { age: '30 to 49' });
    expect(schemeMessage(texts, 'fixture-age-18-29')).toBeUndefined();
    const straddling = schemeMessage(texts, 'fixture-age-max-35');
    expect(straddling).toContain('- It is only for people aged 35 or younger.');
    expect(straddling).toContain(PROVIDER_CHECK);
  });

  it('"I prefer not to say" gives "check with the provider" for a scheme limited by residence', async () => {
    const { newcomer } = setUp();
    const withheld = await answer(newcomer, { residence: 'I prefer not to say' });
    const message = schemeMessage(withheld, 'fixture-refugees-only');
    expect(message).toContain('Why I show it:\n- It is only for people with certain residence permits.');
    expect(message).toContain(PROVIDER_CHECK);

    const { newcomer: refugee } = setUp();
    const told = schemeMessage(await answer(refugee, { residence: 'Refugee' }), 'fixture-refugees-only');
    expect(told).toContain('Why I show it:\n- It accepts your residence situation.');
    expect(told).not.toContain(PROVIDER_CHECK);
  });

  it('shows why, what to do next and the official link for each scheme', async () => {
    const { newcomer } = setUp();
    const message = schemeMessage(await answer(newcomer), 'fixture-aa-open');
    expect(message).toBe(
      [
        'Fixture scheme fixture-aa-open – Fixture provider (test data only)',
        'Test-only record. Not real data.',
        'Why I show it:',
        '- From your answers, nothing rules you out.',
        'Who can take part: Test-only record.',
        'What to do next: Test-only record.',
        'More information: https://example.org/fixtures/fixture-aa-open',
      ].join('\n'),
    );
  });

  it('says so when nothing fits, and ends with what it showed', async () => {
    const { newcomer } = setUp();
    const texts = await answer(newcomer, {}, 'Milan');
    expect(texts).toEqual([
      "From your answers, I did not find a programme in Milan that is open to you now. An adviser at your city's information service can help you look further.",
      'Right now, no internship offer from an employer in Milan matches your answers. You can look again later.',
    ]);
    expect(newcomer.client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    expect(newcomer.client.dialogTurnResult.result).toEqual({ city: 'milan', schemeIds: [], offerIds: [] } satisfies InternshipsDialogResult);
  });

  it('in French: the questions in French, and "only in English" once before the first English-only scheme', async () => {
    const { newcomer } = setUp('fr');
    await newcomer.say('bonjour');
    await newcomer.say('Birmingham');
    await newcomer.say('2');
    expect((await newcomer.say('1'))[0]).toMatch(/^Êtes-vous inscrit/);
    await newcomer.say('1');
    await newcomer.say('4');
    const texts = await newcomer.say('1');
    expect(texts[0]).toBe('Ces programmes à Birmingham peuvent vous être ouverts\u00a0:');
    expect(texts[1]).toBe('Cette information existe seulement en anglais.');
    expect(texts.filter((text) => text === 'Cette information existe seulement en anglais.')).toHaveLength(1);
    expect(texts[2]).toMatch(/^Fixture scheme fixture-aa-open – .*\nTest-only record\. Not real data\.\nPourquoi je le montre\u00a0:/);
  });
});

describe('InternshipsDialog: offers from employers', () => {
  it('shows only approved offers, without the employer\'s contact details', async () => {
    const { newcomer, offers } = setUp();
    const approved = await offers.create(draft(), EMPLOYER);
    await offers.approve(approved.id);
    await offers.create(draft({ role: 'Still waiting for an adviser' }), EMPLOYER);
    const withdrawn = await offers.create(draft({ role: 'Withdrawn role' }), EMPLOYER);
    await offers.approve(withdrawn.id);
    await offers.withdraw(withdrawn.id, EMPLOYER);

    const texts = await answer(newcomer);
    const all = texts.join('\n');
    expect(all).toContain('Internships that employers offer in Birmingham. An adviser checked each one:');
    expect(all).toContain('1. Care assistant – Harbour Care Ltd');
    expect(all).not.toContain('Still waiting for an adviser');
    expect(all).not.toContain('Withdrawn role');
    expect(all).not.toContain('jobs@harbour-care.example');
    expect(texts.at(-1)).toBe('Are you interested? If you choose an offer, an adviser can put you in touch with the employer.');
  });

  it('saying no to sharing stores nothing and calls nobody', async () => {
    const { newcomer, offers, handoff } = setUp();
    const { id } = await offers.create(draft(), EMPLOYER);
    await offers.approve(id);
    await answer(newcomer);
    const consent = await newcomer.say("I'm interested");
    expect(consent).toEqual([
      "If you agree, I will share this offer, your city, your kind of work, your language level and how to contact you with an adviser of the city's service, and the adviser will contact you. Do you agree?",
    ]);
    expect(await newcomer.say('No')).toEqual(['OK. I did not save or share anything.']);
    expect(await offers.listReferrals(id)).toEqual([]);
    expect(handoff.calls).toEqual([]);
    expect(newcomer.client.dialogTurnResult.result).toEqual({ city: 'birmingham', schemeIds: expect.any(Array), offerIds: [id] });
  });

  it('an offer withdrawn while the person decides is not referred', async () => {
    const { newcomer, offers, handoff } = setUp();
    const { id } = await offers.create(draft(), EMPLOYER);
    await offers.approve(id);
    await answer(newcomer);
    await newcomer.say('1');
    await newcomer.say('Yes');
    await offers.withdraw(id, EMPLOYER);
    expect(await newcomer.say('In this chat')).toEqual(['Sorry, this offer is not open any more. I did not save anything.']);
    expect(await offers.listReferrals(id)).toEqual([]);
    expect(handoff.calls).toEqual([]);
  });
});

describe('from an employer\'s offer to a newcomer\'s referral', () => {
  it('employer offers → adviser approves → newcomer is interested, consents, is referred and handed to an adviser', async () => {
    const storage = new MemoryStorage();
    const offers = new OfferRepository(storage, { now, newId: sequentialIds() });
    const handoff = new FakeHandoff();

    // The employer fills in the form.
    const employer = chat(new OfferInternshipDialog(offers, { now }), { userId: 'employer-1' });
    for (const said of ['hi', 'Offer an internship', 'Harbour Care Ltd', 'Social care', 'Care assistant', 'Birmingham', 'Ladywood']) {
      await employer.say(said);
    }
    for (const said of ['2027-01-11', '12', '30', 'Yes, an amount', '650', 'B1', 'Yes', 'jobs@harbour-care.example']) {
      await employer.say(said);
    }
    expect(await employer.say('Yes')).toEqual([expect.stringMatching(/^Thank you\. I saved your offer\./)]);
    const [pending] = await offers.listByStatus('pending');
    expect(pending).toMatchObject({ role: 'Care assistant', owner: { channelId: 'webchat', userId: 'employer-1' } });

    // Before an adviser approves it, a newcomer does not see it.
    const early = chat(new InternshipsDialog(fixtureSchemes, offers, handoff, { now }), { userId: 'newcomer-0' });
    expect((await answer(early)).join('\n')).not.toContain('Care assistant');

    // The advisers' console approves it through the repository.
    await offers.approve(pending!.id);

    // A newcomer finds it.
    const newcomer = chat(new InternshipsDialog(fixtureSchemes, offers, handoff, { now }), { userId: 'newcomer-1' });
    const found = await answer(newcomer);
    const card = found.find((text) => text.startsWith('1. Care assistant'));
    expect(card).toBe(
      [
        '1. Care assistant – Harbour Care Ltd',
        'Kind of work: Social care',
        'Where: Ladywood, Birmingham',
        'Start: 11 January 2027',
        'Weeks: 12',
        'Hours a week: 30',
        'Pay: £650 a month',
        'Level of English: B1 or higher',
        'Mentor: Yes',
      ].join('\n'),
    );
    expect(found.join('\n')).not.toContain('jobs@harbour-care.example');

    expect(await newcomer.say("I'm interested")).toEqual([expect.stringMatching(/^If you agree, I will share this offer/)]);
    expect(await offers.listReferrals(pending!.id)).toEqual([]);
    expect(await newcomer.say('Yes')).toEqual(['How should the adviser contact you?']);
    expect(await newcomer.say('By phone')).toEqual(['Please write your phone number.']);
    expect(await newcomer.say('my number is secret')).toEqual([
      'Please write a phone number: only digits, it can start with +.',
      'Please write your phone number.',
    ]);
    expect(await offers.listReferrals(pending!.id)).toEqual([]);
    expect(await newcomer.say('+44 7700 900123')).toEqual([]);

    const referrals = await offers.listReferrals(pending!.id);
    expect(referrals).toEqual([
      expect.objectContaining({
        offerId: pending!.id,
        person: { channelId: 'webchat', userId: 'newcomer-1' },
        consentAt: now().toISOString(),
        contactPreference: 'phone',
        contact: '+44 7700 900123',
      }),
    ]);
    expect(handoff.calls).toEqual([
      {
        topic: 'internships',
        reason: 'internship-interest',
        city: 'birmingham',
        summary: {
          Offer: 'Care assistant – Harbour Care Ltd',
          'Offer id': pending!.id,
          'Referral id': referrals[0]!.id,
          City: 'birmingham',
          'Kind of work': 'care',
          'Language level': 'B2',
          'Contact preference': 'phone',
          Contact: '+44 7700 900123',
          'Consent given at': now().toISOString(),
        },
      },
    ]);
    expect(newcomer.client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    expect(newcomer.client.dialogTurnResult.result).toMatchObject({
      city: 'birmingham',
      offerIds: [pending!.id],
      referralId: referrals[0]!.id,
    } satisfies Partial<InternshipsDialogResult>);
  });

  it('"this chat" stores the preference and no contact', async () => {
    const { newcomer, offers, handoff } = setUp();
    const { id } = await offers.create(draft(), EMPLOYER);
    await offers.approve(id);
    await answer(newcomer);
    await newcomer.say('1');
    await newcomer.say('Yes');
    await newcomer.say('In this chat');
    const [referral] = await offers.listReferrals(id);
    expect(referral?.contactPreference).toBe('chat');
    expect(referral).not.toHaveProperty('contact');
    expect(handoff.calls[0]?.summary).not.toHaveProperty('Contact');
  });

  it('with several offers, the number chooses which one', async () => {
    const { newcomer, offers, handoff } = setUp();
    const later = await offers.create(draft({ role: 'Night care assistant', startDate: '2027-03-01' }), EMPLOYER);
    const sooner = await offers.create(draft({ role: 'Day care assistant', startDate: '2027-01-11' }), EMPLOYER);
    await offers.approve(later.id);
    await offers.approve(sooner.id);
    const texts = await answer(newcomer);
    expect(texts.filter((text) => /^\d\. /.test(text)).map((text) => text.split('\n')[0])).toEqual([
      '1. Day care assistant – Harbour Care Ltd',
      '2. Night care assistant – Harbour Care Ltd',
    ]);
    await newcomer.say("I'm interested: 2");
    await newcomer.say('Yes');
    await newcomer.say('By email');
    await newcomer.say('amal@example.com');
    expect((await offers.listReferrals(later.id)).map((r) => r.contact)).toEqual(['amal@example.com']);
    expect(await offers.listReferrals(sooner.id)).toEqual([]);
    expect(handoff.calls[0]?.summary['Offer']).toBe('Night care assistant – Harbour Care Ltd');
  });
});
