// An in-memory backend with the example share of "Muster Medizintechnik GmbH".
//
// It behaves like the core as far as the UI can tell: projects, a company profile,
// a scan that runs in the background and reports progress a few times per second,
// a catalogue with datasets, scores and findings, annotations that re-score the
// rights dimension, exports and settings. Errors are `BackendError`s with the codes
// the real commands use. It can grow the share to any number of files for the
// scaling test (`?files=100000`).

import { BackendError, type Backend, type FileFilter, type Unlisten } from './backend';
import {
  BULK_DATASET,
  DATASETS,
  ERROR_REASONS,
  EXAMPLE_ROOT,
  exampleShareFiles,
  growShare,
  type FakeDataset,
  type FakeFile,
} from './fake-share';
import type {
  Annotation,
  AnnotationKey,
  AppInfo,
  CatalogError,
  CatalogFile,
  CatalogOverview,
  Column,
  CompanyProfile,
  DatasetDetail,
  DatasetSummary,
  ExportKind,
  ExportRequest,
  ExportResult,
  FilesPage,
  FilesQuery,
  Finding,
  Lang,
  ProjectInfo,
  ScanInfo,
  ScanPhase,
  ScanProgress,
  ScanRequest,
  ScanSummary,
  Settings,
  Severity,
} from './types';
import { ANNOTATION_KEYS, EXPORT_KINDS, LEGAL_BASES, ORIGINS } from './types';

/** Knobs of the fake; all optional. */
export interface FakeOptions {
  /** Total number of files in the share (the example share has about 400). */
  files?: number;
  /** How long a simulated scan of the whole share takes. */
  scanMs?: number;
  /** Interval between progress events. */
  tickMs?: number;
  /** Delay of every call, to see loading states. */
  latencyMs?: number;
  /** Language of the initial settings. */
  lang?: Lang;
  /** Seed of the generated sizes and dates. */
  seed?: number;
  /** The clock (scan and opening times). */
  now?: () => Date;
  /** Whether datasets, scores and annotations exist (the real core adds them later). */
  datasets?: boolean;
  /** Export kinds offered; all by default. */
  exports?: ExportKind[];
}

