// Types that cross the IPC boundary between the UI and the Rust core.
//
// Written by hand after the catalogue JSON contract (DESIGN §4) and the proposed
// commands of issue 8. Field names are camelCase, as serde's
// `rename_all = "camelCase"` will produce them; enum values are snake_case, as the
// core's enums serialise. These will be replaced by types generated from Rust (ts-rs)
// in `bindings/`; keep names in step with the Rust structs so the swap is mechanical.

// ---------------------------------------------------------------- application

/** A project the user opened before (newest first). */
export interface RecentProject {
  /** Absolute path of the project file. */
  path: string;
  /** Company name stored in the project, empty when no profile was saved yet. */
  company: string;
  /** RFC 3339 time of the last opening. */
  lastOpened: string;
}

/** `app_info()` */
export interface AppInfo {
  version: string;
  recentProjects: RecentProject[];
}

// ---------------------------------------------------------------- company profile

export type Sector = 'medtech' | 'manufacturing' | 'services' | 'software' | 'other';
export type CompanySize = 'micro' | 'small' | 'medium' | 'large';
export type Phase = 'concept' | 'design' | 'validation' | 'approval' | 'post_market';
export type RiskClass =
  | 'mdr_i'
  | 'mdr_iia'
  | 'mdr_iib'
  | 'mdr_iii'
  | 'ivdr_a'
  | 'ivdr_b'
  | 'ivdr_c'
  | 'ivdr_d';

export const SECTORS: readonly Sector[] = ['medtech', 'manufacturing', 'services', 'software', 'other'];
export const SIZES: readonly CompanySize[] = ['micro', 'small', 'medium', 'large'];
export const PHASES: readonly Phase[] = ['concept', 'design', 'validation', 'approval', 'post_market'];
export const RISK_CLASSES: readonly RiskClass[] = [
  'mdr_i',
  'mdr_iia',
  'mdr_iib',
  'mdr_iii',
  'ivdr_a',
  'ivdr_b',
  'ivdr_c',
  'ivdr_d',
];

/** Who is being assessed (core: `company::CompanyProfile`). */
export interface CompanyProfile {
  name: string;
  sector: Sector;
  size: CompanySize;
  product: string;
  phases: Phase[];
  riskClass: RiskClass | null;
  usesAi: boolean;
  assessor: string;
}

// ---------------------------------------------------------------- project

/** Summary of the latest scan of a project (core: `catalog::ScanInfo`). */
export interface ScanInfo {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'completed' | 'cancelled' | 'running' | 'failed';
  filesSeen: number;
  filesNew: number;
  filesChanged: number;
  filesUnchanged: number;
  filesRemoved: number;
  filesOpened: number;
  bytesSeen: number;
  errors: number;
}

/** `project_new(path)`, `project_open(path)` */
export interface ProjectInfo {
  path: string;
  company: CompanyProfile;
  lastScan: ScanInfo | null;
}

// ---------------------------------------------------------------- scan

/** `scan_start(request)` */
export interface ScanRequest {
  /** Absolute folder paths (local, mapped drive or UNC). */
  roots: string[];
  /** Glob patterns of paths to leave out. */
  excludes: string[];
}

export type ScanPhase = 'preparing' | 'walking' | 'profiling' | 'hashing' | 'saving' | 'done';
export const SCAN_PHASES: readonly ScanPhase[] = [
  'preparing',
  'walking',
  'profiling',
  'hashing',
  'saving',
  'done',
];

/** Event `scan-progress`, a few times per second while a scan runs. */
export interface ScanProgress {
  phase: ScanPhase;
  /** Entries found so far. */
  files: number;
  /** Bytes in the entries found so far. */
  bytes: number;
  /** Entries with an error so far. */
  errors: number;
  /** Files opened for reading so far. */
  opened: number;
  /** Progress of the current phase; `stepTotal` is 0 when the total is unknown. */
  stepDone: number;
  stepTotal: number;
  /** Folder being worked on, relative to its root where possible. */
  currentFolder: string;
  filesPerSecond: number;
}

