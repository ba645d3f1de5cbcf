import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { AppState, DEFAULT_EXCLUDES } from '../../src/lib/state.svelte';
import { FAKE_PROJECT_PATH, FakeBackend } from '../../src/lib/backend-fake';
import type { ScanSummary } from '../../src/lib/types';

describe('AppState', () => {
  let backend: FakeBackend;
  let app: AppState;

  beforeEach(async () => {
    backend = new FakeBackend({ scanMs: 1000, tickMs: 100 });
    app = new AppState(backend);
    await app.init();
  });

  afterEach(() => app.dispose());

  it('starts with settings, language and recent projects', () => {
    expect(app.lang).toBe('de');
    expect(app.app?.recentProjects).toHaveLength(2);
    expect(app.route).toEqual({ name: 'start' });
    expect(app.t('nav.catalogue')).toBe('Datenkatalog');
    expect(app.count('count.files', 100000)).toBe('100.000 Dateien');
  });

  it('switches language at once and saves it', async () => {
    await app.setLang('en');
    expect(app.t('nav.catalogue')).toBe('Data catalogue');
    expect(app.count('count.files', 1)).toBe('1 file');
    expect((await backend.settingsGet()).lang).toBe('en');
  });

  it('keeps screens that need a project closed until one is open', async () => {
    app.applyHash('#/catalogue');
    expect(app.route).toEqual({ name: 'start' });
    await app.openProject(FAKE_PROJECT_PATH);
    app.applyHash('#/catalogue/files');
    expect(app.route).toEqual({ name: 'catalogue', tab: 'files' });
    expect(app.project?.company.name).toBe('Muster Medizintechnik GmbH');
  });

  it('turns backend errors into a notice with advice chosen by code', async () => {
    await app.openProject('C:\\weg.datenreife');
    expect(app.notice?.kind).toBe('error');
    expect(app.notice?.text).toContain('nicht gefunden');
    expect(app.notice?.hint).toBe(app.t('error.project_not_found'));
    app.fail({ code: 'something_new', message: 'Neu' });
    expect(app.notice).toEqual({ kind: 'error', text: 'Neu', hint: undefined });
  });

  it('creates a project through the save dialog and continues with the profile', async () => {
    await app.newProject();
    expect(app.project?.path).toMatch(/Neues Projekt\.datenreife$/);
    expect(app.scan.excludes).toEqual([...DEFAULT_EXCLUDES]);
    expect(await app.saveCompany({ ...app.project!.company, name: 'Neu GmbH' })).toBe(true);
    expect(app.project?.company.name).toBe('Neu GmbH');
    expect(app.notice?.kind).toBe('success');
  });

  it('shows a failed scan as an error and goes back to the folder choice', async () => {
    class Reporting extends FakeBackend {
      finished: ((s: ScanSummary) => void) | null = null;
      override async onScanFinished(handler: (s: ScanSummary) => void) {
        this.finished = handler;
        return () => {};
      }
    }
    const reporting = new Reporting();
    const state = new AppState(reporting);
    await state.init();
    state.scan.status = 'running';
    reporting.finished?.({
      scanId: 0,
      status: 'failed',
      filesSeen: 0,
      filesNew: 0,
      filesChanged: 0,
      filesUnchanged: 0,
      filesRemoved: 0,
      errors: 0,
      duplicates: 0,
      durationSeconds: 0.2,
      error: { code: 'storage', message: 'Die Projektdatei konnte nicht geschrieben werden' },
    });
    await vi.waitFor(() => expect(state.scan.status).toBe('idle'));
    expect(state.scan.summary).toBeNull();
    expect(state.notice?.text).toBe('Die Projektdatei konnte nicht geschrieben werden');
    expect(state.notice?.hint).toBe(state.t('error.storage'));
    state.dispose();
  });

  describe('scan', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('follows progress and finishes, then updates the project', async () => {
      await app.newProject();
      app.scan.roots = ['\\\\nas01\\freigabe'];
      const version = app.dataVersion;
      await app.startScan();
      expect(app.scanning).toBe(true);
      await vi.advanceTimersByTimeAsync(500);
      flushSync();
      expect(app.scan.progress?.files).toBeGreaterThan(0);
      await vi.advanceTimersByTimeAsync(1000);
      expect(app.scan.status).toBe('finished');
      expect(app.scan.summary?.status).toBe('completed');
      expect(app.dataVersion).toBeGreaterThan(version);
      expect(app.project?.lastScan?.filesSeen).toBe(app.scan.summary?.filesSeen);
    });

    it('cancels a running scan', async () => {
      await app.newProject();
      app.scan.roots = ['D:\\Daten'];
      await app.startScan();
      await vi.advanceTimersByTimeAsync(300);
      await app.cancelScan();
      expect(app.scan.status).toBe('finished');
      expect(app.scan.summary?.status).toBe('cancelled');
    });

    it('shows the reason when a scan cannot start', async () => {
      await app.newProject();
      await app.startScan();
      expect(app.scan.status).toBe('idle');
      expect(app.notice?.text).toContain('mindestens einen Ordner');
    });
  });
});
