// The UI's own guard for invariant 2 (no raw personal values): it shows an example
// value of a personal-data column only when the value is visibly masked. The core
// masks; this catches a core that forgot to.
import { PERSONAL_KINDS, type Column } from './types';

/** Characters the core uses to mask parts of a value. */
const MASK_CHARS = /[•●▪*█]/gu;
const VISIBLE = /[\p{L}\p{N}]/gu;

/** Whether a column holds personal data according to its detections. */
export function isPersonalColumn(column: Pick<Column, 'detections'>): boolean {
  return column.detections.some((d) => PERSONAL_KINDS.has(d.kind));
}

/**
 * Whether `example` is masked well enough to show: at least as many mask characters as
 * visible letters and digits, and at most eight of those left visible.
 */
export function isMasked(example: string): boolean {
  const masked = example.match(MASK_CHARS)?.length ?? 0;
  const visible = example.match(VISIBLE)?.length ?? 0;
  return masked > 0 && masked >= visible && visible <= 8;
}

/**
 * The example to display for a column, or `null` when there is none.
 * `hidden` is true when an example came but must not be shown.
 */
export function displayExample(column: Pick<Column, 'detections' | 'example'>): { text: string | null; hidden: boolean } {
  const example = column.example?.trim();
  if (!example) return { text: null, hidden: false };
  if (isPersonalColumn(column) && !isMasked(example)) return { text: null, hidden: true };
  return { text: example, hidden: false };
}