/** Event `scan-finished`. */
export interface ScanSummary {
  scanId: number;
  status: 'completed' | 'cancelled';
  filesSeen: number;
  filesNew: number;
  filesChanged: number;
  filesUnchanged: number;
  filesRemoved: number;
  errors: number;
  duplicates: number;
  durationSeconds: number;
}

// ---------------------------------------------------------------- catalogue

/** Detection kinds of DESIGN §4 (core: `detect::DetectionKind`). */
export type DetectionKind =
  | 'person_name'
  | 'first_name'
  | 'last_name'
  | 'birth_date'
  | 'email'
  | 'phone'
  | 'address'
  | 'postcode'
  | 'iban'
  | 'kvnr'
  | 'steuer_id'
  | 'vat_id'
  | 'patient_id'
  | 'icd10gm'
  | 'ops'
  | 'loinc'
  | 'snomed_ct'
  | 'atc'
  | 'pzn'
  | 'ucum_unit';

export const DETECTION_KINDS: readonly DetectionKind[] = [
  'person_name',
  'first_name',
  'last_name',
  'birth_date',
  'email',
  'phone',
  'address',
  'postcode',
  'iban',
  'kvnr',
  'steuer_id',
  'vat_id',
  'patient_id',
  'icd10gm',
  'ops',
  'loinc',
  'snomed_ct',
  'atc',
  'pzn',
  'ucum_unit',
];

/** Kinds that make a column personal data (mirrors `DetectionKind::is_personal`). */
export const PERSONAL_KINDS: ReadonlySet<DetectionKind> = new Set<DetectionKind>([
  'person_name',
  'first_name',
  'last_name',
  'birth_date',
  'email',
  'phone',
  'address',
  'postcode',
  'iban',
  'kvnr',
  'steuer_id',
  'patient_id',
]);

export interface Detection {
  kind: DetectionKind;
  /** Share of non-empty values that match, 0..1. */
  ratio: number;
}

/** Inferred column types of the profiler. */
export type ColumnType = 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'text' | 'empty';

/** Statistics of one column; never raw values. */
export interface Column {
  name: string;
  type: ColumnType | string;
  nullRatio: number;
  distinctEstimate: number;
  detections: Detection[];
  /** A masked example value (e.g. `DE89 •••• •••• •••• •••• 00`), when the core offers one. */
  example?: string | null;
}

export interface Table {
  name: string;
  rows: number;
  columns: Column[];
}

/** One file of the catalogue (core: `catalog::CatalogFile`, minus the tables for listings). */
export interface CatalogFile {
  /** Path relative to its root. */
  path: string;
  /** Index into the catalogue's roots. */
  root: number;
  size: number;
  modified: string | null;
  format: string;
  formatDetail: string | null;
  encoding: string | null;
  readable: boolean;
  /** Why the file could not be read, in the project's language. */
  error: string | null;
  errorCode: string | null;
  duplicateOf: string | null;
  personalData: boolean;
  specialCategory: boolean;
  codeSystems: string[];
}

/** An entry that could not be read. */
export interface CatalogError {
  path: string;
  reason: string;
  code: string;
}

export interface CatalogTotals {
  files: number;
  bytes: number;
  duplicates: number;
  duplicateBytes: number;
  errors: number;
  personalFiles: number;
  healthFiles: number;
}

export interface FormatCount {
  format: string;
  files: number;
  bytes: number;
}

/** `catalog_overview()` */
export interface CatalogOverview {
  roots: string[];
  scan: ScanInfo | null;
  totals: CatalogTotals;
  formats: FormatCount[];
}

export type FileSortKey = 'path' | 'format' | 'size' | 'modified';
export type SortDir = 'asc' | 'desc';

export interface FilesFilter {
  text: string;
  /** Empty string for all formats. */
  format: string;
  onlyErrors: boolean;
  onlyPersonal: boolean;
}

