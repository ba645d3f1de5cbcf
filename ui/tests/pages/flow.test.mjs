// The main flow in headless Chromium against the built app and the fake backend, in
// German and in English: new project -> profile -> scan with progress -> catalogue ->
// dataset -> legal basis -> rights score changes -> export -> settings. Every screen is
// checked with axe-core, for CSP violations, remote requests and raw personal values,
// and saved as a screenshot to ui/test-artifacts/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axe, launch, leakedValues, openApp, screenshot, serveDist } from './harness.mjs';

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

/** The checks every screen must pass. */
async function checkScreen(app, name) {
  const { page } = app;
  await page.waitForTimeout(150); // let transitions and fetches settle
  const violations = await axe(page);
  assert.deepEqual(violations, [], `axe on ${name}`);
  assert.deepEqual(await leakedValues(page), [], `raw personal values on ${name}`);
  assert.equal(await page.locator('[data-testid=next-step]').count(), 1, `one next step on ${name}`);
  if (!name.includes('error')) {
    assert.equal(await page.locator('[data-testid=notice] .error').count(), 0, `no error shown on ${name}: ${await page.textContent('[data-testid=notice]')}`);
  }
  await screenshot(page, name);
}

const TEXT = {
  de: { catalogue: 'Datenkatalog', saved: 'vorher', health: 'Gesundheitsdaten', nothing: 'keine Personendaten' },
  en: { catalogue: 'Data catalogue', saved: 'before', health: 'Health data', nothing: 'no personal data' },
};