/** Reads fake options from a URL query (`?backend=fake&files=100000&scanMs=2000&lang=en`). */
export function fakeOptionsFromSearch(search: string): FakeOptions {
  const q = new URLSearchParams(search);
  const num = (key: string) => {
    const v = q.get(key);
    if (v === null || v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const lang = q.get('lang');
  const core = q.get('core');
  return {
    // `?core=files` behaves like the core before datasets and reports exist.
    ...(core === 'files' ? { datasets: false, exports: ['xlsx', 'json', 'csv'] as ExportKind[] } : {}),
    files: num('files'),
    scanMs: num('scanMs'),
    tickMs: num('tickMs'),
    latencyMs: num('latency'),
    lang: lang === 'en' || lang === 'de' ? lang : undefined,
  };
}

interface FakeProject {
  path: string;
  company: CompanyProfile;
  scans: ScanInfo[];
  /** Files present after the latest scan; empty before the first. */
  files: FakeFile[];
  roots: string[];
  annotations: Map<string, Annotation>;
  lastOpened: string;
}

const DOCUMENTS = 'C:\\Users\\a.berger\\Documents\\Datenreife';
export const FAKE_PROJECT_PATH = `${DOCUMENTS}\\Muster Medizintechnik.datenreife`;
export const FAKE_EMPTY_PROJECT_PATH = `${DOCUMENTS}\\Werkzeugbau Beispiel.datenreife`;
export const FAKE_LOGO_PATH = 'C:\\Users\\a.berger\\Pictures\\Logo Beratung.png';

export const MUSTER_COMPANY: CompanyProfile = {
  name: 'Muster Medizintechnik GmbH',
  sector: 'medtech',
  size: 'small',
  product: 'Infusionspumpe IP-300 mit Dosierassistent',
  phases: ['validation', 'post_market'],
  riskClass: 'mdr_iib',
  usesAi: true,
  assessor: 'Anna Berger, Mittelstand-Digital Zentrum',
};

export function emptyCompany(): CompanyProfile {
  return {
    name: '',
    sector: 'medtech',
    size: 'small',
    product: '',
    phases: [],
    riskClass: null,
    usesAi: false,
    assessor: '',
  };
}

const ALL_DATASETS: FakeDataset[] = [...DATASETS, BULK_DATASET];
const DATASET_BY_ID = new Map(ALL_DATASETS.map((d) => [d.id, d]));

// ------------------------------------------------------------------ rights scoring

/** What the fake's rights score looks at. */
export interface RightsInput {
  personal: boolean;
  special: boolean;
  directIdentifiers: string[];
  annotations: Annotation;
}

const WEIGHT: Partial<Record<AnnotationKey, number>> = { legal_basis: 3, purpose: 2 };

/** Keys the rights score asks for; description and relevance are never required. */
type RequiredKey = Exclude<AnnotationKey, 'description' | 'relevance'>;

/** Keys that must be documented for a dataset of this sensitivity. */
export function requiredKeys(input: RightsInput): RequiredKey[] {
  const a = input.annotations;
  const keys: RequiredKey[] = ['owner', 'origin', 'purpose', 'access'];
  if (!a.origin || a.origin !== 'own') keys.push('licence', 'third_party_rights');
  if (input.personal) keys.push('legal_basis', 'retention');
  if (a.legal_basis === 'consent') keys.push('consent_scope');
  return keys;
}

const has = (a: Annotation, key: AnnotationKey) => (a[key] ?? '').trim() !== '';

/**
 * The rights score of the fake (0–100): sensitive data starts low and gains with every
 * documented fact; personal data without a legal basis stays capped.
 */
export function rightsScore(input: RightsInput): number {
  const a = input.annotations;
  const keys = requiredKeys(input);
  const total = keys.reduce((s, k) => s + (WEIGHT[k] ?? 1), 0);
  const done = keys.filter((k) => has(a, k)).reduce((s, k) => s + (WEIGHT[k] ?? 1), 0);
  const base = input.special ? 5 : input.personal ? 15 : 40;
  let score = Math.round(base + ((100 - base) * done) / total);
  if (input.personal) {
    if (a.legal_basis === 'none') score = Math.min(score, 10);
    else if (!has(a, 'legal_basis')) score = Math.min(score, input.special ? 25 : 35);
  }
  return Math.max(0, Math.min(100, score));
}

type Texts = Record<Lang, [message: string, nextStep: string]>;

const RIGHTS_TEXT: Record<string, Texts> = {
  missing_legal_basis: {
    de: [
      'Für diese personenbezogenen Daten ist keine Rechtsgrundlage dokumentiert.',
      'Tragen Sie unten die Rechtsgrundlage ein (z. B. Vertrag oder Einwilligung). Fragen Sie im Zweifel Ihre Datenschutzbeauftragte.',
    ],
    en: [
      'No legal basis is documented for this personal data.',
      'Enter the legal basis below (e.g. contract or consent). If in doubt, ask your data protection officer.',
    ],
  },
  missing_legal_basis_health: {
    de: [
      'Die Daten enthalten Gesundheitsdaten (Art. 9 DSGVO), aber keine dokumentierte Rechtsgrundlage.',
      'Tragen Sie unten die Rechtsgrundlage ein, z. B. Einwilligung oder Forschung. Ohne sie dürfen die Daten nicht genutzt werden.',
    ],
    en: [
      'The data contains health data (GDPR Art. 9) but no documented legal basis.',
      'Enter the legal basis below, e.g. consent or research. Without one the data must not be used.',
    ],
  },
  no_legal_basis: {
    de: [
      'Laut Ihrer Angabe gibt es keine Rechtsgrundlage: Die Daten dürfen so nicht genutzt werden.',
      'Klären Sie mit der Datenschutzbeauftragten, ob die Daten anonymisiert oder gelöscht werden müssen.',
    ],
    en: [
      'According to your entry there is no legal basis: the data must not be used as it is.',
      'Check with your data protection officer whether the data has to be anonymised or deleted.',
    ],
  },
  missing_consent_scope: {
    de: [
      'Eine Einwilligung ist angegeben, ihr Umfang aber nicht.',
      'Beschreiben Sie, wofür die Einwilligung gilt, z. B. „Produktverbesserung, keine Weitergabe“.',
    ],
    en: [
      'Consent is given as the legal basis, but not its scope.',
      'Describe what the consent covers, e.g. “product improvement, no disclosure”.',
    ],
  },
  missing_purpose: {
    de: ['Es ist nicht dokumentiert, wofür die Daten genutzt werden.', 'Tragen Sie den Zweck ein, z. B. „Reklamationsbearbeitung“.'],
    en: ['It is not documented what the data is used for.', 'Enter the purpose, e.g. “handling complaints”.'],
  },
  missing_retention: {
    de: ['Es ist keine Aufbewahrungs- oder Löschfrist dokumentiert.', 'Tragen Sie ein, wie lange die Daten aufbewahrt werden, z. B. „10 Jahre nach Vertragsende“.'],
    en: ['No retention or deletion period is documented.', 'Enter how long the data is kept, e.g. “10 years after the contract ends”.'],
  },
  missing_owner: {
    de: ['Niemand ist als verantwortlich eingetragen.', 'Tragen Sie die verantwortliche Person oder Abteilung ein.'],
    en: ['Nobody is recorded as responsible.', 'Enter the responsible person or department.'],
  },
  missing_origin: {
    de: ['Die Herkunft der Daten ist nicht dokumentiert.', 'Wählen Sie unten, woher die Daten stammen.'],
    en: ['Where the data comes from is not documented.', 'Choose below where the data comes from.'],
  },
  missing_licence: {
    de: ['Für Daten aus fremder Quelle ist keine Lizenz oder Nutzungsvereinbarung dokumentiert.', 'Tragen Sie die Lizenz oder den Vertrag ein, der die Nutzung erlaubt.'],
    en: ['No licence or usage agreement is documented for data from another source.', 'Enter the licence or contract that allows the use.'],
  },
  missing_third_party_rights: {
    de: ['Es ist offen, ob Rechte Dritter an den Daten bestehen.', 'Tragen Sie ein, ob z. B. ein Klinikum oder Kunde Rechte an den Daten hat.'],
    en: ['It is open whether third parties hold rights to the data.', 'Enter whether e.g. a hospital or customer holds rights to the data.'],
  },
  missing_access: {
    de: ['Es ist nicht dokumentiert, wer Zugriff auf die Daten hat.', 'Tragen Sie ein, wer die Daten sehen darf, z. B. „nur QM-Team“.'],
    en: ['It is not documented who has access to the data.', 'Enter who may see the data, e.g. “QM team only”.'],
  },
  direct_identifiers: {
    de: [
      'Spalten identifizieren Personen direkt ({columns}).',
      'Pseudonymisieren Sie diese Spalten, bevor die Daten ausgewertet oder weitergegeben werden.',
    ],
    en: [
      'Columns identify people directly ({columns}).',
      'Pseudonymise these columns before the data is analysed or shared.',
    ],
  },
};

const MISSING_SEVERITY: Record<RequiredKey, Severity> = {
  legal_basis: 'critical',
  consent_scope: 'warning',
  purpose: 'warning',
  retention: 'warning',
  licence: 'warning',
  owner: 'info',
  origin: 'info',
  third_party_rights: 'info',
  access: 'info',
};

/** The rights findings of the fake for one dataset, in `lang`. */
export function rightsFindings(input: RightsInput, lang: Lang): Finding[] {
  const a = input.annotations;
  const out: Finding[] = [];
  const push = (code: string, severity: Severity, key: string, columns: string[] = []) => {
    const [message, nextStep] = RIGHTS_TEXT[key][lang];
    out.push({
      code,
      severity,
      dimension: 'rights',
      message: message.replace('{columns}', columns.join(', ')),
      nextStep,
      columns,
      files: [],
    });
  };
  if (input.personal && a.legal_basis === 'none') push('rights.legal_basis_none', 'critical', 'no_legal_basis');
  for (const key of requiredKeys(input)) {
    if (has(a, key)) continue;
    if (key === 'legal_basis') {
      push('rights.legal_basis_missing', 'critical', input.special ? 'missing_legal_basis_health' : 'missing_legal_basis');
    } else {
      push(`rights.missing_${key}`, MISSING_SEVERITY[key], `missing_${key}`);
    }
  }
  if (input.directIdentifiers.length > 0) {
    push('rights.direct_identifiers', 'warning', 'direct_identifiers', input.directIdentifiers);
  }
  return out;
}

// ------------------------------------------------------------------ the backend

/** Copies a value the way IPC does (JSON), so the fake accepts exactly what Tauri would. */
const viaIpc = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const collator = new Intl.Collator('de', { numeric: true });
const MASKED_EXPORT_BASE: Record<ExportKind, number> = { pdf: 412_000, xlsx: 96_000, json: 180_000, csv: 52_000, dcat: 38_000 };

const dirname = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** The fake backend. */
export class FakeBackend implements Backend {
  readonly kind = 'fake' as const;

  private readonly options: Required<Omit<FakeOptions, 'files' | 'lang' | 'exports'>> & {
    files: number | undefined;
    exports: readonly ExportKind[];
  };
  private share: FakeFile[] | null = null;
  private projects = new Map<string, FakeProject>();
  private current: FakeProject | null = null;
  private settings: Settings;
  private progressHandlers = new Set<(p: ScanProgress) => void>();
  private finishedHandlers = new Set<(s: ScanSummary) => void>();
  private running: { timer: ReturnType<typeof setInterval>; cancel: () => void } | null = null;
  private pageCache = new Map<string, number[]>();
  /** Every call made, for tests: `[command, args]`. */
  readonly calls: [string, unknown][] = [];

  constructor(options: FakeOptions = {}) {
    this.options = {
      files: options.files,
      scanMs: options.scanMs ?? 4_000,
      tickMs: options.tickMs ?? 250,
      latencyMs: options.latencyMs ?? 0,
      seed: options.seed ?? 42,
      now: options.now ?? (() => new Date()),
      datasets: options.datasets ?? true,
      exports: options.exports ?? EXPORT_KINDS,
    };
    this.settings = {
      lang: options.lang ?? 'de',
      branding: { consultantName: '', colour: '#0b5d6e', logoPath: null },
      questionnaireDir: null,
      knowledgeDir: null,
    };
    this.seedProjects();
    // A large share is generated now, not in the middle of the first scan or page.
    if (this.options.files) this.shareFiles();
  }

  /** The files of the share (grown to `files` when asked). */
  shareFiles(): FakeFile[] {
    if (!this.share) {
      const base = exampleShareFiles(this.options.seed);
      this.share = this.options.files && this.options.files > base.length ? growShare(base, this.options.files) : base;
    }
    return this.share;
  }

  private seedProjects() {
    const scanned: FakeProject = {
      path: FAKE_PROJECT_PATH,
      company: { ...MUSTER_COMPANY, phases: [...MUSTER_COMPANY.phases] },
      scans: [],
      files: [],
      roots: [EXAMPLE_ROOT],
      annotations: new Map<string, Annotation>([
        ['maschinendaten-linie1', { owner: 'Produktion (T. Krüger)', origin: 'own', purpose: 'Prozessüberwachung', access: 'Produktion und QM' }],
        ['omop-pmcf', { owner: 'Klinische Bewertung', origin: 'partner', legal_basis: 'research', purpose: 'PMCF-Studie IP-300' }],
        ['umsatzplanung-2025', { owner: 'Geschäftsführung', origin: 'own' }],
      ]),
      lastOpened: '2026-11-20T15:42:00Z',
    };
    // The recent project was scanned before: its catalogue is there from the start.
    scanned.files = [];
    this.projects.set(scanned.path, scanned);
    const unscanned: FakeProject = {
      path: FAKE_EMPTY_PROJECT_PATH,
      company: { ...emptyCompany(), name: 'Werkzeugbau Beispiel KG', sector: 'manufacturing', size: 'medium', product: 'Spritzgusswerkzeuge' },
      scans: [],
      files: [],
      roots: [],
      annotations: new Map(),
      lastOpened: '2026-10-02T08:15:00Z',
    };
    this.projects.set(unscanned.path, unscanned);
  }

  /** Fills the scanned example project lazily (the share may be large). */
  private ensureSeeded(project: FakeProject) {
    if (project.path === FAKE_PROJECT_PATH && project.scans.length === 0 && project.files.length === 0) {
      project.files = this.shareFiles();
      const files = project.files;
      project.scans.push({
        id: 1,
        startedAt: '2026-11-20T15:12:04Z',
        finishedAt: '2026-11-20T15:13:31Z',
        status: 'completed',
        filesSeen: files.length,
        filesNew: files.length,
        filesChanged: 0,
        filesUnchanged: 0,
        filesRemoved: 0,
        filesOpened: files.filter((f) => f.tables.length > 0).length,
        bytesSeen: files.reduce((s, f) => s + f.size, 0),
        errors: files.filter((f) => !f.readable).length,
      });
    }
  }

  private async enter(command: string, args?: unknown) {
    this.calls.push([command, args]);
    if (this.options.latencyMs > 0) await delay(this.options.latencyMs);
    else await Promise.resolve();
  }

  private get lang(): Lang {
    return this.settings.lang;
  }

  // The files-only mode tests that the UI hides what `features` leaves out; a call
  // to a hidden feature is a defect of the UI, not an error a user could meet.
  private requireDatasets() {
    if (!this.options.datasets) throw new Error('datasets are switched off in this fake (features.datasets)');
  }

  private requireProject(): FakeProject {
    if (!this.current) {
      throw new BackendError(
        'no_project',
        this.lang === 'de' ? 'Es ist kein Projekt geöffnet' : 'No project is open',
      );
    }
    return this.current;
  }

  private info(project: FakeProject): ProjectInfo {
    this.ensureSeeded(project);
    return {
      path: project.path,
      company: viaIpc(project.company),
      lastScan: project.scans.length ? { ...project.scans[project.scans.length - 1] } : null,
    };
  }

  // ---------------------------------------------------------------- app and project

  async appInfo(): Promise<AppInfo> {
    await this.enter('app_info');
    const recent = [...this.projects.values()]
      .sort((a, b) => b.lastOpened.localeCompare(a.lastOpened))
      .map((p) => ({ path: p.path, company: p.company.name, lastOpened: p.lastOpened }));
    return {
      version: '0.1.0',
      recentProjects: recent,
      features: { datasets: this.options.datasets, exports: [...this.options.exports] },
    };
  }

  async projectNew(path: string): Promise<ProjectInfo> {
    await this.enter('project_new', { path });
    const clean = path.trim();
    if (!/^([A-Za-z]:\\|\\\\|\/)/.test(clean)) {
      throw new BackendError(
        'invalid_path',
        this.lang === 'de' ? `„${clean}“ ist kein vollständiger Dateipfad` : `“${clean}” is not a full file path`,
      );
    }
    const full = clean.endsWith('.datenreife') ? clean : `${clean}.datenreife`;
    if (this.projects.has(full)) {
      throw new BackendError(
        'project_exists',
        this.lang === 'de'
          ? `Unter „${full}“ gibt es schon ein Projekt. Öffnen Sie es oder wählen Sie einen anderen Namen`
          : `There is already a project at “${full}”. Open it or choose another name`,
      );
    }
    const project: FakeProject = {
      path: full,
      company: emptyCompany(),
      scans: [],
      files: [],
      roots: [],
      annotations: new Map(),
      lastOpened: this.options.now().toISOString(),
    };
    this.projects.set(full, project);
    this.current = project;
    this.pageCache.clear();
    return this.info(project);
  }

  async projectOpen(path: string): Promise<ProjectInfo> {
    await this.enter('project_open', { path });
    const project = this.projects.get(path);
    if (!project) {
      throw new BackendError(
        'project_not_found',
        this.lang === 'de' ? `Die Projektdatei „${path}“ wurde nicht gefunden` : `The project file “${path}” was not found`,
      );
    }
    project.lastOpened = this.options.now().toISOString();
    this.current = project;
    this.pageCache.clear();
    return this.info(project);
  }

  async companyGet(): Promise<CompanyProfile> {
    await this.enter('company_get');
    return viaIpc(this.requireProject().company);
  }

  async companySet(profile: CompanyProfile): Promise<void> {
    await this.enter('company_set', { profile });
    const project = this.requireProject();
    if (profile.name.trim() === '') {
      throw new BackendError(
        'invalid_profile',
        this.lang === 'de' ? 'Bitte geben Sie den Namen des Unternehmens an' : 'Please enter the company name',
      );
    }
    project.company = viaIpc({ ...profile, name: profile.name.trim() });
  }

  // ---------------------------------------------------------------- scan

  async scanStart(request: ScanRequest): Promise<number> {
    await this.enter('scan_start', { request });
    const project = this.requireProject();
    if (this.running) {
      throw new BackendError('scan_running', this.lang === 'de' ? 'Es läuft bereits ein Scan' : 'A scan is already running');
    }
    if (request.roots.length === 0) {
      throw new BackendError('no_roots', this.lang === 'de' ? 'Bitte wählen Sie mindestens einen Ordner' : 'Please choose at least one folder');
    }
    for (const root of request.roots) {
      if (!/^([A-Za-z]:\\|\\\\|\/)/.test(root)) {
        throw new BackendError(
          'invalid_path',
          this.lang === 'de' ? `„${root}“ ist kein vollständiger Ordnerpfad` : `“${root}” is not a full folder path`,
        );
      }
    }
    this.ensureSeeded(project);
    const scanId = project.scans.length + 1;
    const share = this.shareFiles();
    const previous = new Set(project.files.map((f) => f.path));
    const started = this.options.now();
    const { scanMs, tickMs } = this.options;
    const total = share.length;
    const opened = share.filter((f) => f.tables.length > 0).length;
    const erroneous = share.filter((f) => !f.readable).length;
    const startedMs = Date.now();
    let cancelled = false;
    let lastFiles = 0;

    const progressAt = (fraction: number): ScanProgress => {
      const seg = (a: number, b: number) => Math.max(0, Math.min(1, (fraction - a) / (b - a)));
      const walked = Math.round(total * seg(0.05, 0.45));
      const bytes = share.slice(0, walked).reduce((s, f) => s + f.size, 0);
      let phase: ScanPhase = 'preparing';
      let stepDone = 0;
      let stepTotal = 0;
      if (fraction >= 1) phase = 'done';
      else if (fraction >= 0.92) phase = 'saving';
      else if (fraction >= 0.8) {
        phase = 'hashing';
        stepTotal = total;
        stepDone = Math.round(total * seg(0.8, 0.92));
      } else if (fraction >= 0.45) {
        phase = 'profiling';
        stepTotal = opened;
        stepDone = Math.round(opened * seg(0.45, 0.8));
      } else if (fraction >= 0.05) phase = 'walking';
      const cursor = phase === 'walking' ? walked : Math.max(0, Math.min(total - 1, Math.round((stepTotal ? stepDone / stepTotal : 1) * (total - 1))));
      const current = share[Math.min(total - 1, Math.max(0, cursor))];
      const elapsed = Math.max(0.001, (Date.now() - startedMs) / 1000);
      return {
        phase,
        files: walked,
        bytes,
        errors: Math.round(erroneous * seg(0.05, 0.8)),
        opened: Math.round(opened * seg(0.45, 0.8)),
        stepDone,
        stepTotal,
        currentFolder: phase === 'preparing' || phase === 'saving' || phase === 'done' ? '' : dirname(current?.path ?? ''),
        filesPerSecond: Math.round(walked / elapsed),
      };
    };

    const finish = (status: 'completed' | 'cancelled', seenCount: number) => {
      if (!this.running) return;
      clearInterval(this.running.timer);
      this.running = null;
      const seen = share.slice(0, seenCount);
      const seenPaths = new Set(seen.map((f) => f.path));
      const keep = status === 'cancelled' && project.files.length > 0 ? project.files : seen;
      const filesNew = seen.filter((f) => !previous.has(f.path)).length;
      const filesUnchanged = seen.length - filesNew;
      const filesRemoved = status === 'completed' ? [...previous].filter((p) => !seenPaths.has(p)).length : 0;
      const finishedAt = this.options.now();
      const info: ScanInfo = {
        id: scanId,
        startedAt: started.toISOString(),
        finishedAt: finishedAt.toISOString(),
        status,
        filesSeen: seen.length,
        filesNew,
        filesChanged: 0,
        filesUnchanged,
        filesRemoved,
        filesOpened: seen.filter((f) => f.tables.length > 0).length,
        bytesSeen: seen.reduce((s, f) => s + f.size, 0),
        errors: seen.filter((f) => !f.readable).length,
      };
      project.scans.push(info);
      project.files = keep;
      project.roots = [...request.roots];
      this.pageCache.clear();
      const summary: ScanSummary = {
        scanId,
        status,
        filesSeen: info.filesSeen,
        filesNew,
        filesChanged: 0,
        filesUnchanged,
        filesRemoved,
        errors: info.errors,
        duplicates: seen.filter((f) => f.duplicateOf).length,
        durationSeconds: Math.max(0, (finishedAt.getTime() - started.getTime()) / 1000),
        error: null,
      };
      if (status === 'completed') this.emitProgress(progressAt(1));
      for (const h of [...this.finishedHandlers]) h(summary);
    };

    const timer = setInterval(() => {
      if (cancelled) return;
      const fraction = Math.min(1, (Date.now() - startedMs) / Math.max(1, scanMs));
      const progress = progressAt(fraction);
      lastFiles = progress.files;
      if (fraction >= 1) finish('completed', total);
      else this.emitProgress(progress);
    }, Math.max(10, tickMs));
    this.running = {
      timer,
      cancel: () => {
        cancelled = true;
        finish('cancelled', lastFiles);
      },
    };
    // First event right away, like the core's "preparing".
    queueMicrotask(() => {
      if (!cancelled) this.emitProgress(progressAt(0));
    });
    return scanId;
  }

  private emitProgress(progress: ScanProgress) {
    for (const h of [...this.progressHandlers]) h(progress);
  }

  async scanCancel(): Promise<void> {
    await this.enter('scan_cancel');
    this.running?.cancel();
  }

  /** Whether a simulated scan is running. */
  get scanning(): boolean {
    return this.running !== null;
  }

  async onScanProgress(handler: (p: ScanProgress) => void): Promise<Unlisten> {
    this.progressHandlers.add(handler);
    return () => this.progressHandlers.delete(handler);
  }

  async onScanFinished(handler: (s: ScanSummary) => void): Promise<Unlisten> {
    this.finishedHandlers.add(handler);
    return () => this.finishedHandlers.delete(handler);
  }

  // ---------------------------------------------------------------- catalogue

  private catalogFile(f: FakeFile): CatalogFile {
    const reason = f.errorCode ? (ERROR_REASONS[f.errorCode]?.[this.lang] ?? f.errorCode) : null;
    const row: CatalogFile & { preview?: string } = {
      path: f.path,
      root: 0,
      size: f.size,
      modified: f.modified,
      format: f.format,
      formatDetail: f.formatDetail,
      encoding: f.encoding,
      readable: f.readable,
      error: reason,
      errorCode: f.errorCode,
      duplicateOf: f.duplicateOf,
      personalData: f.personal,
      specialCategory: f.special,
      codeSystems: [...f.codeSystems],
    };
    // Trap: a raw first line, as a backend with a bug might send it along.
    if (f.preview) row.preview = f.preview;
    return row;
  }

  async catalogOverview(): Promise<CatalogOverview> {
    await this.enter('catalog_overview');
    const project = this.requireProject();
    this.ensureSeeded(project);
    const files = project.files;
    const formats = new Map<string, { files: number; bytes: number }>();
    let bytes = 0;
    let duplicates = 0;
    let duplicateBytes = 0;
    let errors = 0;
    let personal = 0;
    let health = 0;
    for (const f of files) {
      bytes += f.size;
      if (f.duplicateOf) {
        duplicates++;
        duplicateBytes += f.size;
      }
      if (!f.readable) errors++;
      if (f.personal) personal++;
      if (f.special) health++;
      const entry = formats.get(f.format) ?? { files: 0, bytes: 0 };
      entry.files++;
      entry.bytes += f.size;
      formats.set(f.format, entry);
    }
    return {
      roots: [...project.roots],
      scan: project.scans.length ? { ...project.scans[project.scans.length - 1] } : null,
      totals: { files: files.length, bytes, duplicates, duplicateBytes, errors, personalFiles: personal, healthFiles: health },
      formats: [...formats.entries()]
        .map(([format, v]) => ({ format, ...v }))
        .sort((a, b) => b.files - a.files || a.format.localeCompare(b.format)),
    };
  }

  async filesPage(query: FilesQuery): Promise<FilesPage> {
    await this.enter('files_page', { query });
    const project = this.requireProject();
    this.ensureSeeded(project);
    const files = project.files;
    const key = JSON.stringify([query.filter, query.sort]);
    let order = this.pageCache.get(key);
    if (!order) {
      const text = query.filter.text.trim().toLowerCase();
      order = [];
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        if (text && !f.path.toLowerCase().includes(text)) continue;
        if (query.filter.format && f.format !== query.filter.format) continue;
        if (query.filter.onlyErrors && f.readable) continue;
        if (query.filter.onlyPersonal && !f.personal) continue;
        order.push(i);
      }
      const dir = query.sort.dir === 'desc' ? -1 : 1;
      const cmp: (a: FakeFile, b: FakeFile) => number =
        query.sort.key === 'size'
          ? (a, b) => a.size - b.size
          : query.sort.key === 'modified'
            ? (a, b) => (a.modified < b.modified ? -1 : a.modified > b.modified ? 1 : 0)
            : query.sort.key === 'format'
              ? (a, b) => (a.format < b.format ? -1 : a.format > b.format ? 1 : 0) || collator.compare(a.path, b.path)
              : (a, b) => collator.compare(a.path, b.path);
      order.sort((a, b) => dir * cmp(files[a], files[b]) || a - b);
      this.pageCache.set(key, order);
    }
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.min(1_000, Math.floor(query.limit)));
    return {
      total: order.length,
      rows: order.slice(offset, offset + limit).map((i) => this.catalogFile(files[i])),
    };
  }

  async errorsList(): Promise<CatalogError[]> {
    await this.enter('errors_list');
    const project = this.requireProject();
    this.ensureSeeded(project);
    return project.files
      .filter((f) => !f.readable && f.errorCode)
      .map((f) => ({
        path: f.path,
        code: f.errorCode as string,
        reason: ERROR_REASONS[f.errorCode as string]?.[this.lang] ?? (f.errorCode as string),
      }));
  }

  private rightsInput(project: FakeProject, def: FakeDataset, files: FakeFile[]): RightsInput {
    return {
      personal: files.some((f) => f.personal),
      special: files.some((f) => f.special),
      directIdentifiers: def.directIdentifiers ?? [],
      annotations: project.annotations.get(def.id) ?? {},
    };
  }

  private findings(project: FakeProject, def: FakeDataset, files: FakeFile[]): Finding[] {
    const staticOnes: Finding[] = def.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      dimension: f.dimension,
      message: f.text[this.lang].message,
      nextStep: f.text[this.lang].nextStep,
      columns: f.columns ?? [],
      files: f.files ?? [],
    }));
    const all = [...rightsFindings(this.rightsInput(project, def, files), this.lang), ...staticOnes];
    const rank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
    return all.sort((a, b) => rank[a.severity] - rank[b.severity]);
  }

  private summary(project: FakeProject, def: FakeDataset, files: FakeFile[]): DatasetSummary {
    const findings = this.findings(project, def, files);
    const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
    return {
      id: def.id,
      name: def.name,
      files: files.length,
      bytes: files.reduce((s, f) => s + f.size, 0),
      rows: files.reduce((s, f) => s + f.tables.reduce((t, tb) => t + tb.rows, 0), 0),
      scores: {
        quality: def.quality,
        rights: rightsScore(this.rightsInput(project, def, files)),
        interoperability: def.interoperability,
      },
      personalData: files.some((f) => f.personal),
      specialCategory: files.some((f) => f.special),
      findings: { critical: count('critical'), warning: count('warning'), info: count('info') },
    };
  }

  private grouped(project: FakeProject): Map<string, FakeFile[]> {
    const groups = new Map<string, FakeFile[]>();
    for (const f of project.files) {
      const list = groups.get(f.dataset);
      if (list) list.push(f);
      else groups.set(f.dataset, [f]);
    }
    return groups;
  }

  async datasetsList(): Promise<DatasetSummary[]> {
    await this.enter('datasets_list');
    this.requireDatasets();
    const project = this.requireProject();
    this.ensureSeeded(project);
    const groups = this.grouped(project);
    return ALL_DATASETS.filter((d) => groups.has(d.id)).map((d) => this.summary(project, d, groups.get(d.id) ?? []));
  }

  private dataset(id: string): { project: FakeProject; def: FakeDataset; files: FakeFile[] } {
    const project = this.requireProject();
    this.ensureSeeded(project);
    const def = DATASET_BY_ID.get(id);
    const files = def ? project.files.filter((f) => f.dataset === id) : [];
    if (!def || files.length === 0) {
      throw new BackendError(
        'dataset_not_found',
        this.lang === 'de' ? `Den Datensatz „${id}“ gibt es in diesem Projekt nicht` : `There is no dataset “${id}” in this project`,
      );
    }
    return { project, def, files };
  }

  async datasetDetail(id: string): Promise<DatasetDetail> {
    await this.enter('dataset_detail', { id });
    this.requireDatasets();
    const { project, def, files } = this.dataset(id);
    const tables = files.flatMap((f) =>
      f.tables.map((t) => ({
        file: f.path,
        name: t.name,
        rows: t.rows,
        columns: t.columns.map((c) => {
          const col: Column & { sampleValues?: string[] } = {
            name: c.name,
            type: c.type,
            nullRatio: c.nullRatio,
            distinctEstimate: c.distinct,
            detections: (c.detections ?? []).map(([kind, ratio]) => ({ kind, ratio })),
            example: c.example ?? null,
          };
          // Trap: raw values, as a backend with a bug might send them.
          if (c.raw) col.sampleValues = [...c.raw];
          return col;
        }),
      })),
    );
    return {
      dataset: this.summary(project, def, files),
      files: files.map((f) => this.catalogFile(f)),
      tables,
      findings: this.findings(project, def, files),
      annotations: { ...(project.annotations.get(id) ?? {}) },
    };
  }

  async datasetAnnotate(id: string, key: AnnotationKey, value: string): Promise<DatasetSummary> {
    await this.enter('dataset_annotate', { id, key, value });
    this.requireDatasets();
    const { project, def, files } = this.dataset(id);
    if (!ANNOTATION_KEYS.includes(key)) {
      throw new BackendError('invalid_annotation', this.lang === 'de' ? `Unbekannte Angabe „${key}“` : `Unknown field “${key}”`);
    }
    const trimmed = value.trim();
    const allowed: Partial<Record<AnnotationKey, readonly string[]>> = { origin: ORIGINS, legal_basis: LEGAL_BASES };
    if (trimmed && allowed[key] && !allowed[key]!.includes(trimmed)) {
      throw new BackendError(
        'invalid_annotation',
        this.lang === 'de' ? `„${trimmed}“ ist für dieses Feld nicht erlaubt` : `“${trimmed}” is not allowed for this field`,
      );
    }
    const current = { ...(project.annotations.get(id) ?? {}) };
    if (trimmed) current[key] = trimmed;
    else delete current[key];
    project.annotations.set(id, current);
    return this.summary(project, def, files);
  }

  // ---------------------------------------------------------------- export and settings

  async exportRun(request: ExportRequest): Promise<ExportResult> {
    await this.enter('export_run', { request });
    if (!this.options.exports.includes(request.kind)) throw new Error(`export ${request.kind} is switched off in this fake (features.exports)`);
    const project = this.requireProject();
    this.ensureSeeded(project);
    if (project.files.length === 0) {
      throw new BackendError(
        'nothing_to_export',
        this.lang === 'de' ? 'Es gibt noch nichts zu exportieren: Scannen Sie zuerst Ihre Ordner' : 'There is nothing to export yet: scan your folders first',
      );
    }
    if (!request.path.trim()) {
      throw new BackendError('invalid_path', this.lang === 'de' ? 'Bitte wählen Sie, wo die Datei gespeichert wird' : 'Please choose where to save the file');
    }
    await delay(Math.min(600, this.options.scanMs / 4));
    const groups = this.grouped(project);
    const bytes = MASKED_EXPORT_BASE[request.kind] + groups.size * 2_150 + Math.round(project.files.length * (request.kind === 'pdf' ? 0 : 41));
    return { path: request.path, bytes };
  }

  async settingsGet(): Promise<Settings> {
    await this.enter('settings_get');
    return viaIpc(this.settings);
  }

  async settingsSet(settings: Settings): Promise<void> {
    await this.enter('settings_set', { settings });
    if (!/^#[0-9a-fA-F]{6}$/.test(settings.branding.colour)) {
      throw new BackendError(
        'invalid_settings',
        this.lang === 'de' ? 'Die Farbe muss als #rrggbb angegeben werden' : 'The colour must be given as #rrggbb',
      );
    }
    this.settings = viaIpc(settings);
  }

  // ---------------------------------------------------------------- dialogs

  async pickFolders(title: string): Promise<string[]> {
    await this.enter('dialog_folders', { title });
    return [EXAMPLE_ROOT];
  }

  async pickFile(title: string, filters: FileFilter[]): Promise<string | null> {
    await this.enter('dialog_open', { title, filters });
    if (filters.some((f) => f.extensions.includes('datenreife'))) return FAKE_PROJECT_PATH;
    return FAKE_LOGO_PATH;
  }

  async pickSavePath(title: string, defaultName: string, filters: FileFilter[]): Promise<string | null> {
    await this.enter('dialog_save', { title, defaultName, filters });
    return `${DOCUMENTS}\\${defaultName}`;
  }
}
