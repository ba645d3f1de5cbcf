// The application state: language, open project, current screen, the running scan and
// messages. Screens read it and call its actions; only it talks to the backend for
// things that outlive one screen (project, settings, scan).

import { getContext, setContext } from 'svelte';
import { BackendError, type Backend, type Unlisten } from './backend';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatEuro,
  formatNumber,
  formatPercent,
} from './format';
import { MESSAGES, plural, translate, type MessageKey, type Params, type PluralKey } from './i18n';
import { needsProject, parseRoute, routeHash, type Route } from './route';
import type {
  AppInfo,
  CompanyProfile,
  Lang,
  ProjectInfo,
  ScanProgress,
  ScanSummary,
  Settings,
} from './types';

export interface Notice {
  kind: 'error' | 'success';
  text: string;
  /** What to do, chosen by error code. */
  hint?: string;
}

export type ScanStatus = 'idle' | 'running' | 'cancelling' | 'finished';

export interface ScanState {
  status: ScanStatus;
  progress: ScanProgress | null;
  summary: ScanSummary | null;
  roots: string[];
  excludes: string[];
}

/** Exclusions a new scan starts with: office lock files, version control, system files. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/~$*',
  '**/.git/**',
  '**/node_modules/**',
  '**/Thumbs.db',
  '**/.DS_Store',
];

export class AppState {
  readonly backend: Backend;
  lang = $state<Lang>('de');
  settings = $state<Settings | null>(null);
  app = $state<AppInfo | null>(null);
  project = $state<ProjectInfo | null>(null);
  route = $state<Route>({ name: 'start' });
  notice = $state<Notice | null>(null);
  busy = $state(false);
  scan = $state<ScanState>({ status: 'idle', progress: null, summary: null, roots: [], excludes: [...DEFAULT_EXCLUDES] });
  /** Bumped whenever the catalogue may have changed (scan, annotation), so views refetch. */
  dataVersion = $state(0);
  /** Exports written in this session. */
  exported = $state<{ kind: string; path: string; bytes: number }[]>([]);

  private unlisten: Unlisten[] = [];

  constructor(backend: Backend) {
    this.backend = backend;
  }

  // ------------------------------------------------------------- texts and formats

  /** The text of `key` in the current language. */
  t = (key: MessageKey, params?: Params): string => translate(this.lang, key, params);

  /** A counted text (`12 Dateien`), with the count formatted per language. */
  count = (base: PluralKey, n: number, params: Params = {}): string =>
    plural(this.lang, base, n, { ...params, n: formatNumber(this.lang, n) });

  /** Whether a key exists (for texts chosen by error code). */
  has = (key: string): key is MessageKey => key in MESSAGES[this.lang];

  num = (n: number, decimals = 0) => formatNumber(this.lang, n, decimals);
  bytes = (n: number) => formatBytes(this.lang, n);
  pct = (ratio: number) => formatPercent(this.lang, ratio);
  date = (iso: string | null | undefined) => formatDate(this.lang, iso);
  dateTime = (iso: string | null | undefined) => formatDateTime(this.lang, iso);
  duration = (seconds: number) => formatDuration(this.lang, seconds);
  euro = (amount: number) => formatEuro(this.lang, amount);

  // ------------------------------------------------------------- start-up

  /** Loads settings and recent projects and subscribes to scan events. */
  async init(): Promise<void> {
    await this.attempt(async () => {
      const [settings, app] = await Promise.all([this.backend.settingsGet(), this.backend.appInfo()]);
      this.settings = settings;
      this.lang = settings.lang;
      this.app = app;
    });
    this.unlisten.push(
      await this.backend.onScanProgress((p) => this.onProgress(p)),
      await this.backend.onScanFinished((s) => void this.onFinished(s)),
    );
  }

  /** Stops listening to backend events. */
  dispose(): void {
    for (const u of this.unlisten.splice(0)) u();
  }

  // ------------------------------------------------------------- navigation

  /** Follows the URL hash; screens that need a project fall back to the start screen. */
  applyHash(hash: string): void {
    const route = parseRoute(hash);
    if (needsProject(route) && !this.project) {
      this.route = { name: 'start' };
      return;
    }
    this.route = route;
  }

  /** Goes to a screen (through the hash, so back and forward work). */
  go(route: Route): void {
    const hash = routeHash(route);
    if (typeof window !== 'undefined' && window.location.hash !== hash) {
      window.location.hash = hash;
    } else {
      this.applyHash(hash);
    }
  }

  // ------------------------------------------------------------- messages

