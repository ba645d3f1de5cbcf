// Test harness for the page tests: a tiny static server for ui/dist (with the app's
// Content-Security-Policy as a header) and Debian's Chromium through playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../csp.js';

const here = dirname(fileURLToPath(import.meta.url));
export const UI_ROOT = resolve(here, '../..');
export const DIST = join(UI_ROOT, 'dist');
export const ARTIFACTS = join(UI_ROOT, 'test-artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves ui/dist on 127.0.0.1 at a free port. */
export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('ui/dist is missing: run `npm run build` first');
  }
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(DIST, path));
      if (!file.startsWith(DIST)) {
        res.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Starts headless Debian Chromium with a fresh profile directory (a persistent context
 * is how Playwright takes a user-data-dir). Every page opened on it starts the app anew.
 */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (never npx playwright install)`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'datenreife-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    reducedMotion: 'reduce',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // The persistent context opens one blank page; tests open their own.
  for (const p of context.pages()) await p.close();
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page on the fake backend. Records console errors, page errors, CSP violations
 * and any request that leaves 127.0.0.1, so tests can assert there were none.
 */
export async function openApp(context, baseUrl, query = '', viewport = { width: 1440, height: 900 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:' && u.protocol !== 'blob:') {
      problems.push(`remote request: ${req.url()}`);
    }
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  await page.goto(`${baseUrl}?backend=fake${query ? `&${query}` : ''}`);
  await page.waitForSelector('main h1');
  return {
    page,
    problems,
    async cspViolations() {
      return page.evaluate(() => window.__cspViolations);
    },
  };
}

/** Saves a full-window screenshot to ui/test-artifacts/NAME.png. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Runs axe-core on the page; returns violations of impact serious or critical. */
export async function axe(page) {
  const source = await readFile(join(UI_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Inject through evaluate: the page's CSP does not apply to DevTools evaluation.
  await page.evaluate(source);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Raw personal values of the fake data that must never reach the page. */
export const RAW_PERSONAL_VALUES = JSON.parse(await readFile(join(UI_ROOT, 'src/lib/fake-raw-values.json'), 'utf8'));

/** The raw values found in the page's DOM (markup, attributes and rendered text). */
export async function leakedValues(page) {
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  const inputs = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')].map((e) => e.value).join('\n'));
  return RAW_PERSONAL_VALUES.filter((v) => html.includes(v) || text.includes(v) || inputs.includes(v));
}

/** The element that has focus, described for assertions. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      testid: el.getAttribute('data-testid'),
      cls: el.getAttribute('class') ?? '',
      text: (el.textContent ?? '').trim().slice(0, 80),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}
