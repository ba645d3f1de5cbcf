import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, needsProject, type Route } from '../../src/lib/route';
import { filterDatasets, nextDataset, scoreBand } from '../../src/lib/scores';
import { commonName, groupTables } from '../../src/lib/tables';
import { contrastRatio, isHexColour } from '../../src/lib/contrast';
import { displayExample, isMasked } from '../../src/lib/privacy';
import { formatLabel } from '../../src/lib/labels';
import type { DatasetSummary, TableProfile } from '../../src/lib/types';

describe('routes', () => {
  it('round-trip through the hash', () => {
    const routes: Route[] = [
      { name: 'start' },
      { name: 'company' },
      { name: 'scan' },
      { name: 'catalogue', tab: 'datasets' },
      { name: 'catalogue', tab: 'files' },
      { name: 'dataset', id: 'reklamationen-2024' },
      { name: 'dataset', id: 'a/b c' },
      { name: 'export' },
      { name: 'settings' },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });

  it('fall back to the start screen for anything unknown', () => {
    expect(parseRoute('')).toEqual({ name: 'start' });
    expect(parseRoute('#/nonsense')).toEqual({ name: 'start' });
    expect(parseRoute('#/dataset')).toEqual({ name: 'catalogue', tab: 'datasets' });
  });

  it('know which screens need a project', () => {
    expect(needsProject({ name: 'start' })).toBe(false);
    expect(needsProject({ name: 'settings' })).toBe(false);
    expect(needsProject({ name: 'scan' })).toBe(true);
  });
});

function ds(id: string, over: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    id,
    name: id,
    files: 1,
    bytes: 10,
    rows: 1,
    scores: { quality: 50, rights: 50, interoperability: 50 },
    personalData: false,
    specialCategory: false,
    findings: { critical: 0, warning: 0, info: 0 },
    ...over,
  };
}

