// Score bands and dataset ordering shared by the catalogue and the dataset page.
import type { DatasetSummary } from './types';

export type Band = 'low' | 'mid' | 'high';

/** Below 40 is low, from 70 on good (the bands the report uses too). */
export function scoreBand(value: number): Band {
  if (value < 40) return 'low';
  if (value < 70) return 'mid';
  return 'high';
}

export type DatasetSort = 'rights' | 'quality' | 'interoperability' | 'name' | 'files' | 'bytes' | 'findings';
export const DATASET_SORTS: readonly DatasetSort[] = ['rights', 'quality', 'interoperability', 'findings', 'name', 'files', 'bytes'];

export interface DatasetFilter {
  text: string;
  onlyPersonal: boolean;
  onlyHealth: boolean;
  onlyCritical: boolean;
}

/** Filters and sorts datasets for the catalogue table (scores: lowest first). */
export function filterDatasets(list: readonly DatasetSummary[], filter: DatasetFilter, sort: DatasetSort, collator: Intl.Collator): DatasetSummary[] {
  const text = filter.text.trim().toLocaleLowerCase();
  const out = list.filter(
    (d) =>
      (!text || d.name.toLocaleLowerCase().includes(text)) &&
      (!filter.onlyPersonal || d.personalData) &&
      (!filter.onlyHealth || d.specialCategory) &&
      (!filter.onlyCritical || d.findings.critical > 0),
  );
  const byName = (a: DatasetSummary, b: DatasetSummary) => collator.compare(a.name, b.name);
  const weight = (d: DatasetSummary) => d.findings.critical * 10_000 + d.findings.warning * 100 + d.findings.info;
  const cmp: Record<DatasetSort, (a: DatasetSummary, b: DatasetSummary) => number> = {
    rights: (a, b) => a.scores.rights - b.scores.rights || byName(a, b),
    quality: (a, b) => a.scores.quality - b.scores.quality || byName(a, b),
    interoperability: (a, b) => a.scores.interoperability - b.scores.interoperability || byName(a, b),
    name: byName,
    files: (a, b) => b.files - a.files || byName(a, b),
    bytes: (a, b) => b.bytes - a.bytes || byName(a, b),
    findings: (a, b) => weight(b) - weight(a) || byName(a, b),
  };
  return out.sort(cmp[sort]);
}

/**
 * The dataset the user should look at next: personal data without a legal basis first
 * (a critical rights finding), lowest rights score among those. `null` when none.
 */
export function nextDataset(list: readonly DatasetSummary[]): DatasetSummary | null {
  const open = list.filter((d) => d.findings.critical > 0 && (d.personalData || d.specialCategory));
  if (open.length === 0) return null;
  return [...open].sort((a, b) => Number(b.specialCategory) - Number(a.specialCategory) || a.scores.rights - b.scores.rights)[0];
}
