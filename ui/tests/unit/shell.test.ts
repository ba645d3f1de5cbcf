// The contract between the UI and the Tauri shell in src-tauri/: the same CSP, only
// the permissions the UI uses, and a command for every backend call.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../csp.js';
import { FakeBackend } from '../../src/lib/backend-fake';

const root = resolve(__dirname, '../../..');
const shell = join(root, 'src-tauri');
const conf = JSON.parse(readFileSync(join(shell, 'tauri.conf.json'), 'utf8'));

describe('the Tauri shell', () => {
  it('uses the CSP of csp.js, without remote origins or eval', () => {
    expect(conf.app.security.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:\/\/(?!ipc\.localhost|asset\.localhost)/);
    expect(conf.build.frontendDist).toBe('../ui/dist');
  });

  it('grants the window only event listening and the open/save dialogs', () => {
    const files = readdirSync(join(shell, 'capabilities'));
    const permissions = files.flatMap((f) => JSON.parse(readFileSync(join(shell, 'capabilities', f), 'utf8')).permissions);
    expect(permissions.sort()).toEqual(['core:event:allow-listen', 'core:event:allow-unlisten', 'dialog:allow-open', 'dialog:allow-save']);
    const cargo = readFileSync(join(shell, 'Cargo.toml'), 'utf8');
    expect(cargo).not.toMatch(/plugin-shell|plugin-fs|plugin-http/);
  });

  it('registers a command for every call of TauriBackend', () => {
    const backend = readFileSync(resolve(__dirname, '../../src/lib/backend.ts'), 'utf8');
    const called = [...backend.matchAll(/call<[^>]+>\('([a-z_]+)'/g)].map((m) => m[1]).sort();
    const main = readFileSync(join(shell, 'src/main.rs'), 'utf8');
    const registered = [...main.matchAll(/commands::([a-z_]+)/g)].map((m) => m[1]).sort();
    expect(called.length).toBeGreaterThan(10);
    expect(registered).toEqual(called);
  });
});

describe('the fake without datasets (?core=files)', () => {
  it('offers no datasets and only catalogue exports', async () => {
    const fake = new FakeBackend({ datasets: false, exports: ['xlsx', 'json', 'csv'], scanMs: 50, tickMs: 10 });
    const info = await fake.appInfo();
    expect(info.features).toEqual({ datasets: false, exports: ['xlsx', 'json', 'csv'] });
    await fake.projectOpen(info.recentProjects[0].path);
    await expect(fake.datasetsList()).rejects.toThrow(/switched off/);
    await expect(fake.exportRun({ kind: 'pdf', path: 'C:\\r.pdf', lang: 'de' })).rejects.toThrow(/switched off/);
    expect((await fake.exportRun({ kind: 'csv', path: 'C:\\k.csv', lang: 'de' })).bytes).toBeGreaterThan(0);
  });
});