describe('scores', () => {
  it('band at 40 and 70', () => {
    expect(scoreBand(0)).toBe('low');
    expect(scoreBand(39)).toBe('low');
    expect(scoreBand(40)).toBe('mid');
    expect(scoreBand(69)).toBe('mid');
    expect(scoreBand(70)).toBe('high');
  });

  const list = [
    ds('b', { scores: { quality: 90, rights: 20, interoperability: 10 }, personalData: true, findings: { critical: 1, warning: 0, info: 0 } }),
    ds('a', { scores: { quality: 10, rights: 80, interoperability: 50 } }),
    ds('c', { scores: { quality: 50, rights: 5, interoperability: 90 }, personalData: true, specialCategory: true, findings: { critical: 1, warning: 2, info: 0 } }),
  ];
  const collator = new Intl.Collator('de');
  const none = { text: '', onlyPersonal: false, onlyHealth: false, onlyCritical: false };

  it('sort datasets lowest score first, names A–Z', () => {
    expect(filterDatasets(list, none, 'rights', collator).map((d) => d.id)).toEqual(['c', 'b', 'a']);
    expect(filterDatasets(list, none, 'quality', collator).map((d) => d.id)).toEqual(['a', 'c', 'b']);
    expect(filterDatasets(list, none, 'name', collator).map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(filterDatasets(list, none, 'findings', collator).map((d) => d.id)).toEqual(['c', 'b', 'a']);
  });

  it('filter datasets by flags and text', () => {
    expect(filterDatasets(list, { ...none, onlyPersonal: true }, 'name', collator).map((d) => d.id)).toEqual(['b', 'c']);
    expect(filterDatasets(list, { ...none, onlyHealth: true }, 'name', collator).map((d) => d.id)).toEqual(['c']);
    expect(filterDatasets(list, { ...none, text: ' A ' }, 'name', collator).map((d) => d.id)).toEqual(['a']);
  });

  it('point to health data without a legal basis first', () => {
    expect(nextDataset(list)?.id).toBe('c');
    expect(nextDataset([list[1]])).toBeNull();
  });
});

describe('tables', () => {
  const t = (file: string, name: string, rows: number, nullRatio = 0): TableProfile => ({
    file,
    name,
    rows,
    columns: [
      { name: 'Datum', type: 'date', nullRatio, distinctEstimate: rows, detections: [] },
      { name: 'Melder', type: 'text', nullRatio: 0, distinctEstimate: 3, detections: [{ kind: 'person_name', ratio: 0.8 }] },
    ],
  });

  it('group a series of files with one layout', () => {
    const groups = groupTables([t('a/R_2024-01.csv', 'R_2024-01', 10), t('a/R_2024-02.csv', 'R_2024-02', 20, 0.1), t('b.csv', 'Other', 5)]);
    expect(groups).toHaveLength(1);
    expect(groups[0].files).toEqual(['a/R_2024-01.csv', 'a/R_2024-02.csv', 'b.csv']);
    expect(groups[0].rows).toBe(35);
    expect(groups[0].columns[0].nullRatio).toBe(0.1);
  });

  it('group a large series quickly (a dataset can hold 100,000 files)', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => t(`m/${i}.csv`, `M_${i}`, 60));
    const t0 = performance.now();
    const [group] = groupTables(many);
    expect(group.files).toHaveLength(50_000);
    expect(group.rows).toBe(3_000_000);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('drop fields the UI does not know (like raw samples)', () => {
    const raw = t('x.csv', 'x', 1);
    (raw.columns[1] as unknown as Record<string, unknown>).sampleValues = ['Erika Mustermann'];
    const [group] = groupTables([raw]);
    expect(JSON.stringify(group)).not.toContain('Erika');
  });

  it('name a series by what its names share, without cutting a number', () => {
    expect(commonName('Reklamationen_2024-01', 'Reklamationen_2024-02')).toBe('Reklamationen_2024');
    expect(commonName('Linie1_2024-W01', 'Linie1_2024-W11')).toBe('Linie1_2024');
    expect(commonName('abc', 'xyz')).toBe('abc');
  });
});

describe('privacy guard', () => {
  it('accepts masked examples and rejects raw ones', () => {
    for (const ok of ['DE89 •••• •••• •••• •••• 00', 'T•••••••50', 'm•••@k•••.de', '••.••.19••', 'pat-••••••-7f', 'S. R•••••']) {
      expect(isMasked(ok), ok).toBe(true);
    }
    for (const bad of ['Schäfer-Oberhuber', 'DE89370400440532013000', 'Anna•', 'Dr. Martina K•••••', '']) {
      expect(isMasked(bad), bad).toBe(false);
    }
  });

  it('shows non-personal examples as they are and hides unmasked personal ones', () => {
    expect(displayExample({ detections: [{ kind: 'loinc', ratio: 1 }], example: '718-7' })).toEqual({ text: '718-7', hidden: false });
    expect(displayExample({ detections: [{ kind: 'last_name', ratio: 1 }], example: 'Schäfer-Oberhuber' })).toEqual({ text: null, hidden: true });
    expect(displayExample({ detections: [{ kind: 'iban', ratio: 1 }], example: 'DE89 •••• •••• •••• •••• 00' }).text).toBe('DE89 •••• •••• •••• •••• 00');
    expect(displayExample({ detections: [], example: null })).toEqual({ text: null, hidden: false });
  });
});

describe('colours', () => {
  it('compute WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b5d6e', '#ffffff')!).toBeGreaterThan(4.5);
    expect(contrastRatio('#ffd200', '#ffffff')!).toBeLessThan(4.5);
    expect(contrastRatio('teal', '#ffffff')).toBeNull();
    expect(isHexColour('#0B5D6E')).toBe(true);
    expect(isHexColour('#0b5d6')).toBe(false);
  });
});

describe('labels', () => {
  it('name formats as people know them', () => {
    expect(formatLabel('fhir-json', 'de')).toBe('FHIR (JSON)');
    expect(formatLabel('image', 'de')).toBe('Bild');
    expect(formatLabel('image', 'en')).toBe('Image');
    expect(formatLabel('parquet', 'en')).toBe('PARQUET');
  });
});
