import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LowdbStorage } from '../../src/storage/LowdbStorage';
import { ALWAYS, PASSWORD, addAdviser, startConsoleApp, type ConsoleTestApp } from '../console/consoleApp';
import { DirectLinePerson, tryItToken } from '../helpers/directLineClient';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const XSS = '<img src=x onerror=alert(1)>';
const PHONE = { width: 390, height: 844 };

/**
 * A person asks for help through the local Direct Line endpoint; an adviser signs in at /console on a phone-sized
 * Chromium, takes the ticket, replies; the person's answer appears live; the server restarts in the middle (same
 * storage, same port) and nothing is lost; the adviser closes and the person is back with the bot.
 */
describe('the advisers\' console in Chromium', () => {
  let stateDir: string;
  let storage: LowdbStorage;
  let running: ConsoleTestApp | undefined;
  let browser: Browser;
  let person: DirectLinePerson | undefined;
  const dialogs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-e2e-'));
    storage = await LowdbStorage.open({ dir: stateDir });
    running = await startConsoleApp({ storage });
    await addAdviser(storage, { username: 'ana', name: 'Ana Silva', languages: ['en', 'pt'], cities: ['lisbon'], topics: ['recognition'], hours: ALWAYS });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    person?.end();
    await browser?.close();
    await running?.stop();
    await storage?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function restartServer(): Promise<void> {
    const port = Number(new URL(running!.base).port);
    await running!.stop();
    await storage.close();
    storage = await LowdbStorage.open({ dir: stateDir });
    running = await startConsoleApp({ storage, port });
    expect(running.base).toBe(`http://127.0.0.1:${port}`);
  }

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${running!.base}/console`);
    await page.locator('#sign-in-form').waitFor();
    await page.fill('#username', 'ana');
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#desk').waitFor();
  }

  it('takes a person from request to reply, through a restart, to the satisfaction question', async () => {
    person = new DirectLinePerson(running!.base, await tryItToken(running!.base), { webSocket: true });
    // Reconnect after the restart in 3 s instead of DirectLineJS's random 3–15 s.
    (person.directLine as unknown as { services: { random: () => number } }).services.random = () => 0;
    await person.botMessages(1);
    await person.say(`help me with my nursing diploma ${XSS}`);
    const queued = await person.botMessages(4);
    expect(queued[1]?.text).toBe('I am asking a person from the advice team to help you. They will answer you here, in this chat.');

    const page = await browser.newPage({ viewport: PHONE, locale: 'en-GB', hasTouch: true, isMobile: true });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text())) problems.push(message.text());
    });
    await signIn(page);

    // The queue shows the ticket: language, city, topic, waiting time.
    const item = page.locator('#waiting [data-ticket-id]');
    await item.waitFor();
    await expect(item.textContent()).resolves.toMatch(/English \(en\) · Lisbon · Diplomas and trades · directline.*waiting \d+ min/);
    await item.click();

    // The summary and the transcript, with the payload shown as text and no element made from it.
    const summary = page.locator('#ticket-summary');
    await summary.getByText('Question').waitFor();
    await expect(summary.locator('dd').first().textContent()).resolves.toBe(`with my nursing diploma ${XSS}`);
    await expect(page.locator('#transcript').getByText(`help me with my nursing diploma ${XSS}`).count()).resolves.toBe(1);
    await expect(page.locator('#ticket-panel img').count()).resolves.toBe(0);
    await expect(page.locator('#transcript .bubble .text').first().getAttribute('dir')).resolves.toBe('auto');

    await page.click('#take');
    expect((await person.botMessages(5))[4]?.text).toBe('Ana Silva from the advice team is now in this chat. You can write here.');
    await page.locator('#reply-form').waitFor({ state: 'visible' });

    // A canned reply in the person's language, then a reply of her own.
    await page.selectOption('#canned', 'hello');
    await expect(page.inputValue('#reply-text')).resolves.toBe('Hello, I am from the advice team. I have read your messages. How can I help you?');
    await page.fill('#reply-text', 'Olá! Which diploma do you have?');
    await page.click('#send');
    expect((await person.botMessages(6))[5]?.text).toBe('Ana Silva (advice team): Olá! Which diploma do you have?');
    await page.locator('#transcript').getByText('Olá! Which diploma do you have?').waitFor();

    // The person answers; the adviser sees it without reloading.
    await person.say('A nursing diploma from Syria. مرحبا');
    await page.locator('#transcript').getByText('A nursing diploma from Syria. مرحبا').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: '/tmp/console.png', fullPage: true });

    // A restart in the middle of the open handoff.
    await restartServer();
    await person.say('Are you still there?');
    await page.locator('#transcript').getByText('Are you still there?').waitFor({ timeout: 20_000 });
    await page.fill('#reply-text', 'Yes, I am here.');
    await page.click('#send');
    expect((await person.botMessages(7, 20_000))[6]?.text).toBe('Ana Silva (advice team): Yes, I am here.');
    await page.locator('#transcript').getByText('delivered').last().waitFor();

    // Close with an outcome: the person is back with the bot and gets one satisfaction question.
    await page.selectOption('#close-outcome', 'answered');
    await page.click('#close');
    const closing = await person.botMessages(9, 20_000);
    expect(closing.slice(7).map((m) => m.text)).toEqual([
      'The advice team has closed this conversation. You are back with the guide.',
      'One question: was the help useful? Choose a number from 1 (not useful) to 5 (very useful).',
    ]);
    await page.locator('#ticket-notice').getByText('This conversation is closed.').waitFor();
    await person.say('4');
    expect((await person.botMessages(10))[9]?.text).toBe('Thank you for your answer. Write "menu" to see the topics.');
    await person.say('hello again');
    expect((await person.botMessages(11))[10]?.text).toBe('bot: hello again');

    // Nothing was lost: the whole conversation is on the ticket.
    const texts = await page.locator('#transcript .bubble .text').allTextContents();
    expect(texts).toEqual(
      expect.arrayContaining([
        `help me with my nursing diploma ${XSS}`,
        'Olá! Which diploma do you have?',
        'A nursing diploma from Syria. مرحبا',
        'Are you still there?',
        'Yes, I am here.',
      ]),
    );
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('fits a phone: no sideways scrolling, the queue and the ticket one at a time', async () => {
    const page = await browser.newPage({ viewport: PHONE, locale: 'en-GB', isMobile: true });
    await signIn(page);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.locator('#queue-panel').isVisible()).resolves.toBe(true);
  }, 60_000);
});
