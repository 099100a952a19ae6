import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { i18n, startApp, type RunningApp } from '../helpers/testApp';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** The try-it page in a real browser: Web Chat → the local Direct Line endpoint → the bot, and back. */
describe('the try-it page in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
    running = await startApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('greets, lets the person pick a language with a button, and turns right-to-left for Arabic', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 }, locale: 'en-GB' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text())) problems.push(message.text());
    });
    await page.goto(running.base);
    await page.getByText('Hello! I am a guide', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'العربية' }).first().click();
    // A selector, not waitForFunction: the page's CSP forbids eval, which a string predicate needs.
    await page.locator('#webchat[dir="rtl"]').waitFor({ state: 'attached', timeout: 10_000 });
    // The consent question arrives in Arabic, with its buttons.
    await page.getByRole('button', { name: i18n.getFixedT('ar')('common:answer.yes') }).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: '/tmp/tryit-ar.png' });
    expect(problems).toEqual([]);
  }, 60_000);
});
