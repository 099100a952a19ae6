import { MemoryStorage } from 'botbuilder';
import { EmployerSchemesDialog } from '../../dialogs/EmployerSchemesDialog';
import { InternshipsDialog } from '../../dialogs/InternshipsDialog';
import { loadSchemes } from '../../src/content/loadSchemes';
import { OfferRepository } from '../../src/internships/OfferRepository';
import { FakeHandoff, chat, i18n, now } from './harness';

const schemes = loadSchemes();
const ENDED_NAMES = schemes.filter((s) => s.status === 'ended').map((s) => s.name.en);
const CITIES = ['1', '2', '3', '4'];
const LANGUAGES = ['en', 'pt', 'fi', 'ar', 'ti'];

/** The house limit for one message (channels with a lower limit split later). */
const LIMIT = 1500;

describe.each(LANGUAGES)('the real schemes content, in %s', (lng) => {
  const englishOnly = i18n.getFixedT(lng)('internships:content.englishOnly');

  it.each(CITIES)('newcomer, city %s: short messages, nothing ended, "only in English" at most once', async (city) => {
    const dialog = new InternshipsDialog(schemes, new OfferRepository(new MemoryStorage(), { now }), new FakeHandoff(), { now });
    const newcomer = chat(dialog, { userId: 'newcomer', language: lng });
    // Age withheld, residence withheld, registration unknown, level unknown, field "other": the widest answer.
    for (const said of ['hi', city, '6', '8', '3', '7']) await newcomer.say(said);
    const texts = await newcomer.say('13');
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(LIMIT);
    for (const name of ENDED_NAMES) expect(texts.join('\n')).not.toContain(name);
    expect(texts.filter((text) => text === englishOnly).length).toBeLessThanOrEqual(1);
  });

  it.each(CITIES)('employer, city %s: short messages, nothing ended until asked', async (city) => {
    const employer = chat(new EmployerSchemesDialog(schemes), { userId: 'employer', language: lng });
    await employer.say('hi');
    const texts = await employer.say(city);
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(LIMIT);
    for (const name of ENDED_NAMES) expect(texts.join('\n')).not.toContain(name);
  });
});