/** `files_page(query)` */
export interface FilesQuery {
  offset: number;
  limit: number;
  filter: FilesFilter;
  sort: { key: FileSortKey; dir: SortDir };
}

export interface FilesPage {
  /** Rows matching the filter, across all pages. */
  total: number;
  rows: CatalogFile[];
}

// ---------------------------------------------------------------- datasets

export interface Scores {
  quality: number;
  rights: number;
  interoperability: number;
}

export type ScoreDimension = keyof Scores;
export const DIMENSIONS: readonly ScoreDimension[] = ['quality', 'rights', 'interoperability'];

export type Severity = 'critical' | 'warning' | 'info';

/** `datasets_list()` */
export interface DatasetSummary {
  id: string;
  name: string;
  files: number;
  bytes: number;
  rows: number;
  scores: Scores;
  personalData: boolean;
  specialCategory: boolean;
  findings: { critical: number; warning: number; info: number };
}

export interface Finding {
  /** Stable code; the UI may branch on it, never on the message. */
  code: string;
  severity: Severity;
  dimension: ScoreDimension;
  message: string;
  /** What to do about it, in plain words. */
  nextStep: string;
  columns: string[];
  files: string[];
}

/** Keys a user can document for a dataset (`dataset_annotate`). */
export type AnnotationKey =
  | 'owner'
  | 'origin'
  | 'legal_basis'
  | 'consent_scope'
  | 'purpose'
  | 'licence'
  | 'third_party_rights'
  | 'retention'
  | 'access';

export const ANNOTATION_KEYS: readonly AnnotationKey[] = [
  'owner',
  'origin',
  'legal_basis',
  'consent_scope',
  'purpose',
  'licence',
  'third_party_rights',
  'retention',
  'access',
];

export type Origin = 'own' | 'customer' | 'partner' | 'public' | 'purchased';
export const ORIGINS: readonly Origin[] = ['own', 'customer', 'partner', 'public', 'purchased'];

export type LegalBasis =
  | 'consent'
  | 'contract'
  | 'legal_obligation'
  | 'legitimate_interest'
  | 'research'
  | 'gdng_6'
  | 'none';
export const LEGAL_BASES: readonly LegalBasis[] = [
  'consent',
  'contract',
  'legal_obligation',
  'legitimate_interest',
  'research',
  'gdng_6',
  'none',
];

/** What the user documented so far; keys absent or empty are undocumented. */
export type Annotation = Partial<Record<AnnotationKey, string>>;

export interface TableProfile {
  /** Path of the file the table is in. */
  file: string;
  name: string;
  rows: number;
  columns: Column[];
}

/** `dataset_detail(id)` */
export interface DatasetDetail {
  dataset: DatasetSummary;
  files: CatalogFile[];
  tables: TableProfile[];
  findings: Finding[];
  annotations: Annotation;
}

// ---------------------------------------------------------------- export

export type ExportKind = 'pdf' | 'xlsx' | 'json' | 'dcat';
export const EXPORT_KINDS: readonly ExportKind[] = ['pdf', 'xlsx', 'json', 'dcat'];

export type Lang = 'de' | 'en';
export const LANGS: readonly Lang[] = ['de', 'en'];

/** `export_run(request)` */
export interface ExportRequest {
  kind: ExportKind;
  path: string;
  lang: Lang;
}

export interface ExportResult {
  path: string;
  bytes: number;
}

// ---------------------------------------------------------------- settings

export interface Branding {
  consultantName: string;
  /** `#rrggbb` */
  colour: string;
  logoPath: string | null;
}

/** `settings_get()`, `settings_set(settings)` */
export interface Settings {
  lang: Lang;
  branding: Branding;
  questionnaireDir: string | null;
  knowledgeDir: string | null;
}

// ---------------------------------------------------------------- errors

/** What every failing command returns. Show `message`; branch only on `code`. */
export interface IpcError {
  code: string;
  message: string;
}
