import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FAKE_EMPTY_PROJECT_PATH,
  FAKE_PROJECT_PATH,
  FakeBackend,
  fakeOptionsFromSearch,
  rightsScore,
} from '../../src/lib/backend-fake';
import { BackendError } from '../../src/lib/backend';
import { RAW_PERSONAL_VALUES, exampleShareFiles, growShare } from '../../src/lib/fake-share';
import type { FilesQuery, ScanProgress, ScanSummary } from '../../src/lib/types';

const query = (over: Partial<FilesQuery> = {}): FilesQuery => ({
  offset: 0,
  limit: 50,
  filter: { text: '', format: '', onlyErrors: false, onlyPersonal: false },
  sort: { key: 'path', dir: 'asc' },
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BackendError);
    return e as BackendError;
  }
  throw new Error('expected a rejection');
}

describe('the example share', () => {
  const files = exampleShareFiles();

  it('has the folders of Muster Medizintechnik', () => {
    const top = new Set(files.map((f) => f.path.split('/')[0]));
    expect([...top].sort()).toEqual([
      '01_Vertrieb',
      '02_Qualitaet',
      '03_Klinik_Kooperation',
      '04_Produktion',
      '05_Personal',
      '06_Studien',
      '99_Archiv',
    ]);
  });

  it('misses July in the monthly complaints', () => {
    const months = files.filter((f) => f.path.startsWith('02_Qualitaet/Reklamationen/')).map((f) => f.path.slice(-6, -4));
    expect(months).toHaveLength(11);
    expect(months).not.toContain('07');
  });

  it('has the health formats, a KVNR column and employee identifiers', () => {
    const formats = new Set(files.map((f) => f.format));
    for (const f of ['fhir-json', 'hl7v2', 'gdt', 'dicom', 'csv', 'xlsx', 'pdf']) expect(formats).toContain(f);
    const columns = files.flatMap((f) => f.tables.flatMap((t) => t.columns));
    const kinds = new Set(columns.flatMap((c) => (c.detections ?? []).map(([k]) => k)));
    for (const k of ['kvnr', 'steuer_id', 'iban', 'loinc', 'icd10gm', 'atc']) expect(kinds).toContain(k);
    expect(files.some((f) => f.formatDetail === 'OMOP CDM 5.4')).toBe(true);
  });

  it('grows to 100,000 files with unique paths', () => {
    const big = growShare(files, 100_000);
    expect(big).toHaveLength(100_000);
    expect(new Set(big.map((f) => f.path)).size).toBe(100_000);
  });

  it('hides every trap value in the raw fields only', () => {
    const traps = files.flatMap((f) => [f.preview ?? '', ...f.tables.flatMap((t) => t.columns.flatMap((c) => c.raw ?? []))]).join('\n');
    for (const value of RAW_PERSONAL_VALUES) expect(traps).toContain(value);
  });
});

