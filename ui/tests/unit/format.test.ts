import { describe, expect, it } from 'vitest';
import {
  codeSpans,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatEuro,
  formatNumber,
  formatPercent,
} from '../../src/lib/format';

// Intl puts narrow no-break spaces in some outputs; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('numbers', () => {
  it('group and separate decimals per language', () => {
    expect(formatNumber('de', 1234.56, 2)).toBe('1.234,56');
    expect(formatNumber('en', 1234.56, 2)).toBe('1,234.56');
    expect(formatNumber('de', 100000)).toBe('100.000');
    expect(formatNumber('en', 100000)).toBe('100,000');
    expect(formatNumber('de', -1234567)).toBe('-1.234.567');
  });
});

describe('bytes', () => {
  it('follows the core: decimal units, one decimal below 100', () => {
    expect(plain(formatBytes('de', 1_500_000))).toBe('1,5 MB');
    expect(plain(formatBytes('en', 999))).toBe('999 B');
    expect(plain(formatBytes('en', 153_400_000))).toBe('153 MB');
    expect(plain(formatBytes('de', 2_318_440))).toBe('2,3 MB');
    expect(plain(formatBytes('de', 0))).toBe('0 B');
  });

  it('moves up a unit instead of showing 1.000', () => {
    expect(plain(formatBytes('de', 999_960))).toBe('1,0 MB');
  });
});

describe('percent', () => {
  it('shows per cent per language and marks tiny shares', () => {
    expect(plain(formatPercent('de', 0.23))).toBe('23 %');
    expect(plain(formatPercent('en', 0.23))).toBe('23%');
    expect(plain(formatPercent('de', 0.002))).toBe('<1 %');
    expect(plain(formatPercent('de', 0))).toBe('0 %');
  });
});

describe('euro', () => {
  it('puts the sign where each language expects it', () => {
    expect(plain(formatEuro('de', 12500))).toBe('12.500 €');
    expect(plain(formatEuro('en', 12500))).toBe('€12,500');
    expect(plain(formatEuro('de', 1234.5, 2))).toBe('1.234,50 €');
  });
});

describe('dates', () => {
  it('formats calendar dates per language', () => {
    const iso = '2026-11-20T15:42:00Z';
    expect(formatDate('de', iso)).toMatch(/20\.\s?11\.\s?2026|20\. Nov\. 2026/);
    expect(formatDate('en', iso)).toBe('20 Nov 2026');
    expect(formatDateTime('de', iso)).toMatch(/^20\.11\.2026, \d\d:42$/);
    expect(formatDateTime('en', iso)).toMatch(/^20\/11\/2026, \d\d:42$/);
  });

  it('returns nothing for missing or broken dates', () => {
    expect(formatDate('de', null)).toBe('');
    expect(formatDate('en', 'not a date')).toBe('');
  });
});

describe('durations', () => {
  it('spells out hours, minutes and seconds', () => {
    expect(plain(formatDuration('en', 87))).toBe('1 min 27 secs');
    expect(plain(formatDuration('de', 87))).toBe('1 Min., 27 Sek.');
    expect(plain(formatDuration('en', 3600))).toBe('1 hr');
    expect(plain(formatDuration('de', 0))).toBe('0 Sek.');
    expect(plain(formatDuration('de', 0.34))).toBe('0,3 Sek.');
    expect(plain(formatDuration('en', 0.01))).toBe('0.1 secs');
  });
});

describe('code spans in core sentences', () => {
  it('sets backticked names as code and keeps the rest as text', () => {
    expect(codeSpans('Spalte `Geburtsdatum` in `a.csv`.')).toEqual([
      { text: 'Spalte ', code: false },
      { text: 'Geburtsdatum', code: true },
      { text: ' in ', code: false },
      { text: 'a.csv', code: true },
      { text: '.', code: false },
    ]);
  });
  it('leaves text without or with an unmatched backtick alone', () => {
    expect(codeSpans('Keine Namen.')).toEqual([{ text: 'Keine Namen.', code: false }]);
    expect(codeSpans('a ` b')).toEqual([{ text: 'a ` b', code: false }]);
    expect(codeSpans('<b>`x`</b>')).toEqual([
      { text: '<b>', code: false },
      { text: 'x', code: true },
      { text: '</b>', code: false },
    ]);
  });
});
