// Groups the tables of a dataset by their layout, so twelve monthly files with the same
// columns show as one table "in 12 files" instead of twelve copies.
import type { Column, TableProfile } from './types';

export interface TableGroup {
  /** Stable key: the table name and column names. */
  key: string;
  name: string;
  files: string[];
  rows: number;
  /** Columns of the first table; detections and null shares are the highest seen. */
  columns: Column[];
}

export function groupTables(tables: readonly TableProfile[]): TableGroup[] {
  const groups = new Map<string, TableGroup>();
  // Files already counted per group (a Set: a dataset can have 100,000 files).
  const seen = new Map<string, Set<string>>();
  for (const t of tables) {
    const layout = t.columns.map((c) => c.name).join('\u0001');
    const key = `${layout}`;
    const g = groups.get(key);
    if (!g) {
      seen.set(key, new Set([t.file]));
      groups.set(key, {
        key,
        name: t.name,
        files: [t.file],
        rows: t.rows,
        // Only the fields the UI knows: anything else a backend sends is dropped here.
        columns: t.columns.map((c) => ({
          name: c.name,
          type: c.type,
          nullRatio: c.nullRatio,
          distinctEstimate: c.distinctEstimate,
          detections: c.detections.map((d) => ({ kind: d.kind, ratio: d.ratio })),
          example: c.example ?? null,
        })),
      });
      continue;
    }
    const files = seen.get(key)!;
    if (!files.has(t.file)) {
      files.add(t.file);
      g.files.push(t.file);
    }
    g.rows += t.rows;
    // The same layout under another name (Reklamationen_2024-01, -02 …): name it by what they share.
    if (g.name !== t.name) g.name = commonName(g.name, t.name);
    t.columns.forEach((c, i) => {
      const mine = g.columns[i];
      mine.nullRatio = Math.max(mine.nullRatio, c.nullRatio);
      mine.distinctEstimate = Math.max(mine.distinctEstimate, c.distinctEstimate);
      for (const d of c.detections) {
        const seen = mine.detections.find((x) => x.kind === d.kind);
        if (!seen) mine.detections.push({ ...d });
        else seen.ratio = Math.max(seen.ratio, d.ratio);
      }
      if (!mine.example && c.example) mine.example = c.example;
    });
  }
  return [...groups.values()];
}

/** The common start of two names, trimmed of separators (`Reklamationen_2024-01`, `…-02` -> `Reklamationen_2024`). */
export function commonName(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // Do not cut inside a word or number: go back to the last separator.
  const word = /[\p{L}\p{N}]/u;
  if (i > 0 && i < a.length && word.test(a[i]) && word.test(a[i - 1])) {
    while (i > 0 && word.test(a[i - 1])) i--;
  }
  const prefix = a.slice(0, i).replace(/[\s_\-.(]+$/, '');
  return prefix.length >= 3 ? prefix : a;
}