for (const lang of ['de', 'en']) {
  describe(`main flow (${lang})`, () => {
    it('goes from a new project to the export', async () => {
      const app = await openApp(browser.context, server.url, `scanMs=2500&lang=${lang}`);
      const { page } = app;
      const n = (i, name) => `${lang}-${String(i).padStart(2, '0')}-${name}`;
      assert.equal(await page.getAttribute('html', 'lang'), lang);

      // Start
      await checkScreen(app, n(1, 'start'));
      await page.click('[data-testid=next-action]');

      // Company profile: the name is required
      await page.waitForSelector('#company-form');
      await page.click('[data-testid=next-action]');
      await page.waitForSelector('#company-name-error');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'company-name');
      await page.fill('#company-name', 'Muster Medizintechnik GmbH');
      await page.fill('#company-product', 'Infusionspumpe IP-300');
      await page.check('input[name=size][value=small]');
      await page.check('[data-phase=validation]');
      await page.check('[data-phase=post_market]');
      await page.selectOption('#company-risk', 'mdr_iib');
      await page.check('text=' + (lang === 'de' ? 'Das Produkt nutzt künstliche Intelligenz' : 'The product uses artificial intelligence'));
      await page.fill('#company-assessor', 'Anna Berger');
      await page.evaluate(() => document.querySelector('main')?.scrollTo({ top: 0 }));
      await checkScreen(app, n(2, 'company'));
      await page.click('[data-testid=next-action]');

      // Scan: choose the folder, start, watch progress, see the result
      await page.waitForSelector('[data-testid=pick-folders]');
      await page.click('[data-testid=pick-folders]');
      await page.waitForSelector('[data-testid=roots] li');
      await checkScreen(app, n(3, 'scan'));
      await page.click('[data-testid=next-action]');
      await page.waitForSelector('[data-testid=scan-progress]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=scan-files]')?.textContent?.replace(/\D/g, '')) > 50);
      await page.waitForFunction(() => (document.querySelector('[data-testid=scan-folder]')?.textContent ?? '').includes('_'));
      assert.ok(Number((await page.textContent('[data-testid=scan-rate]')).replace(/\D/g, '')) > 0, 'files per second shown');
      await checkScreen(app, n(4, 'scan-progress'));
      await page.waitForSelector('[data-testid=scan-summary]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=scan-errors] tbody tr');
      assert.equal(await page.locator('[data-testid=scan-errors] tbody tr').count(), 4);
      await checkScreen(app, n(5, 'scan-done'));
      await page.click('[data-testid=next-action]');

      // Catalogue: the datasets and their flags
      await page.waitForSelector('[data-testid=datasets]');
      assert.equal(await page.textContent('main h1'), TEXT[lang].catalogue);
      const names = await page.locator('[data-testid=datasets] tbody th a').allTextContents();
      for (const expected of ['Laborwerte 2024', 'Reklamationen 2024 (monatlich)', 'Mitarbeiterliste 2024', 'FHIR-Daten Klinikum Havelland', 'Studiendaten PMCF (OMOP)', 'CT-Bilder (DICOM)', 'Maschinendaten Linie 1']) {
        assert.ok(names.some((x) => x.includes(expected)), `dataset ${expected} listed`);
      }
      assert.equal(names.length, 17);
      const lab = page.locator('tr[data-dataset=laborwerte-2024]');
      assert.equal(await lab.locator('[data-flag=personal]').count(), 1);
      assert.equal(await lab.locator('[data-flag=health]').count(), 1);
      const staff = page.locator('tr[data-dataset=mitarbeiterliste]');
      assert.equal(await staff.locator('[data-flag=personal]').count(), 1);
      assert.equal(await staff.locator('[data-flag=health]').count(), 0);
      assert.ok((await page.textContent('tr[data-dataset=maschinendaten-linie1]')).includes(TEXT[lang].nothing));
      // Filter: only health data
      await page.check('[data-testid=only-health]');
      const healthRows = await page.locator('[data-testid=datasets] tbody tr').count();
      assert.equal(healthRows, 6);
      await page.uncheck('[data-testid=only-health]');
      // Sort: by name, then back to the lowest rights score first.
      await page.selectOption('[data-testid=ds-sort]', 'name');
      assert.equal(await page.textContent('[data-testid=datasets] tbody tr:first-child th a'), 'Angebote 2024');
      await page.selectOption('[data-testid=ds-sort]', 'rights');
      assert.equal(Number(await page.getAttribute('[data-testid=datasets] tbody tr:first-child [data-score=rights]', 'data-value')), 5);
      await checkScreen(app, n(6, 'catalogue'));

      // Files tab
      await page.click('[data-testid=tab-files]');
      await page.waitForSelector('[data-row="0"] .path');
      await checkScreen(app, n(7, 'files'));
      await page.click('[data-testid=tab-datasets]');

      // Dataset: annotate the legal basis, see the rights score change
      await page.click('tr[data-dataset=laborwerte-2024] th a');
      await page.waitForSelector('[data-testid=findings]');
      const rightsBefore = Number(await page.getAttribute('[data-testid=score-rights] [data-score=rights]', 'data-value'));
      assert.ok(await page.locator('[data-code="rights.legal_basis_missing"]').count() === 1);
      await checkScreen(app, n(8, 'dataset'));
      await page.click('[data-testid=next-action]');
      await page.waitForFunction(() => document.activeElement?.id === 'annot-legal_basis');
      await page.selectOption('#annot-legal_basis', 'research');
      await page.fill('#annot-owner', 'Klinische Bewertung');
      await page.click('[data-testid=annotate-save]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=annotate-status]')?.textContent ?? '').length > 5);
      const rightsAfter = Number(await page.getAttribute('[data-testid=score-rights] [data-score=rights]', 'data-value'));
      assert.ok(rightsAfter > rightsBefore, `rights score rose from ${rightsBefore} to ${rightsAfter}`);
      const status = await page.textContent('[data-testid=annotate-status]');
      assert.ok(status.includes(String(rightsBefore)) && status.includes(String(rightsAfter)) && status.includes(TEXT[lang].saved), status);
      assert.equal(await page.locator('[data-code="rights.legal_basis_missing"]').count(), 0);
      await page.evaluate(() => document.querySelector('main')?.scrollTo({ top: 0 }));
      await checkScreen(app, n(9, 'dataset-annotated'));

      // Back in the catalogue, the new score is there too
      await page.click('[data-testid=nav-catalogue]');
      await page.waitForSelector('tr[data-dataset=laborwerte-2024]');
      assert.equal(Number(await page.getAttribute('tr[data-dataset=laborwerte-2024] [data-score=rights]', 'data-value')), rightsAfter);

      // Export: the PDF through the next step, then the XLSX
      await page.click('[data-testid=nav-export]');
      await page.waitForSelector('[data-testid=export-form]');
      await checkScreen(app, n(10, 'export'));
      await page.click('[data-testid=next-action]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=export-status]')?.textContent ?? '').includes('.pdf'));
      await page.check('[data-kind=xlsx]');
      await page.click('[data-testid=export-run]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=export-status]')?.textContent ?? '').includes('.xlsx'));
      assert.equal(await page.locator('[data-testid=export-history] li').count(), 2);
      await checkScreen(app, n(11, 'export-done'));

      // Settings: a light colour is flagged, the logo is chosen, saving confirms
      await page.click('[data-testid=nav-settings]');
      await page.waitForSelector('#settings-form');
      await page.fill('#settings-consultant', 'Mittelstand-Digital Zentrum Musterstadt');
      await page.fill('#settings-colour-text', '#ffd200');
      await page.waitForSelector('#settings-colour-check.field-error');
      await page.fill('#settings-colour-text', '#0b5d6e');
      await page.click('text=' + (lang === 'de' ? 'Logo wählen …' : 'Choose logo …'));
      await page.waitForFunction(() => (document.querySelector('[data-testid=logo-path]')?.textContent ?? '').includes('.png'));
      await page.click('[data-testid=dir-questionnaireDir] + button');
      await page.waitForFunction(() => (document.querySelector('[data-testid=dir-questionnaireDir]')?.textContent ?? '').includes('freigabe'));
      await checkScreen(app, n(12, 'settings'));
      await page.click('[data-testid=next-action]');
      await page.waitForSelector('[data-testid=notice] .success');

      assert.deepEqual(await app.cspViolations(), [], 'no CSP violations');
      assert.deepEqual(app.problems, [], 'no console errors, page errors or remote requests');
      await page.close();
    });
  });
}

