import { chromium } from 'playwright-core';
const [url, out, click] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(url);
await page.waitForTimeout(1500);
if (click) { await page.click(click); await page.waitForTimeout(2000); }
await page.screenshot({ path: out });
console.log('url:', page.url(), 'errors:', JSON.stringify(errors));
await browser.close();
