// Invariant 2 in the UI: no path shows a raw value of a personal-data column. The fake
// backend behaves like a buggy core would: it sends raw samples, raw first lines of files
// and one unmasked example. None of them may reach the DOM on any screen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RAW_PERSONAL_VALUES, launch, leakedValues, openApp, serveDist } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('no raw personal values', () => {
  it('the trap list is not empty (the test can fail)', () => {
    assert.ok(RAW_PERSONAL_VALUES.length >= 10);
  });

  it('appear on any screen, in any language, for any dataset', async () => {
    const { page, problems } = await openApp(browser.context, server.url);
    await page.click('[data-testid=recent-project] >> nth=0');
    await page.waitForSelector('[data-testid=datasets]');
    const ids = await page.locator('[data-testid=datasets] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.dataset));
    assert.equal(ids.length, 17);
    for (const lang of ['de', 'en']) {
      await page.click(`[data-testid=lang-${lang}]`);
      for (const route of ['#/catalogue', '#/catalogue/files', '#/scan', '#/company', '#/export', '#/settings']) {
        await page.evaluate((h) => (window.location.hash = h), route);
        await page.waitForTimeout(200);
        assert.deepEqual(await leakedValues(page), [], `${lang} ${route}`);
      }
      // The files list with only personal files, scrolled through.
      await page.evaluate(() => (window.location.hash = '#/catalogue/files'));
      await page.waitForSelector('[data-row="0"] .path');
      await page.check('text=' + (lang === 'de' ? 'Nur mit Personenbezug' : 'Only with personal data'));
      await page.waitForTimeout(300);
      for (let i = 0; i < 6; i++) {
        await page.evaluate(() => document.getElementById('main')?.scrollBy(0, 2000));
        await page.waitForTimeout(100);
        assert.deepEqual(await leakedValues(page), [], `${lang} files, scrolled ${i}`);
      }
      for (const id of ids) {
        await page.evaluate((h) => (window.location.hash = h), `#/dataset/${id}`);
        await page.waitForSelector('#tables');
        // Open collapsed notes too, so nothing hides there.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        assert.deepEqual(await leakedValues(page), [], `${lang} dataset ${id}`);
      }
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('replaces an unmasked example instead of showing it', async () => {
    const { page } = await openApp(browser.context, server.url);
    await page.click('[data-testid=recent-project] >> nth=0');
    await page.waitForSelector('[data-testid=datasets]');
    await page.evaluate(() => (window.location.hash = '#/dataset/mitarbeiterliste'));
    await page.waitForSelector('#tables');
    const row = page.locator('#tables tr', { hasText: 'Nachname' });
    assert.match(await row.textContent(), /nicht maskiert – ausgeblendet/);
    const iban = page.locator('#tables tr', { hasText: 'IBAN' });
    assert.match(await iban.textContent(), /DE89 •••• •••• •••• •••• 00/);
    await page.close();
  });
});
