// Keyboard only: skip link, visible focus, the whole flow from opening a project to a
// saved legal basis without a mouse, and scrolling the virtualised file list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { focused, launch, openApp, screenshot, serveDist } from './harness.mjs';

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

/** Presses Tab until `predicate(focused)` holds; returns what has focus. */
async function tabTo(page, predicate, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && predicate(f)) return f;
  }
  throw new Error('focus never reached the target');
}

function assertVisibleFocus(f) {
  const [style, width] = f.outline.split(' ');
  assert.notEqual(style, 'none', `focus outline on ${f.tag} ${f.text}`);
  assert.ok(parseFloat(width) >= 2, `focus outline at least 2px on ${f.tag} ${f.text} (${f.outline})`);
}

describe('keyboard', () => {
  it('starts with a skip link that moves to the content', async () => {
    const { page } = await openApp(browser.context, server.url);
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.equal(skip.tag, 'a');
    assert.match(skip.text, /Zum Inhalt springen/);
    const box = await page.locator('.skip').boundingBox();
    assert.ok(box && box.y >= 0, 'skip link becomes visible when focused');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main');
    await page.close();
  });

  it('runs open project -> dataset -> legal basis without a mouse, with visible focus', async () => {
    const { page, problems } = await openApp(browser.context, server.url);
    // Open the first recent project.
    const recent = await tabTo(page, (f) => f.testid === 'recent-project');
    assertVisibleFocus(recent);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=datasets]');
    // Focus moves to the new screen's heading.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    // The language switch works from the keyboard too.
    const en = await tabTo(page, (f) => f.testid === 'lang-en');
    assertVisibleFocus(en);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Data catalogue');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Datenkatalog');
    // Filter with the keyboard: tick "only health data".
    const health = await tabTo(page, (f) => f.tag === 'input' && f.testid === 'only-health');
    assertVisibleFocus(health);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=datasets] tbody tr').length === 6);
    // Open "Laborwerte 2024" from the table.
    const link = await tabTo(page, (f) => f.tag === 'a' && f.text.startsWith('Laborwerte 2024'));
    assertVisibleFocus(link);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=findings]');
    // The next step takes the focus to the legal basis.
    const next = await tabTo(page, (f) => f.testid === 'next-action', 120);
    assertVisibleFocus(next);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'annot-legal_basis');
    assertVisibleFocus(await focused(page));
    // Choose "Einwilligung" (the first option after the prompt) with the arrow key.
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.getElementById('annot-legal_basis').value), 'consent');
    // Consent asks for its scope: the field appears right after.
    await page.keyboard.press('Tab');
    const scope = await focused(page);
    assert.equal(scope.id, 'annot-consent_scope');
    await page.keyboard.type('Produktverbesserung, keine Weitergabe');
    const save = await tabTo(page, (f) => f.testid === 'annotate-save');
    assertVisibleFocus(save);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /vorher \d+, jetzt \d+/.test(document.querySelector('[data-testid=annotate-status]')?.textContent ?? ''));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('scrolls the file list with the page keys', async () => {
    const { page } = await openApp(browser.context, server.url, 'files=5000');
    await page.click('[data-testid=recent-project] >> nth=0');
    await page.waitForSelector('[data-testid=tab-files]');
    await page.click('[data-testid=tab-files]');
    await page.waitForSelector('[data-row="0"] .path');
    // The list scrolls with the window: page keys work from any control above it.
    await page.focus('#files-search');
    const sortButton = await tabTo(page, (f) => f.tag === 'button' && (f.text.startsWith('Pfad') || f.text.startsWith('Path')));
    assertVisibleFocus(sortButton);
    const before = await page.evaluate(() => document.getElementById('main').scrollTop);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.waitForFunction((b) => document.getElementById('main').scrollTop > b + 1000, before);
    await page.waitForTimeout(300); // let the smooth scroll finish
    await screenshot(page, 'keyboard-files-scrolled');
    // The header row stays in view while the rows move under it.
    const header = await page.locator('[data-testid=files-table] [role=row]').first().boundingBox();
    assert.ok(header && header.y >= 70 && header.y < 120, `sticky header at y=${header?.y}`);
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('[data-row="4999"] .path') !== null);
    // The header sorts from the keyboard: size, largest first.
    await page.focus('[data-sort=size]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('[aria-sort=descending] [data-sort=size]') !== null);
    await page.waitForFunction(() => document.querySelector('[data-row="0"] .path')?.textContent?.includes('Altdaten_2015.zip'));
    await page.close();
  });
});
