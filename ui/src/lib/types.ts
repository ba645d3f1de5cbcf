// Types that cross the IPC boundary between the UI and the Rust core.
//
// The types themselves are generated from the Rust structs of `src/app/ipc.rs` by ts-rs
// into `bindings/` (committed; `cargo test bindings_are_current` fails when they are
// stale, `scripts/gen-bindings` regenerates them). This module re-exports them under
// the names the screens use and adds what TypeScript needs besides types: the lists
// of enum values for menus and a few UI-only helpers.

import type { AnnotationKey } from './bindings/AnnotationKey';
import type { CompanySize } from './bindings/CompanySize';
import type { DetectionKind } from './bindings/DetectionKind';
import type { ExportKind } from './bindings/ExportKind';
import type { Lang } from './bindings/Lang';
import type { Phase } from './bindings/Phase';
import type { RiskClass } from './bindings/RiskClass';
import type { ScanPhase } from './bindings/ScanPhase';
import type { ScoreDimension } from './bindings/ScoreDimension';
import type { Sector } from './bindings/Sector';

export type { AnnotationKey } from './bindings/AnnotationKey';
export type { AppInfo } from './bindings/AppInfo';
export type { Branding } from './bindings/Branding';
export type { CatalogError } from './bindings/CatalogError';
export type { CatalogFile } from './bindings/CatalogFile';
export type { CatalogOverview } from './bindings/CatalogOverview';
export type { CatalogTotals } from './bindings/CatalogTotals';
export type { Column } from './bindings/Column';
export type { CompanyProfile } from './bindings/CompanyProfile';
export type { CompanySize } from './bindings/CompanySize';
export type { DatasetDetail } from './bindings/DatasetDetail';
export type { DatasetSummary } from './bindings/DatasetSummary';
export type { Detection } from './bindings/Detection';
export type { DetectionKind } from './bindings/DetectionKind';
export type { ErrorCode } from './bindings/ErrorCode';
export type { ExportKind } from './bindings/ExportKind';
export type { ExportRequest } from './bindings/ExportRequest';
export type { ExportResult } from './bindings/ExportResult';
export type { Features } from './bindings/Features';
export type { FileSort } from './bindings/FileSort';
export type { FileSortKey } from './bindings/FileSortKey';
export type { FilesFilter } from './bindings/FilesFilter';
export type { FilesPage } from './bindings/FilesPage';
export type { FilesQuery } from './bindings/FilesQuery';
export type { Finding } from './bindings/Finding';
export type { FindingCounts } from './bindings/FindingCounts';
export type { FormatCount } from './bindings/FormatCount';
export type { IpcError } from './bindings/IpcError';
export type { Lang } from './bindings/Lang';
export type { Phase } from './bindings/Phase';
export type { ProjectInfo } from './bindings/ProjectInfo';
export type { RecentProject } from './bindings/RecentProject';
export type { RiskClass } from './bindings/RiskClass';
export type { ScanEnd } from './bindings/ScanEnd';
export type { ScanInfo } from './bindings/ScanInfo';
export type { ScanPhase } from './bindings/ScanPhase';
export type { ScanProgress } from './bindings/ScanProgress';
export type { ScanRequest } from './bindings/ScanRequest';
export type { ScanState } from './bindings/ScanState';
export type { ScanSummary } from './bindings/ScanSummary';
export type { ScoreDimension } from './bindings/ScoreDimension';
export type { Scores } from './bindings/Scores';
export type { Sector } from './bindings/Sector';
export type { Settings } from './bindings/Settings';
export type { Severity } from './bindings/Severity';
export type { SortDir } from './bindings/SortDir';
export type { TableProfile } from './bindings/TableProfile';

/**
 * Every value of a union, checked both ways: a value the union does not have is a type
 * error, and so is a union member missing from the list (`Exact`).
 */
type Exact<U, L extends readonly U[]> = [U] extends [L[number]] ? L : never;
const all =
  <U>() =>
  <const L extends readonly U[]>(list: Exact<U, L>): readonly U[] =>
    list;

// ---------------------------------------------------------------- company profile

export const SECTORS = all<Sector>()(['medtech', 'manufacturing', 'services', 'software', 'other']);
export const SIZES = all<CompanySize>()(['micro', 'small', 'medium', 'large']);
export const PHASES = all<Phase>()(['concept', 'design', 'validation', 'approval', 'post_market']);
export const RISK_CLASSES = all<RiskClass>()([
  'mdr_i',
  'mdr_iia',
  'mdr_iib',
  'mdr_iii',
  'ivdr_a',
  'ivdr_b',
  'ivdr_c',
  'ivdr_d',
]);

// ---------------------------------------------------------------- scan

export const SCAN_PHASES = all<ScanPhase>()(['preparing', 'walking', 'profiling', 'hashing', 'saving', 'done']);

// ---------------------------------------------------------------- catalogue

export const DETECTION_KINDS = all<DetectionKind>()([
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
]);

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

/** Inferred column types of the profiler (the core sends them as strings). */
export type ColumnType = 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'text' | 'empty';

// ---------------------------------------------------------------- datasets

export const DIMENSIONS = all<ScoreDimension>()(['quality', 'rights', 'interoperability']);

export const ANNOTATION_KEYS = all<AnnotationKey>()([
  'owner',
  'origin',
  'legal_basis',
  'consent_scope',
  'purpose',
  'licence',
  'third_party_rights',
  'retention',
  'access',
  'description',
  'relevance',
]);

/** Values of the `origin` annotation (a choice in the form). */
export type Origin = 'own' | 'customer' | 'partner' | 'public' | 'purchased';
export const ORIGINS: readonly Origin[] = ['own', 'customer', 'partner', 'public', 'purchased'];

/** Values of the `relevance` annotation (a choice in the form). */
export type Relevance = 'high' | 'medium' | 'low' | 'none';
export const RELEVANCES: readonly Relevance[] = ['high', 'medium', 'low', 'none'];

/** Values of the `legal_basis` annotation (a choice in the form). */
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

// ---------------------------------------------------------------- export and settings

export const EXPORT_KINDS = all<ExportKind>()(['pdf', 'xlsx', 'json', 'csv', 'dcat']);
export const LANGS = all<Lang>()(['de', 'en']);