describe('FakeBackend', () => {
  let backend: FakeBackend;

  beforeEach(() => {
    backend = new FakeBackend({ now: () => new Date('2026-11-22T10:00:00Z') });
  });

  it('lists recent projects newest first', async () => {
    const info = await backend.appInfo();
    expect(info.recentProjects.map((p) => p.path)).toEqual([FAKE_PROJECT_PATH, FAKE_EMPTY_PROJECT_PATH]);
    expect(info.recentProjects[0].company).toBe('Muster Medizintechnik GmbH');
  });

  it('refuses work without a project, with a code', async () => {
    expect((await rejection(backend.companyGet())).code).toBe('no_project');
    expect((await rejection(backend.datasetsList())).code).toBe('no_project');
  });

  it('reports a missing project file by code and in the project language', async () => {
    const err = await rejection(backend.projectOpen('C:\\nowhere.datenreife'));
    expect(err.code).toBe('project_not_found');
    expect(err.message).toContain('nicht gefunden');
    await backend.settingsSet({ ...(await backend.settingsGet()), lang: 'en' });
    expect((await rejection(backend.projectOpen('C:\\nowhere.datenreife'))).message).toContain('not found');
  });

  it('creates a project once per path', async () => {
    const info = await backend.projectNew('C:\\Projekte\\Neu');
    expect(info.path).toBe('C:\\Projekte\\Neu.datenreife');
    expect(info.lastScan).toBeNull();
    expect((await rejection(backend.projectNew('C:\\Projekte\\Neu.datenreife'))).code).toBe('project_exists');
    expect((await rejection(backend.projectNew('relativ'))).code).toBe('invalid_path');
  });

  it('stores the company profile and requires a name', async () => {
    await backend.projectNew('C:\\p.datenreife');
    expect((await rejection(backend.companySet({ ...(await backend.companyGet()), name: ' ' }))).code).toBe('invalid_profile');
    await backend.companySet({ ...(await backend.companyGet()), name: 'ACME', phases: ['design'] });
    expect((await backend.companyGet()).name).toBe('ACME');
  });

  it('opens the scanned example with its datasets and flags', async () => {
    const info = await backend.projectOpen(FAKE_PROJECT_PATH);
    expect(info.lastScan?.status).toBe('completed');
    const list = await backend.datasetsList();
    const byId = new Map(list.map((d) => [d.id, d]));
    expect(byId.get('laborwerte-2024')).toMatchObject({ personalData: true, specialCategory: true });
    expect(byId.get('mitarbeiterliste')).toMatchObject({ personalData: true, specialCategory: false });
    expect(byId.get('maschinendaten-linie1')).toMatchObject({ personalData: false, specialCategory: false });
    expect(byId.get('reklamationen-2024')?.files).toBe(11);
    // Documented data scores higher on rights than undocumented health data.
    expect(byId.get('maschinendaten-linie1')!.scores.rights).toBe(100);
    expect(byId.get('laborwerte-2024')!.scores.rights).toBeLessThan(30);
  });

  it('re-scores rights after a legal basis is documented', async () => {
    await backend.projectOpen(FAKE_PROJECT_PATH);
    const before = (await backend.datasetDetail('laborwerte-2024')).dataset.scores.rights;
    const after = await backend.datasetAnnotate('laborwerte-2024', 'legal_basis', 'research');
    expect(after.scores.rights).toBeGreaterThan(before);
    const detail = await backend.datasetDetail('laborwerte-2024');
    expect(detail.annotations.legal_basis).toBe('research');
    expect(detail.findings.some((f) => f.code === 'rights.legal_basis_missing')).toBe(false);
    // Removing it again restores the score.
    expect((await backend.datasetAnnotate('laborwerte-2024', 'legal_basis', '')).scores.rights).toBe(before);
    expect((await rejection(backend.datasetAnnotate('laborwerte-2024', 'legal_basis', 'weil'))).code).toBe('invalid_annotation');
    expect((await rejection(backend.datasetDetail('nope'))).code).toBe('dataset_not_found');
  });

  it('pages, filters and sorts files', async () => {
    await backend.projectOpen(FAKE_PROJECT_PATH);
    const all = await backend.filesPage(query({ limit: 1000 }));
    expect(all.rows).toHaveLength(all.total);
    const paths = all.rows.map((r) => r.path);
    expect(paths).toEqual([...paths].sort(new Intl.Collator('de', { numeric: true }).compare));
    const page2 = await backend.filesPage(query({ offset: 50, limit: 50 }));
    expect(page2.rows[0].path).toBe(paths[50]);
    const errors = await backend.filesPage(query({ filter: { text: '', format: '', onlyErrors: true, onlyPersonal: false } }));
    expect(errors.total).toBe(4);
    expect(errors.rows.every((r) => !r.readable && r.error)).toBe(true);
    const dicom = await backend.filesPage(query({ filter: { text: 'ct_00', format: 'dicom', onlyErrors: false, onlyPersonal: false } }));
    expect(dicom.total).toBe(60);
    const bySize = await backend.filesPage(query({ sort: { key: 'size', dir: 'desc' }, limit: 3 }));
    expect(bySize.rows[0].path).toBe('99_Archiv/Altdaten_2015.zip');
  });

  it('lists read errors with codes and reasons', async () => {
    await backend.projectOpen(FAKE_PROJECT_PATH);
    const errors = await backend.errorsList();
    expect(errors.map((e) => e.code).sort()).toEqual(['encrypted', 'permission_denied', 'truncated', 'zip_truncated']);
    expect(errors.every((e) => e.reason.length > 10)).toBe(true);
  });

  it('exports only with a scan and reports the written size', async () => {
    await backend.projectNew('C:\\leer.datenreife');
    expect((await rejection(backend.exportRun({ kind: 'pdf', path: 'C:\\x.pdf', lang: 'de' }))).code).toBe('nothing_to_export');
    await backend.projectOpen(FAKE_PROJECT_PATH);
    const result = await backend.exportRun({ kind: 'xlsx', path: 'C:\\x.xlsx', lang: 'en' });
    expect(result.path).toBe('C:\\x.xlsx');
    expect(result.bytes).toBeGreaterThan(10_000);
  });

  it('validates the branding colour', async () => {
    const s = await backend.settingsGet();
    expect((await rejection(backend.settingsSet({ ...s, branding: { ...s.branding, colour: 'red' } }))).code).toBe('invalid_settings');
  });

  it('reads its options from the URL', () => {
    expect(fakeOptionsFromSearch('?backend=fake&files=100000&scanMs=1500&lang=en')).toMatchObject({ files: 100000, scanMs: 1500, lang: 'en' });
    expect(fakeOptionsFromSearch('?files=abc&lang=fr')).toMatchObject({ files: undefined, lang: undefined });
  });
});

