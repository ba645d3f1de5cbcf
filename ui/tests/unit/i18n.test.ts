import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { de } from '../../src/lib/i18n/de';
import { en } from '../../src/lib/i18n/en';
import { interpolate, placeholders, plural, translate, type MessageKey } from '../../src/lib/i18n';

const keys = Object.keys(de) as MessageKey[];

describe('dictionaries', () => {
  it('have exactly the same keys in German and English', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  it('have no empty texts', () => {
    for (const k of keys) {
      expect(de[k].trim(), `de ${k}`).not.toBe('');
      expect(en[k].trim(), `en ${k}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const k of keys) {
      expect(placeholders(en[k]), k).toEqual(placeholders(de[k]));
    }
  });

  it('have the other plural form for every counted text', () => {
    for (const k of keys) {
      if (k.endsWith('.one')) expect(keys, k).toContain(k.replace(/\.one$/, '.other'));
    }
  });

  it('are not German in the English file', () => {
    // A cheap guard against copy-paste: umlauts and ß only where German names belong.
    const allowed = /Datenreife|GDNG|BDSG|KVNR|Muster|Klinikum|Reklamationen|Deutsch|ä|ö|ü/;
    for (const k of keys) {
      if (/[äöüß]/.test(en[k])) expect(en[k], k).toMatch(allowed);
    }
  });
});

describe('every literal key used in the source exists', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.(svelte|ts)$/.test(name) ? [path] : [];
    });
  }

  it('t(...) and count(...) calls name known keys', () => {
    const src = fileURLToPath(new URL('../../src', import.meta.url));
    const unknown: string[] = [];
    for (const file of files(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|translate\(\w+,)\s*\(\s*'([a-zA-Z_.]+)'/g)) {
        if (!(m[1] in de)) unknown.push(`${file}: ${m[1]}`);
      }
      for (const m of text.matchAll(/\.count\(\s*'([a-zA-Z_.]+)'/g)) {
        if (!(`${m[1]}.one` in de)) unknown.push(`${file}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('de', 'start.version', { version: '1.2' })).toBe('Version 1.2');
    expect(interpolate('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('picks plural forms per language', () => {
    expect(plural('de', 'count.files', 1)).toBe('1 Datei');
    expect(plural('de', 'count.files', 2)).toBe('2 Dateien');
    expect(plural('en', 'count.files', 1)).toBe('1 file');
    expect(plural('en', 'count.files', 0)).toBe('0 files');
    expect(plural('de', 'count.rows', 24315, { n: '24.315' })).toBe('24.315 Zeilen');
  });
});
