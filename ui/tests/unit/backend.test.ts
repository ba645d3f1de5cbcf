import { afterEach, beforeAll, describe, expect, it } from 'vitest';

// @tauri-apps/api talks to window.__TAURI_INTERNALS__; give Node a window first.
beforeAll(() => {
  (globalThis as unknown as { window: unknown }).window = globalThis;
});

describe('TauriBackend', () => {
  afterEach(async () => {
    const { clearMocks } = await import('@tauri-apps/api/mocks');
    clearMocks();
  });

  it('calls the snake_case commands with camelCase arguments', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    const { TauriBackend } = await import('../../src/lib/backend');
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'scan_start') return 7;
      if (cmd === 'dataset_annotate') return { id: 'x' };
      return null;
    });
    const b = new TauriBackend();
    await b.appInfo();
    await b.projectOpen('C:\\p.datenreife');
    expect(await b.scanStart({ roots: ['D:\\'], excludes: ['**/tmp/**'] })).toBe(7);
    await b.filesPage({ offset: 0, limit: 10, filter: { text: '', format: '', onlyErrors: false, onlyPersonal: true }, sort: { key: 'size', dir: 'desc' } });
    await b.datasetAnnotate('x', 'legal_basis', 'consent');
    await b.exportRun({ kind: 'pdf', path: 'C:\\r.pdf', lang: 'de' });
    await b.settingsSet({ lang: 'en', branding: { consultantName: '', colour: '#000000', logoPath: null }, questionnaireDir: null, knowledgeDir: null });
    expect(calls.map(([c]) => c)).toEqual(['app_info', 'project_open', 'scan_start', 'files_page', 'dataset_annotate', 'export_run', 'settings_set']);
    expect(calls[1][1]).toEqual({ path: 'C:\\p.datenreife' });
    expect(calls[2][1]).toEqual({ request: { roots: ['D:\\'], excludes: ['**/tmp/**'] } });
    expect((calls[3][1] as { query: { filter: { onlyPersonal: boolean } } }).query.filter.onlyPersonal).toBe(true);
    expect(calls[4][1]).toEqual({ id: 'x', key: 'legal_basis', value: 'consent' });
  });

  it('turns a command error into a BackendError with its code', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    const { TauriBackend, BackendError } = await import('../../src/lib/backend');
    mockIPC(() => {
      throw { code: 'project_not_found', message: 'Die Projektdatei wurde nicht gefunden' };
    });
    const err = await new TauriBackend().projectOpen('x').catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.code).toBe('project_not_found');
    expect(err.message).toBe('Die Projektdatei wurde nicht gefunden');
  });

  it('delivers scan events to listeners', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    const { emit } = await import('@tauri-apps/api/event');
    const { TauriBackend } = await import('../../src/lib/backend');
    mockIPC(() => null, { shouldMockEvents: true });
    const b = new TauriBackend();
    const seen: number[] = [];
    const stop = await b.onScanProgress((p) => seen.push(p.files));
    await emit('scan-progress', { phase: 'walking', files: 12 });
    await emit('scan-progress', { phase: 'walking', files: 30 });
    stop();
    expect(seen).toEqual([12, 30]);
  });
});

describe('backend choice', () => {
  it('uses the fake outside Tauri or when asked', async () => {
    const { chooseBackendKind, insideTauri, BackendError } = await import('../../src/lib/backend');
    expect(chooseBackendKind('', false)).toBe('fake');
    expect(chooseBackendKind('', true)).toBe('tauri');
    expect(chooseBackendKind('?backend=fake', true)).toBe('fake');
    expect(insideTauri({})).toBe(false);
    expect(insideTauri({ __TAURI_INTERNALS__: {} })).toBe(true);
    expect(BackendError.from('boom')).toMatchObject({ code: 'internal', message: 'boom' });
    expect(BackendError.from({ code: 'x', message: 'y' })).toMatchObject({ code: 'x', message: 'y' });
  });
});
