// The one seam between the UI and the Rust core.
//
// `Backend` is everything the screens may ask of the core. `TauriBackend` is the only
// code in the UI that talks to Tauri (commands through `invoke`, events through
// `listen`, native dialogs through the dialog plugin). `FakeBackend`
// (backend-fake.ts) implements the same interface in memory for tests, screenshots
// and running the UI in a plain browser.

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type {
  AppInfo,
  AnnotationKey,
  CatalogError,
  CatalogOverview,
  CompanyProfile,
  DatasetDetail,
  DatasetSummary,
  ExportRequest,
  ExportResult,
  FilesPage,
  FilesQuery,
  ProjectInfo,
  ScanProgress,
  ScanRequest,
  ScanSummary,
  Settings,
} from './types';

/** Stops listening to an event. */
export type Unlisten = () => void;

/** A file type filter for dialogs. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** Everything the UI needs from the core. Every method rejects with a `BackendError`. */
export interface Backend {
  /** `tauri` in the app, `fake` in tests and plain browsers. */
  readonly kind: 'tauri' | 'fake';

  appInfo(): Promise<AppInfo>;
  /** Creates a project file at `path` and opens it. */
  projectNew(path: string): Promise<ProjectInfo>;
  /** Opens an existing project file. */
  projectOpen(path: string): Promise<ProjectInfo>;

  companyGet(): Promise<CompanyProfile>;
  companySet(profile: CompanyProfile): Promise<void>;

  /** Starts a scan in the background; progress arrives through `onScanProgress`. */
  scanStart(request: ScanRequest): Promise<number>;
  /** Asks the running scan to stop; it finishes with status `cancelled`. */
  scanCancel(): Promise<void>;
  onScanProgress(handler: (progress: ScanProgress) => void): Promise<Unlisten>;
  onScanFinished(handler: (summary: ScanSummary) => void): Promise<Unlisten>;

  catalogOverview(): Promise<CatalogOverview>;
  filesPage(query: FilesQuery): Promise<FilesPage>;
  errorsList(): Promise<CatalogError[]>;
  datasetsList(): Promise<DatasetSummary[]>;
  datasetDetail(id: string): Promise<DatasetDetail>;
  /** Stores one documented fact; an empty value removes it. Returns the re-scored dataset. */
  datasetAnnotate(id: string, key: AnnotationKey, value: string): Promise<DatasetSummary>;

  exportRun(request: ExportRequest): Promise<ExportResult>;

  settingsGet(): Promise<Settings>;
  settingsSet(settings: Settings): Promise<void>;

  /** Native folder picker; resolves to the chosen folders, empty when cancelled. */
  pickFolders(title: string): Promise<string[]>;
  /** Native open-file picker; `null` when cancelled. */
  pickFile(title: string, filters: FileFilter[]): Promise<string | null>;
  /** Native save-file picker; `null` when cancelled. */
  pickSavePath(title: string, defaultName: string, filters: FileFilter[]): Promise<string | null>;
}

/**
 * A failed backend call: `message` is for people, `code` for the program. The core's
 * codes are the `ErrorCode` union; `internal` also covers failures of IPC itself.
 */
export class BackendError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }

  /** Turns whatever a rejected call produced into a `BackendError`. */
  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) return raw;
    if (raw && typeof raw === 'object') {
      const r = raw as { code?: unknown; message?: unknown };
      if (typeof r.code === 'string' && typeof r.message === 'string') {
        return new BackendError(r.code, r.message);
      }
      if (raw instanceof Error) return new BackendError('internal', raw.message);
    }
    if (typeof raw === 'string') return new BackendError('internal', raw);
    return new BackendError('internal', String(raw));
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw BackendError.from(raw);
  }
}

/**
 * The real backend: `#[tauri::command]`s of `src-tauri`. Command names are snake_case;
 * argument names are camelCase on this side (Tauri maps them to snake_case parameters).
 */
export class TauriBackend implements Backend {
  readonly kind = 'tauri' as const;

  appInfo() {
    return call<AppInfo>('app_info');
  }
  projectNew(path: string) {
    return call<ProjectInfo>('project_new', { path });
  }
  projectOpen(path: string) {
    return call<ProjectInfo>('project_open', { path });
  }
  companyGet() {
    return call<CompanyProfile>('company_get');
  }
  companySet(profile: CompanyProfile) {
    return call<void>('company_set', { profile });
  }
  scanStart(request: ScanRequest) {
    return call<number>('scan_start', { request });
  }
  scanCancel() {
    return call<void>('scan_cancel');
  }
  async onScanProgress(handler: (progress: ScanProgress) => void): Promise<Unlisten> {
    return listen<ScanProgress>('scan-progress', (event) => handler(event.payload));
  }
  async onScanFinished(handler: (summary: ScanSummary) => void): Promise<Unlisten> {
    return listen<ScanSummary>('scan-finished', (event) => handler(event.payload));
  }
  catalogOverview() {
    return call<CatalogOverview>('catalog_overview');
  }
  filesPage(query: FilesQuery) {
    return call<FilesPage>('files_page', { query });
  }
  errorsList() {
    return call<CatalogError[]>('errors_list');
  }
  datasetsList() {
    return call<DatasetSummary[]>('datasets_list');
  }
  datasetDetail(id: string) {
    return call<DatasetDetail>('dataset_detail', { id });
  }
  datasetAnnotate(id: string, key: AnnotationKey, value: string) {
    return call<DatasetSummary>('dataset_annotate', { id, key, value });
  }
  exportRun(request: ExportRequest) {
    return call<ExportResult>('export_run', { request });
  }
  settingsGet() {
    return call<Settings>('settings_get');
  }
  settingsSet(settings: Settings) {
    return call<void>('settings_set', { settings });
  }
  async pickFolders(title: string): Promise<string[]> {
    try {
      const chosen = await openDialog({ title, directory: true, multiple: true });
      if (chosen === null) return [];
      return Array.isArray(chosen) ? chosen : [chosen];
    } catch (raw) {
      throw BackendError.from(raw);
    }
  }
  async pickFile(title: string, filters: FileFilter[]): Promise<string | null> {
    try {
      const chosen = await openDialog({ title, multiple: false, directory: false, filters });
      return typeof chosen === 'string' ? chosen : null;
    } catch (raw) {
      throw BackendError.from(raw);
    }
  }
  async pickSavePath(title: string, defaultName: string, filters: FileFilter[]): Promise<string | null> {
    try {
      return await saveDialog({ title, defaultPath: defaultName, filters });
    } catch (raw) {
      throw BackendError.from(raw);
    }
  }
}

/** Whether the page runs inside the Tauri app. */
export function insideTauri(win: unknown = globalThis): boolean {
  return Boolean(win && typeof win === 'object' && '__TAURI_INTERNALS__' in win);
}

/** Which backend to use: the fake outside Tauri or when the URL asks for it (`?backend=fake`). */
export function chooseBackendKind(search: string, inTauri: boolean): 'tauri' | 'fake' {
  const asked = new URLSearchParams(search).get('backend');
  if (asked === 'fake') return 'fake';
  return inTauri ? 'tauri' : 'fake';
}

/** Creates the backend for this page. The fake is loaded only when it is used. */
export async function createBackend(location: { search: string } = window.location): Promise<Backend> {
  if (chooseBackendKind(location.search, insideTauri()) === 'tauri') return new TauriBackend();
  const { FakeBackend, fakeOptionsFromSearch } = await import('./backend-fake');
  return new FakeBackend(fakeOptionsFromSearch(location.search));
}
