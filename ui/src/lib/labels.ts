// Short display labels for values that come from the core as identifiers.
import type { Lang } from './types';

const FORMAT_LABELS: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  xlsx: 'Excel (XLSX)',
  xls: 'Excel (XLS)',
  ods: 'ODS',
  json: 'JSON',
  ndjson: 'NDJSON',
  xml: 'XML',
  'fhir-json': 'FHIR (JSON)',
  'fhir-xml': 'FHIR (XML)',
  hl7v2: 'HL7 v2',
  dicom: 'DICOM',
  gdt: 'GDT',
  cda: 'CDA',
  pdf: 'PDF',
  archive: 'ZIP',
};

const WORDS: Record<string, Record<Lang, string>> = {
  text: { de: 'Text', en: 'Text' },
  image: { de: 'Bild', en: 'Image' },
  folder: { de: 'Ordner', en: 'Folder' },
  unknown: { de: 'Unbekannt', en: 'Unknown' },
};

/** A file format as people know it (`fhir-json` -> `FHIR (JSON)`). */
export function formatLabel(format: string, lang: Lang): string {
  return WORDS[format]?.[lang] ?? FORMAT_LABELS[format] ?? format.toUpperCase();
}