describe('language switch', () => {
  it('switches every visible text and the number format at once', async () => {
    const app = await openApp(browser.context, server.url, 'files=12345');
    const { page } = app;
    await page.click('[data-testid=recent-project] >> nth=0');
    await page.waitForSelector('[data-testid=datasets]');
    assert.equal(await page.textContent('[data-testid=total-files]'), '12.345');
    await page.click('[data-testid=lang-en]');
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Data catalogue');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('[data-testid=total-files]'), '12,345');
    assert.equal(await page.getAttribute('[data-testid=lang-en]', 'aria-pressed'), 'true');
    // Texts that come from the backend follow too.
    await page.click('tr[data-dataset=reklamationen-2024] th a');
    await page.waitForSelector('[data-code="quality.series_gap"]');
    assert.match(await page.textContent('[data-code="quality.series_gap"]'), /missing July 2024/);
    await page.click('[data-testid=lang-de]');
    await page.waitForFunction(() => /fehlt Juli 2024/.test(document.querySelector('[data-code="quality.series_gap"]')?.textContent ?? ''));
    assert.deepEqual(app.problems, []);
    await page.close();
  });
});

describe('errors from the backend', () => {
  it('shows the message and advice chosen by code', async () => {
    const app = await openApp(browser.context, server.url, '');
    const { page } = app;
    // A new project at the path the fake's save dialog returns, twice: the second fails.
    await page.click('[data-testid=next-action]');
    await page.waitForSelector('#company-form');
    await page.click('[data-testid=nav-switch]');
    await page.waitForSelector('[data-testid=recent-project]');
    // With a project open, the start screen offers to continue; a new one is the second choice.
    assert.match(await page.textContent('[data-testid=next-step]'), /Neues Projekt\.datenreife/);
    await page.click('[data-testid=new-project]');
    await page.waitForSelector('[data-testid=notice] [role], [data-testid=notice] .error');
    const text = await page.textContent('[data-testid=notice]');
    assert.match(text, /schon ein Projekt/);
    assert.match(text, /anderen Dateinamen/);
    await checkScreen(app, 'de-13-error');
    await page.click('[data-testid=notice] button');
    assert.equal((await page.textContent('[data-testid=notice]')).trim(), '');
    // A dataset that does not exist: the message, and the way back as the next step.
    await page.click('[data-testid=recent-project]:has-text("Muster Medizintechnik GmbH")');
    await page.waitForSelector('[data-testid=datasets]');
    await page.evaluate(() => (window.location.hash = '#/dataset/gibt-es-nicht'));
    await page.waitForSelector('[data-testid=notice] .error');
    assert.match(await page.textContent('[data-testid=notice]'), /gibt-es-nicht/);
    assert.match(await page.textContent('[data-testid=next-action]'), /Zurück zum Katalog/);
    await page.close();
  });
});

describe('cancelling a scan', () => {
  it('stops the scan, says so and keeps what was found', async () => {
    const app = await openApp(browser.context, server.url, 'scanMs=8000');
    const { page } = app;
    await page.click('[data-testid=recent-project]:has-text("Werkzeugbau")');
    await page.waitForSelector('[data-testid=pick-folders]');
    await page.fill('#scan-path', 'relativer/pfad');
    await page.click('#scan-path ~ button');
    await page.waitForSelector('#scan-path-error');
    await page.fill('#scan-path', 'D:\\Daten\\Werkzeugbau');
    await page.click('#scan-path ~ button');
    await page.waitForSelector('[data-testid=roots] li');
    await page.click('[data-testid=next-action]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=scan-files]')?.textContent?.replace(/\D/g, '')) > 20);
    await page.click('[data-testid=next-action]'); // "Scan abbrechen"
    await page.waitForSelector('[data-testid=scan-summary].cancelled');
    assert.match(await page.textContent('[data-testid=scan-summary]'), /Scan abgebrochen/);
    await checkScreen(app, 'de-14-scan-cancelled');
    await page.click('[data-testid=next-action]');
    await page.waitForSelector('[data-testid=total-files]');
    assert.ok(Number((await page.textContent('[data-testid=total-files]')).replace(/\D/g, '')) > 20);
    assert.deepEqual(app.problems, []);
    await page.close();
  });
});