describe('FakeBackend scan', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports progress through the phases and finishes with a summary', async () => {
    const backend = new FakeBackend({ scanMs: 2000, tickMs: 100 });
    await backend.projectNew('C:\\scan.datenreife');
    const events: ScanProgress[] = [];
    const done: ScanSummary[] = [];
    await backend.onScanProgress((p) => events.push(p));
    await backend.onScanFinished((s) => done.push(s));
    expect((await rejection(backend.scanStart({ roots: [], excludes: [] }))).code).toBe('no_roots');
    await backend.scanStart({ roots: ['\\\\nas01\\freigabe'], excludes: [] });
    expect((await rejection(backend.scanStart({ roots: ['D:\\x'], excludes: [] }))).code).toBe('scan_running');
    await vi.advanceTimersByTimeAsync(2500);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ status: 'completed', filesRemoved: 0, errors: 4, duplicates: 1 });
    expect(done[0].filesNew).toBe(done[0].filesSeen);
    // About ten events per second, phases in order, counts never going down.
    expect(events.length).toBeGreaterThanOrEqual(15);
    const order = ['preparing', 'walking', 'profiling', 'hashing', 'saving', 'done'];
    const phases = events.map((e) => order.indexOf(e.phase));
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(order));
    for (let i = 1; i < events.length; i++) expect(events[i].files).toBeGreaterThanOrEqual(events[i - 1].files);
    expect(events.some((e) => e.phase === 'walking' && e.currentFolder !== '' && e.filesPerSecond > 0)).toBe(true);
    expect(events.some((e) => e.phase === 'profiling' && e.stepTotal > 0)).toBe(true);
    // The catalogue is there now; a second scan finds nothing new.
    expect((await backend.datasetsList()).length).toBeGreaterThan(10);
    await backend.scanStart({ roots: ['\\\\nas01\\freigabe'], excludes: [] });
    await vi.advanceTimersByTimeAsync(2500);
    expect(done[1]).toMatchObject({ status: 'completed', filesNew: 0 });
    expect(done[1].filesUnchanged).toBe(done[0].filesSeen);
  });

  it('stops when cancelled and keeps what it found', async () => {
    const backend = new FakeBackend({ scanMs: 4000, tickMs: 100 });
    await backend.projectNew('C:\\cancel.datenreife');
    const done: ScanSummary[] = [];
    await backend.onScanFinished((s) => done.push(s));
    await backend.scanStart({ roots: ['D:\\Daten'], excludes: [] });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.scanCancel();
    expect(done).toHaveLength(1);
    expect(done[0].status).toBe('cancelled');
    expect(done[0].filesSeen).toBeGreaterThan(0);
    expect(backend.scanning).toBe(false);
    const overview = await backend.catalogOverview();
    expect(overview.totals.files).toBe(done[0].filesSeen);
    expect(overview.scan?.status).toBe('cancelled');
  });
});

describe('rights score of the fake', () => {
  it('rises with each documented fact and caps health data without a legal basis', () => {
    const health = { personal: true, special: true, directIdentifiers: [] };
    const none = rightsScore({ ...health, annotations: {} });
    const withOwner = rightsScore({ ...health, annotations: { owner: 'QM', purpose: 'x', origin: 'own', access: 'x', retention: 'x' } });
    const full = rightsScore({ ...health, annotations: { owner: 'QM', purpose: 'x', origin: 'own', access: 'x', retention: 'x', legal_basis: 'contract' } });
    expect(none).toBe(5);
    expect(withOwner).toBeLessThanOrEqual(25);
    expect(full).toBe(100);
    expect(rightsScore({ ...health, annotations: { legal_basis: 'none', owner: 'x' } })).toBeLessThanOrEqual(10);
    expect(rightsScore({ personal: false, special: false, directIdentifiers: [], annotations: {} })).toBe(40);
  });
});
