// The app without datasets (`?core=files`, `features.datasets` false): no datasets,
// exports of the catalogue only. The catalogue is the file list, the export screen
// offers XLSX, JSON and CSV and names what comes later; every screen passes axe and
// shows one next step, in German and English.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axe, launch, openApp, screenshot, serveDist } from './harness.mjs';

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

async function check(page, name) {
  await page.waitForTimeout(150);
  assert.deepEqual(await axe(page), [], `axe on ${name}`);
  assert.equal(await page.locator('[data-testid=next-step]').count(), 1, `one next step on ${name}`);
  assert.equal(await page.locator('[data-testid=notice] .error').count(), 0, `no error on ${name}`);
  await screenshot(page, name);
}

for (const lang of ['de', 'en']) {
  describe(`without datasets (${lang})`, () => {
    it('shows the catalogue as a file list and offers the catalogue exports', async () => {
      const { page, problems, cspViolations } = await openApp(browser.context, server.url, `core=files&lang=${lang}`);
      await page.click('[data-testid=recent-project]');
      await page.waitForSelector('[data-testid=datasets-later]');
      assert.equal(await page.locator('[data-testid=tab-datasets]').count(), 0);
      await page.waitForSelector('[data-testid=files-table] [data-row="0"] .path');
      assert.equal(
        await page.getAttribute('[data-testid=next-action]', 'href'),
        '#/export',
        'the next step is saving the catalogue',
      );
      await check(page, `core-files-${lang}-catalogue`);

      await page.click('[data-testid=files-only-errors]');
      await page.waitForFunction(() => document.querySelector('[data-testid=files-count]')?.textContent?.trim().startsWith('4'));
      await check(page, `core-files-${lang}-unreadable`);

      await page.click('[data-testid=next-action]');
      await page.waitForSelector('[data-testid=export-form]');
      const kinds = await page.$$eval('[data-kind]', (els) => els.map((e) => e.getAttribute('data-kind')));
      assert.deepEqual(kinds, ['xlsx', 'json', 'csv']);
      assert.match(await page.textContent('[data-testid=export-later]'), lang === 'de' ? /PDF-Bericht, DCAT-AP-Entwurf/ : /PDF report, DCAT-AP draft/);
      await check(page, `core-files-${lang}-export`);
      await page.click('[data-testid=next-action]');
      await page.waitForFunction(() => document.querySelector('[data-testid=export-status]')?.textContent?.includes('.xlsx'));
      await page.waitForSelector('[data-testid=export-history]');
      assert.equal(await page.getAttribute('[data-testid=next-action]', 'href'), '#/catalogue');
      await check(page, `core-files-${lang}-exported`);
      assert.deepEqual(await cspViolations(), []);
      assert.deepEqual(problems, []);
      await page.close();
    });
  });
}
