// Translation lookup. Pure functions of the language, so they are easy to test; the
// reactive wrappers live in state.svelte.ts.
import type { Lang } from '../types';
import { de, type MessageKey } from './de';
import { en } from './en';

export type { MessageKey };

/** All dictionaries, by language. */
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { de, en };

/** Keys that have `.one` / `.other` forms, without the suffix. */
export type PluralKey = MessageKey extends infer K
  ? K extends `${infer Base}.one`
    ? Base
    : never
  : never;

export type Params = Record<string, string | number>;

/** Replaces `{name}` placeholders; unknown placeholders stay visible so tests catch them. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The text of `key` in `lang`, with placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = MESSAGES[lang][key] ?? MESSAGES.de[key] ?? key;
  return interpolate(text, params);
}

const pluralRules: Record<Lang, Intl.PluralRules> = {
  de: new Intl.PluralRules('de-DE'),
  en: new Intl.PluralRules('en-GB'),
};

/**
 * The plural form of `base` for `count`. `{n}` receives `shown` when given (a formatted
 * number), otherwise the raw count.
 */
export function plural(lang: Lang, base: PluralKey, count: number, params: Params = {}): string {
  const form = pluralRules[lang].select(count) === 'one' ? 'one' : 'other';
  return translate(lang, `${base}.${form}` as MessageKey, { n: count, ...params });
}

/** The placeholders used in a text, sorted (for completeness tests). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