  /** Runs a backend action; a failure becomes an error notice and `undefined`. */
  async attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (raw) {
      this.fail(raw);
      return undefined;
    }
  }

  /** Shows an error: the backend's message, plus advice chosen by its code. */
  fail(raw: unknown): void {
    const error = BackendError.from(raw);
    const hintKey = `error.${error.code}`;
    this.notice = {
      kind: 'error',
      text: error.message,
      hint: this.has(hintKey) ? this.t(hintKey) : undefined,
    };
  }

  succeed(text: string): void {
    this.notice = { kind: 'success', text };
  }

  dismiss(): void {
    this.notice = null;
  }

  // ------------------------------------------------------------- language and settings

  async setLang(lang: Lang): Promise<void> {
    if (lang === this.lang) return;
    this.lang = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
    if (this.settings) {
      // The switch applies at once; saving it is best effort (a failure shows a notice).
      const next: Settings = { ...$state.snapshot(this.settings), lang };
      this.settings = next;
      await this.attempt(() => this.backend.settingsSet(next));
    }
  }

  async saveSettings(settings: Settings): Promise<boolean> {
    const result = await this.attempt(async () => {
      await this.backend.settingsSet(settings);
      return true;
    });
    if (!result) return false;
    this.settings = $state.snapshot(settings);
    if (settings.lang !== this.lang) {
      this.lang = settings.lang;
      if (typeof document !== 'undefined') document.documentElement.lang = settings.lang;
    }
    this.succeed(this.t('settings.saved'));
    return true;
  }

  // ------------------------------------------------------------- projects

  private async opened(info: ProjectInfo): Promise<void> {
    this.project = info;
    this.scan = { status: 'idle', progress: null, summary: null, roots: [], excludes: [...DEFAULT_EXCLUDES] };
    this.exported = [];
    this.dataVersion++;
    this.notice = null;
    const app = await this.attempt(() => this.backend.appInfo());
    if (app) this.app = app;
    this.continueProject();
  }

  /** Goes to where the open project continues: the profile first, then the scan, then the catalogue. */
  continueProject(): void {
    const info = this.project;
    if (!info) return;
    if (!info.company.name) this.go({ name: 'company' });
    else if (!info.lastScan) this.go({ name: 'scan' });
    else this.go({ name: 'catalogue', tab: 'datasets' });
  }

  async newProject(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const path = await this.attempt(() =>
        this.backend.pickSavePath(this.t('start.dialogNew'), this.t('start.defaultName'), [
          { name: this.t('start.fileType'), extensions: ['datenreife'] },
        ]),
      );
      if (!path) return;
      const info = await this.attempt(() => this.backend.projectNew(path));
      if (info) await this.opened(info);
    } finally {
      this.busy = false;
    }
  }

  async openProject(path?: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const chosen =
        path ??
        (await this.attempt(() =>
          this.backend.pickFile(this.t('start.dialogOpen'), [{ name: this.t('start.fileType'), extensions: ['datenreife'] }]),
        ));
      if (!chosen) return;
      const info = await this.attempt(() => this.backend.projectOpen(chosen));
      if (info) await this.opened(info);
    } finally {
      this.busy = false;
    }
  }

  /** Back to the start screen (the project stays open until another is chosen). */
  leaveProject(): void {
    this.go({ name: 'start' });
    void this.attempt(async () => {
      this.app = await this.backend.appInfo();
    });
  }

  async saveCompany(profile: CompanyProfile): Promise<boolean> {
    const ok = await this.attempt(async () => {
      await this.backend.companySet(profile);
      return true;
    });
    if (!ok || !this.project) return false;
    this.project = { ...this.project, company: $state.snapshot(profile) };
    this.succeed(this.t('company.saved'));
    return true;
  }

  // ------------------------------------------------------------- scan

  get scanning(): boolean {
    return this.scan.status === 'running' || this.scan.status === 'cancelling';
  }

  async startScan(): Promise<void> {
    if (this.scanning) return;
    const request = { roots: [...this.scan.roots], excludes: [...this.scan.excludes] };
    this.scan.status = 'running';
    this.scan.progress = null;
    this.scan.summary = null;
    this.notice = null;
    const id = await this.attempt(() => this.backend.scanStart(request));
    if (id === undefined) this.scan.status = 'idle';
  }

  async cancelScan(): Promise<void> {
    if (this.scan.status !== 'running') return;
    this.scan.status = 'cancelling';
    const ok = await this.attempt(async () => {
      await this.backend.scanCancel();
      return true;
    });
    if (!ok && this.scan.status === 'cancelling') this.scan.status = 'running';
  }

  private onProgress(progress: ScanProgress): void {
    if (!this.scanning) return;
    this.scan.progress = progress;
  }

  private async onFinished(summary: ScanSummary): Promise<void> {
    if (summary.status === 'failed') {
      // Nothing of a failed scan is kept: back to the folder choice, with the reason.
      this.scan.status = 'idle';
      this.scan.progress = null;
      this.fail(summary.error ?? new BackendError('internal', this.t('common.error')));
      return;
    }
    this.scan.summary = summary;
    this.scan.status = 'finished';
    this.dataVersion++;
    const overview = await this.attempt(() => this.backend.catalogOverview());
    if (overview && this.project) this.project = { ...this.project, lastScan: overview.scan };
  }
}


const KEY = Symbol('datenreife-app');

/** Makes the state available to all components below (call in the root component). */
export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

/** The application state (inside components). */
export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
