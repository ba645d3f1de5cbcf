// Numbers, sizes, dates, durations and money per language, through Intl.
import type { Lang } from './types';

/** The locale used for formatting: German as in Germany, English as in Europe. */
export const LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], options);
    cache.set(key, f);
  }
  return f;
}

/** `1.234,5` / `1,234.5`; `decimals` fixes the number of fraction digits. */
export function formatNumber(lang: Lang, value: number, decimals = 0): string {
  return numberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A byte count for people, in decimal units like the core's `Lang::bytes`
 * (`1,5 MB`): one decimal below 100, none from 100 on and for bytes.
 */
export function formatBytes(lang: Lang, bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const decimals = unit === 0 || value >= 100 ? 0 : 1;
  // Rounding can reach 1000 (999.96 KB -> "1.000,0"): move up a unit then.
  if (unit < BYTE_UNITS.length - 1 && Number(value.toFixed(decimals)) >= 1000) {
    value /= 1000;
    unit++;
    return `${formatNumber(lang, value, 1)}\u00a0${BYTE_UNITS[unit]}`;
  }
  return `${formatNumber(lang, value, decimals)}\u00a0${BYTE_UNITS[unit]}`;
}

/** A share 0..1 as per cent (`23 %` / `23%`). Tiny non-zero shares show as `<1 %`. */
export function formatPercent(lang: Lang, ratio: number, decimals = 0): string {
  const f = numberFormat(lang, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  if (ratio > 0 && ratio < 0.01 && decimals === 0) return `<${f.format(0.01)}`;
  return f.format(ratio);
}

/** An amount in euro (`1.234 €` / `€1,234`). */
export function formatEuro(lang: Lang, amount: number, decimals = 0): string {
  return numberFormat(lang, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(amount);
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A calendar date (`20. Nov. 2026` / `20 Nov 2026`); empty for a missing or bad value. */
export function formatDate(lang: Lang, iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium' }).format(d) : '';
}

/** Date and time with a four-digit year (`20.11.2026, 15:42` / `20/11/2026, 15:42`). */
export function formatDateTime(lang: Lang, iso: string | null | undefined): string {
  const d = parse(iso);
  return d
    ? new Intl.DateTimeFormat(LOCALE[lang], {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d)
    : '';
}

/** A duration in plain units (`1 Min., 27 Sek.` / `1 min 27 secs`). */
export function formatDuration(lang: Lang, seconds: number): string {
  // Under a second shows with one decimal (0,3 Sek.), not as "0 Sek.".
  if (seconds > 0 && seconds < 0.95) {
    return numberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(
      Math.max(0.1, seconds),
    );
  }
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    numberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  const parts: string[] = [];
  if (h) parts.push(unit(h, 'hour'));
  if (m) parts.push(unit(m, 'minute'));
  if (s || parts.length === 0) parts.push(unit(s, 'second'));
  return new Intl.ListFormat(LOCALE[lang], { style: 'narrow', type: 'unit' }).format(parts);
}

/** A piece of a core sentence: plain text or a `backticked` name. */
export interface Span {
  text: string;
  code: boolean;
}

/**
 * Splits a sentence at backticks into text and code spans (`a \`b\` c` → a, b as code,
 * c). An unmatched backtick stays text.
 */
export function codeSpans(text: string): Span[] {
  const out: Span[] = [];
  const re = /`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), code: false });
    out.push({ text: m[1], code: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), code: false });
  return out;
}
