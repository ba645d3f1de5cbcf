// The bundled example share of the fictitious "Muster Medizintechnik GmbH", as the
// fake backend presents it after a scan: files with their profiles, datasets with
// their quality and interoperability findings.
//
// Every person in here is invented. A few raw values of personal columns sit in fields
// that a buggy backend might send (`sampleValues`, `preview`, one unmasked `example`);
// they are listed in RAW_PERSONAL_VALUES so tests can prove the UI never shows them.

import rawValues from './fake-raw-values.json';
import type { ColumnType, DetectionKind, ScoreDimension, Severity } from './types';

export interface FakeColumn {
  name: string;
  type: ColumnType;
  nullRatio: number;
  distinct: number;
  detections?: [DetectionKind, number][];
  /** Masked example as the core would send it (or, for a trap, an unmasked one). */
  example?: string;
  /** Raw values: a trap, sent as `sampleValues` by the fake like a buggy backend would. */
  raw?: string[];
}

export interface FakeTable {
  name: string;
  rows: number;
  columns: FakeColumn[];
}

export interface FakeFile {
  path: string;
  size: number;
  modified: string;
  format: string;
  formatDetail: string | null;
  encoding: string | null;
  readable: boolean;
  errorCode: string | null;
  duplicateOf: string | null;
  personal: boolean;
  special: boolean;
  codeSystems: string[];
  tables: FakeTable[];
  /** A raw first line of the file: a trap, never to be rendered. */
  preview?: string;
  /** Dataset this file belongs to. */
  dataset: string;
}

export interface LocalText {
  de: { message: string; nextStep: string };
  en: { message: string; nextStep: string };
}

export interface FakeFindingDef {
  code: string;
  severity: Severity;
  dimension: ScoreDimension;
  text: LocalText;
  columns?: string[];
  files?: string[];
}

export interface FakeDataset {
  id: string;
  name: string;
  quality: number;
  interoperability: number;
  findings: FakeFindingDef[];
  /** Columns that identify a person directly (drive a rights finding). */
  directIdentifiers?: string[];
}

/**
 * Raw personal values hidden in the fake data where only a leaking UI would show them.
 * Kept in a JSON file so the page tests (plain Node) read the same list.
 */
export const RAW_PERSONAL_VALUES: readonly string[] = rawValues;

/** Where the example share is mounted in the fake. */
export const EXAMPLE_ROOT = '\\\\nas01\\freigabe';

/** A small deterministic random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function iso(year: number, month: number, day: number, hour = 9): string {
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad((day * 7) % 60)}:00Z`;
}

// ------------------------------------------------------------------ tables

const KUNDEN: FakeTable = {
  name: 'Kunden',
  rows: 412,
  columns: [
    { name: 'Kundennummer', type: 'integer', nullRatio: 0, distinct: 398 },
    { name: 'Klinik', type: 'text', nullRatio: 0, distinct: 371 },
    {
      name: 'Ansprechpartner',
      type: 'text',
      nullRatio: 0.03,
      distinct: 389,
      detections: [['person_name', 0.96]],
      example: 'Dr. M••••• K•••••',
      raw: ['Dr. Martina Kowalczyk'],
    },
    {
      name: 'E-Mail',
      type: 'text',
      nullRatio: 0.08,
      distinct: 377,
      detections: [['email', 0.99]],
      example: 'm•••@k•••.de',
      raw: ['m.kowalczyk@klinikum-havelland.de'],
    },
    {
      name: 'Telefon',
      type: 'text',
      nullRatio: 0.11,
      distinct: 360,
      detections: [['phone', 0.94]],
      example: '+49 •••• ••••-12',
      raw: ['+49 3321 4471-12'],
    },
    { name: 'Straße', type: 'text', nullRatio: 0.02, distinct: 380, detections: [['address', 0.91]], example: 'L•••••••• ••' },
    { name: 'PLZ', type: 'text', nullRatio: 0.02, distinct: 214, detections: [['postcode', 1]], example: '14•••' },
    { name: 'Ort', type: 'text', nullRatio: 0.02, distinct: 198 },
    { name: 'Umsatz_2024_EUR', type: 'decimal', nullRatio: 0.15, distinct: 340 },
  ],
};

const UMSATZPLANUNG: FakeTable[] = [
  {
    name: 'Planung',
    rows: 96,
    columns: [
      { name: 'Monat', type: 'date', nullRatio: 0, distinct: 12 },
      { name: 'Produktlinie', type: 'text', nullRatio: 0, distinct: 8 },
      { name: 'Plan_Stück', type: 'integer', nullRatio: 0, distinct: 71 },
      { name: 'Plan_Umsatz_EUR', type: 'decimal', nullRatio: 0, distinct: 90 },
    ],
  },
  {
    name: 'Annahmen',
    rows: 14,
    columns: [
      { name: 'Annahme', type: 'text', nullRatio: 0, distinct: 14 },
      { name: 'Wert', type: 'decimal', nullRatio: 0.07, distinct: 13 },
    ],
  },
];

const REKLAMATION: FakeTable = {
  name: 'Reklamationen',
  rows: 0,
  columns: [
    { name: 'Reklamationsnummer', type: 'text', nullRatio: 0, distinct: 0 },
    { name: 'Eingangsdatum', type: 'date', nullRatio: 0.01, distinct: 0 },
    { name: 'Produkt', type: 'text', nullRatio: 0, distinct: 6 },
    { name: 'Seriennummer', type: 'text', nullRatio: 0.04, distinct: 0 },
    { name: 'Fehlerbild', type: 'text', nullRatio: 0.02, distinct: 0 },
    { name: 'Kunde', type: 'text', nullRatio: 0, distinct: 0 },
    {
      name: 'Melder',
      type: 'text',
      nullRatio: 0.12,
      distinct: 0,
      detections: [['person_name', 0.88]],
      example: 'J••••• V•••••••••',
      raw: ['Jürgen Vogelsang'],
    },
    { name: 'Status', type: 'text', nullRatio: 0, distinct: 4 },
  ],
};

const CAPA: FakeTable = {
  name: 'CAPA',
  rows: 137,
  columns: [
    { name: 'CAPA-Nr', type: 'text', nullRatio: 0, distinct: 137 },
    { name: 'Eröffnet', type: 'date', nullRatio: 0, distinct: 121 },
    { name: 'Ursache', type: 'text', nullRatio: 0.09, distinct: 130 },
    { name: 'Maßnahme', type: 'text', nullRatio: 0.04, distinct: 133 },
    { name: 'Verantwortlich', type: 'text', nullRatio: 0, distinct: 11, detections: [['person_name', 0.72]], example: 'S. R•••••' },
    { name: 'Wirksam', type: 'boolean', nullRatio: 0.22, distinct: 2 },
  ],
};

const FHIR_TABLES: FakeTable[] = [
  {
    name: 'Patient',
    rows: 1,
    columns: [
      { name: 'id', type: 'text', nullRatio: 0, distinct: 1, detections: [['patient_id', 1]], example: 'pat-••••••-7f' },
      { name: 'birthDate', type: 'date', nullRatio: 0, distinct: 1, detections: [['birth_date', 1]], example: '19••-••-••' },
      { name: 'gender', type: 'text', nullRatio: 0, distinct: 2 },
      {
        name: 'name.family',
        type: 'text',
        nullRatio: 0,
        distinct: 1,
        detections: [['last_name', 0.97]],
        example: 'B•••••••',
        raw: ['Hannelore Brückner'],
      },
    ],
  },
  {
    name: 'Observation',
    rows: 46,
    columns: [
      { name: 'code.coding.code', type: 'text', nullRatio: 0, distinct: 31, detections: [['loinc', 1]], example: '2345-7' },
      { name: 'valueQuantity.value', type: 'decimal', nullRatio: 0.02, distinct: 44 },
      { name: 'valueQuantity.unit', type: 'text', nullRatio: 0.02, distinct: 12, detections: [['ucum_unit', 0.98]], example: 'mg/dL' },
      { name: 'effectiveDateTime', type: 'datetime', nullRatio: 0, distinct: 40 },
    ],
  },
  {
    name: 'Condition',
    rows: 4,
    columns: [
      { name: 'code.coding.code', type: 'text', nullRatio: 0, distinct: 4, detections: [['icd10gm', 1]], example: 'I50.1' },
      { name: 'onsetDateTime', type: 'datetime', nullRatio: 0.25, distinct: 3 },
    ],
  },
];

const HL7_TABLE: FakeTable = {
  name: 'ADT^A01',
  rows: 1,
  columns: [
    { name: 'PID-3 Patienten-ID', type: 'text', nullRatio: 0, distinct: 1, detections: [['patient_id', 1]], example: '••••4711' },
    {
      name: 'PID-5 Name',
      type: 'text',
      nullRatio: 0,
      distinct: 1,
      detections: [['person_name', 1]],
      example: 'B•••••••^H•••••••',
    },
    { name: 'PID-7 Geburtsdatum', type: 'date', nullRatio: 0, distinct: 1, detections: [['birth_date', 1]], example: '19••••••' },
    { name: 'PV1-3 Station', type: 'text', nullRatio: 0, distinct: 1 },
    { name: 'DG1-3 Diagnose', type: 'text', nullRatio: 0.2, distinct: 1, detections: [['icd10gm', 1]], example: 'I48.0' },
  ],
};

const GDT_TABLE: FakeTable = {
  name: 'GDT 6310',
  rows: 1,
  columns: [
    { name: '3000 Patientennummer', type: 'text', nullRatio: 0, distinct: 1, detections: [['patient_id', 1]], example: '•••82' },
    { name: '3101 Name', type: 'text', nullRatio: 0, distinct: 1, detections: [['last_name', 1]], example: 'S•••••' },
    { name: '3103 Geburtsdatum', type: 'date', nullRatio: 0, distinct: 1, detections: [['birth_date', 1]], example: '••••19••' },
    { name: '8410 Test-Ident', type: 'text', nullRatio: 0, distinct: 1 },
    { name: '8420 Ergebnis', type: 'decimal', nullRatio: 0, distinct: 1 },
  ],
};

const DICOM_TABLE: FakeTable = {
  name: 'DICOM-Kopf',
  rows: 1,
  columns: [
    { name: 'PatientID', type: 'text', nullRatio: 0, distinct: 1, detections: [['patient_id', 1]], example: '••••-0093' },
    { name: 'PatientName', type: 'text', nullRatio: 0, distinct: 1, detections: [['person_name', 1]], example: 'B•••••••^H•••' },
    { name: 'PatientBirthDate', type: 'date', nullRatio: 0, distinct: 1, detections: [['birth_date', 1]], example: '19••••••' },
    { name: 'Modality', type: 'text', nullRatio: 0, distinct: 1, example: 'CT' },
    { name: 'StudyDate', type: 'date', nullRatio: 0, distinct: 1 },
    { name: 'Manufacturer', type: 'text', nullRatio: 0, distinct: 1 },
  ],
};

const LABOR: FakeTable = {
  name: 'Laborwerte_2024',
  rows: 24_315,
  columns: [
    { name: 'Fallnummer', type: 'text', nullRatio: 0, distinct: 1_870, detections: [['patient_id', 1]], example: 'F-•••••-21' },
    {
      name: 'KVNR',
      type: 'text',
      nullRatio: 0.04,
      distinct: 1_802,
      detections: [['kvnr', 0.99]],
      example: 'T•••••••50',
      raw: ['T438271950'],
    },
    {
      name: 'Geburtsdatum',
      type: 'date',
      nullRatio: 0.01,
      distinct: 1_650,
      detections: [['birth_date', 1]],
      example: '••.••.19••',
      raw: ['14.03.1957'],
    },
    { name: 'Abnahmedatum', type: 'date', nullRatio: 0, distinct: 366 },
    { name: 'LOINC', type: 'text', nullRatio: 0, distinct: 58, detections: [['loinc', 1]], example: '718-7' },
    { name: 'Messwert', type: 'decimal', nullRatio: 0.01, distinct: 9_840 },
    { name: 'Einheit', type: 'text', nullRatio: 0.01, distinct: 23, detections: [['ucum_unit', 0.97]], example: 'g/dL' },
    { name: 'Referenzbereich', type: 'text', nullRatio: 0.23, distinct: 71 },
  ],
};

const MASCHINE: FakeTable = {
  name: 'Messwerte',
  rows: 10_080,
  columns: [
    { name: 'Zeitstempel', type: 'datetime', nullRatio: 0, distinct: 10_080 },
    { name: 'Maschine', type: 'text', nullRatio: 0, distinct: 4 },
    { name: 'Temperatur_C', type: 'decimal', nullRatio: 0.002, distinct: 412 },
    { name: 'Druck_bar', type: 'decimal', nullRatio: 0.002, distinct: 188 },
    { name: 'Stueckzahl', type: 'integer', nullRatio: 0, distinct: 960 },
    { name: 'Ausschuss', type: 'integer', nullRatio: 0, distinct: 17 },
  ],
};

const STUECKLISTE: FakeTable = {
  name: 'Stückliste',
  rows: 286,
  columns: [
    { name: 'Position', type: 'integer', nullRatio: 0, distinct: 286 },
    { name: 'Teilenummer', type: 'text', nullRatio: 0, distinct: 281 },
    { name: 'Benennung', type: 'text', nullRatio: 0, distinct: 270 },
    { name: 'Menge', type: 'decimal', nullRatio: 0, distinct: 19 },
    { name: 'Lieferant', type: 'text', nullRatio: 0.05, distinct: 37 },
  ],
};

const MITARBEITER: FakeTable = {
  name: 'Mitarbeitende',
  rows: 48,
  columns: [
    { name: 'Personalnummer', type: 'integer', nullRatio: 0, distinct: 48 },
    { name: 'Vorname', type: 'text', nullRatio: 0, distinct: 41, detections: [['first_name', 1]], example: 'A•••' },
    {
      name: 'Nachname',
      type: 'text',
      nullRatio: 0,
      distinct: 47,
      detections: [['last_name', 1]],
      // Trap: an unmasked example, as a backend with a masking bug would send it.
      example: 'Schäfer-Oberhuber',
      raw: ['Schäfer-Oberhuber'],
    },
    { name: 'Geburtsdatum', type: 'date', nullRatio: 0, distinct: 48, detections: [['birth_date', 1]], example: '••.••.19••' },
    {
      name: 'Anschrift',
      type: 'text',
      nullRatio: 0,
      distinct: 48,
      detections: [['address', 0.98]],
      example: 'L••••••••• ••, 14•••',
      raw: ['Lindenallee 17'],
    },
    {
      name: 'Steuer-ID',
      type: 'text',
      nullRatio: 0,
      distinct: 48,
      detections: [['steuer_id', 1]],
      example: '•• ••• ••• •89',
      raw: ['65929970489'],
    },
    {
      name: 'IBAN',
      type: 'text',
      nullRatio: 0.02,
      distinct: 47,
      detections: [['iban', 1]],
      example: 'DE89 •••• •••• •••• •••• 00',
      raw: ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00'],
    },
    { name: 'Eintritt', type: 'date', nullRatio: 0, distinct: 46 },
    { name: 'Abteilung', type: 'text', nullRatio: 0, distinct: 7 },
  ],
};

const OMOP_TABLES: Record<string, FakeTable> = {
  person: {
    name: 'person',
    rows: 1_870,
    columns: [
      { name: 'person_id', type: 'integer', nullRatio: 0, distinct: 1_870, detections: [['patient_id', 0.9]], example: '•••12' },
      { name: 'gender_concept_id', type: 'integer', nullRatio: 0, distinct: 2 },
      { name: 'year_of_birth', type: 'integer', nullRatio: 0, distinct: 71 },
      { name: 'race_concept_id', type: 'integer', nullRatio: 0, distinct: 1 },
    ],
  },
  visit_occurrence: {
    name: 'visit_occurrence',
    rows: 6_412,
    columns: [
      { name: 'visit_occurrence_id', type: 'integer', nullRatio: 0, distinct: 6_412 },
      { name: 'person_id', type: 'integer', nullRatio: 0, distinct: 1_860 },
      { name: 'visit_concept_id', type: 'integer', nullRatio: 0, distinct: 3 },
      { name: 'visit_start_date', type: 'date', nullRatio: 0, distinct: 1_240 },
    ],
  },
  condition_occurrence: {
    name: 'condition_occurrence',
    rows: 9_904,
    columns: [
      { name: 'condition_occurrence_id', type: 'integer', nullRatio: 0, distinct: 9_904 },
      { name: 'person_id', type: 'integer', nullRatio: 0, distinct: 1_790 },
      { name: 'condition_concept_id', type: 'integer', nullRatio: 0, distinct: 402 },
      { name: 'condition_source_value', type: 'text', nullRatio: 0, distinct: 410, detections: [['icd10gm', 0.99]], example: 'I50.1' },
      { name: 'condition_start_date', type: 'date', nullRatio: 0, distinct: 1_300 },
    ],
  },
  measurement: {
    name: 'measurement',
    rows: 58_220,
    columns: [
      { name: 'measurement_id', type: 'integer', nullRatio: 0, distinct: 58_220 },
      { name: 'person_id', type: 'integer', nullRatio: 0, distinct: 1_850 },
      { name: 'measurement_source_value', type: 'text', nullRatio: 0, distinct: 64, detections: [['loinc', 1]], example: '2951-2' },
      { name: 'value_as_number', type: 'decimal', nullRatio: 0.03, distinct: 12_004 },
      { name: 'unit_source_value', type: 'text', nullRatio: 0.03, distinct: 21, detections: [['ucum_unit', 0.99]], example: 'mmol/L' },
    ],
  },
  drug_exposure: {
    name: 'drug_exposure',
    rows: 12_377,
    columns: [
      { name: 'drug_exposure_id', type: 'integer', nullRatio: 0, distinct: 12_377 },
      { name: 'person_id', type: 'integer', nullRatio: 0, distinct: 1_640 },
      { name: 'drug_source_value', type: 'text', nullRatio: 0, distinct: 188, detections: [['atc', 0.98]], example: 'C03CA01' },
      { name: 'drug_exposure_start_date', type: 'date', nullRatio: 0, distinct: 1_290 },
    ],
  },
};

// ------------------------------------------------------------------ datasets

function text(deMessage: string, deNext: string, enMessage: string, enNext: string): LocalText {
  return { de: { message: deMessage, nextStep: deNext }, en: { message: enMessage, nextStep: enNext } };
}

export const DATASETS: FakeDataset[] = [
  {
    id: 'kundenstamm',
    name: 'Kundenstamm 2024',
    quality: 74,
    interoperability: 58,
    directIdentifiers: ['E-Mail', 'Telefon'],
    findings: [
      {
        code: 'quality.duplicate_rows',
        severity: 'warning',
        dimension: 'quality',
        columns: ['Kundennummer'],
        text: text(
          '14 Kundennummern kommen mehrfach vor.',
          'Führen Sie die doppelten Kunden im Vertriebssystem zusammen und exportieren Sie die Liste neu.',
          '14 customer numbers occur more than once.',
          'Merge the duplicate customers in the sales system and export the list again.',
        ),
      },
      {
        code: 'interop.proprietary_spreadsheet',
        severity: 'info',
        dimension: 'interoperability',
        text: text(
          'Die Daten liegen nur als Excel-Tabelle vor, ohne Beschreibung der Spalten.',
          'Legen Sie eine kurze Spaltenbeschreibung (README) neben die Datei.',
          'The data exists only as an Excel sheet, without a description of its columns.',
          'Put a short column description (README) next to the file.',
        ),
      },
    ],
  },
  {
    id: 'angebote-2024',
    name: 'Angebote 2024',
    quality: 61,
    interoperability: 32,
    findings: [
      {
        code: 'interop.unstructured_documents',
        severity: 'info',
        dimension: 'interoperability',
        text: text(
          'Angebote liegen als PDF-Dokumente vor; Preise und Positionen sind nicht maschinenlesbar.',
          'Exportieren Sie Angebotsdaten zusätzlich als Tabelle aus dem ERP-System.',
          'Offers are stored as PDF documents; prices and items are not machine-readable.',
          'Also export offer data from the ERP system as a table.',
        ),
      },
    ],
  },
  {
    id: 'umsatzplanung-2025',
    name: 'Umsatzplanung 2025',
    quality: 88,
    interoperability: 61,
    findings: [],
  },
  {
    id: 'reklamationen-2024',
    name: 'Reklamationen 2024 (monatlich)',
    quality: 63,
    interoperability: 55,
    findings: [
      {
        code: 'quality.series_gap',
        severity: 'warning',
        dimension: 'quality',
        text: text(
          'In der Monatsreihe fehlt Juli 2024 (11 von 12 Monaten vorhanden).',
          'Suchen Sie die Juli-Datei (z. B. im Postfach des QM) und legen Sie sie in den Ordner „Reklamationen“.',
          'The monthly series is missing July 2024 (11 of 12 months present).',
          'Find the July file (e.g. in the QM mailbox) and put it into the “Reklamationen” folder.',
        ),
      },
      {
        code: 'quality.mixed_date_formats',
        severity: 'warning',
        dimension: 'quality',
        columns: ['Eingangsdatum'],
        text: text(
          'Das Eingangsdatum steht in zwei Schreibweisen (31.01.2024 und 2024-01-31).',
          'Legen Sie eine Schreibweise fest, am besten JJJJ-MM-TT, und stellen Sie die Vorlage darauf um.',
          'The date received is written in two ways (31.01.2024 and 2024-01-31).',
          'Agree on one format, preferably YYYY-MM-DD, and change the template accordingly.',
        ),
      },
      {
        code: 'interop.legacy_encoding',
        severity: 'info',
        dimension: 'interoperability',
        text: text(
          'Die Dateien sind in Windows-1252 gespeichert, nicht in UTF-8.',
          'Speichern Sie künftige Exporte als „CSV UTF-8“.',
          'The files are saved as Windows-1252, not UTF-8.',
          'Save future exports as “CSV UTF-8”.',
        ),
      },
    ],
  },
  {
    id: 'capa-liste',
    name: 'CAPA-Liste',
    quality: 71,
    interoperability: 52,
    findings: [
      {
        code: 'quality.completeness',
        severity: 'warning',
        dimension: 'quality',
        columns: ['Wirksam'],
        text: text(
          'Bei 22 % der Maßnahmen fehlt die Wirksamkeitsprüfung.',
          'Tragen Sie für abgeschlossene Maßnahmen das Ergebnis der Wirksamkeitsprüfung nach.',
          'The effectiveness check is missing for 22 % of the actions.',
          'Add the result of the effectiveness check for closed actions.',
        ),
      },
    ],
  },
  {
    id: 'fhir-klinikum',
    name: 'FHIR-Daten Klinikum Havelland',
    quality: 86,
    interoperability: 94,
    directIdentifiers: ['name.family'],
    findings: [],
  },
  {
    id: 'hl7-aufnahmen',
    name: 'HL7-Aufnahmemeldungen',
    quality: 79,
    interoperability: 81,
    directIdentifiers: ['PID-5 Name'],
    findings: [],
  },
  {
    id: 'gdt-ekg',
    name: 'EKG-Exporte (GDT)',
    quality: 77,
    interoperability: 66,
    directIdentifiers: ['3101 Name'],
    findings: [
      {
        code: 'interop.legacy_device_format',
        severity: 'info',
        dimension: 'interoperability',
        text: text(
          'GDT ist ein älteres Gerätedatenformat, das außerhalb der Arztpraxis kaum gelesen wird.',
          'Klären Sie mit dem Gerätehersteller, ob ein FHIR- oder CSV-Export möglich ist.',
          'GDT is an older device data format that is rarely read outside medical practices.',
          'Ask the device maker whether a FHIR or CSV export is available.',
        ),
      },
    ],
  },
  {
    id: 'dicom-ct',
    name: 'CT-Bilder (DICOM)',
    quality: 82,
    interoperability: 90,
    directIdentifiers: ['PatientName'],
    findings: [
      {
        code: 'quality.unreadable_files',
        severity: 'warning',
        dimension: 'quality',
        files: ['03_Klinik_Kooperation/DICOM/CT_0047.dcm'],
        text: text(
          'Eine Bilddatei ist abgeschnitten und kann nicht gelesen werden.',
          'Fordern Sie die Datei CT_0047.dcm beim Klinikum erneut an.',
          'One image file is truncated and cannot be read.',
          'Ask the hospital to send CT_0047.dcm again.',
        ),
      },
    ],
  },
  {
    id: 'laborwerte-2024',
    name: 'Laborwerte 2024',
    quality: 81,
    interoperability: 88,
    directIdentifiers: ['KVNR'],
    findings: [
      {
        code: 'quality.completeness',
        severity: 'warning',
        dimension: 'quality',
        columns: ['Referenzbereich'],
        text: text(
          'Bei 23 % der Messwerte fehlt der Referenzbereich.',
          'Bitten Sie das Labor, den Referenzbereich bei jedem Wert mitzuliefern.',
          'The reference range is missing for 23 % of the results.',
          'Ask the laboratory to include the reference range with every result.',
        ),
      },
    ],
  },
  {
    id: 'maschinendaten-linie1',
    name: 'Maschinendaten Linie 1',
    quality: 93,
    interoperability: 72,
    findings: [
      {
        code: 'interop.units_in_header',
        severity: 'info',
        dimension: 'interoperability',
        columns: ['Temperatur_C', 'Druck_bar'],
        text: text(
          'Einheiten stehen nur im Spaltennamen, nicht als eigene Angabe.',
          'Beschreiben Sie die Einheiten in einer Datenbeschreibung (z. B. „Cel“ und „bar“ nach UCUM).',
          'Units appear only in the column names, not as data of their own.',
          'Describe the units in a data description (e.g. “Cel” and “bar” after UCUM).',
        ),
      },
    ],
  },
  {
    id: 'pruefprotokolle',
    name: 'Prüfprotokolle Endkontrolle',
    quality: 66,
    interoperability: 30,
    findings: [
      {
        code: 'interop.unstructured_documents',
        severity: 'info',
        dimension: 'interoperability',
        text: text(
          'Prüfergebnisse stehen nur in PDF-Protokollen.',
          'Speichern Sie die Messwerte der Endkontrolle zusätzlich als CSV.',
          'Test results exist only in PDF reports.',
          'Also save the final inspection measurements as CSV.',
        ),
      },
    ],
  },
  {
    id: 'stueckliste-ip300',
    name: 'Stückliste IP-300',
    quality: 90,
    interoperability: 57,
    findings: [],
  },
  {
    id: 'mitarbeiterliste',
    name: 'Mitarbeiterliste 2024',
    quality: 92,
    interoperability: 54,
    directIdentifiers: ['Steuer-ID', 'IBAN'],
    findings: [],
  },
  {
    id: 'arbeitsvertraege',
    name: 'Arbeitsverträge',
    quality: 70,
    interoperability: 28,
    findings: [],
  },
  {
    id: 'omop-pmcf',
    name: 'Studiendaten PMCF (OMOP)',
    quality: 89,
    interoperability: 97,
    findings: [
      {
        code: 'quality.currentness',
        severity: 'info',
        dimension: 'quality',
        text: text(
          'Der neueste Eintrag ist vom 30. September 2025.',
          'Vereinbaren Sie mit dem Studienzentrum einen regelmäßigen Datenabzug.',
          'The newest record is from 30 September 2025.',
          'Agree on a regular data extract with the study centre.',
        ),
      },
    ],
  },
  {
    id: 'archiv',
    name: 'Archiv (gemischt)',
    quality: 38,
    interoperability: 35,
    directIdentifiers: ['Nachname'],
    findings: [
      {
        code: 'quality.outdated',
        severity: 'warning',
        dimension: 'quality',
        text: text(
          'Die neuesten Dateien im Archiv sind von 2021.',
          'Entscheiden Sie, was davon noch gebraucht wird, und löschen Sie den Rest nach Ihrer Aufbewahrungsregel.',
          'The newest files in the archive are from 2021.',
          'Decide what is still needed and delete the rest according to your retention rule.',
        ),
      },
      {
        code: 'quality.duplicate_files',
        severity: 'info',
        dimension: 'quality',
        files: ['99_Archiv/Kopie von Reklamationen_2024-03.csv'],
        text: text(
          'Eine Datei ist eine exakte Kopie einer Datei aus „02_Qualitaet“.',
          'Löschen Sie die Kopie, damit niemand mit einem veralteten Stand arbeitet.',
          'One file is an exact copy of a file in “02_Qualitaet”.',
          'Delete the copy so nobody works with an outdated version.',
        ),
      },
      {
        code: 'quality.unreadable_files',
        severity: 'warning',
        dimension: 'quality',
        files: ['99_Archiv/Altdaten_2015.zip', '99_Archiv/Lohnliste_2020_passwort.xlsx'],
        text: text(
          'Zwei Dateien lassen sich nicht öffnen (beschädigt oder mit Passwort).',
          'Klären Sie, ob jemand das Passwort kennt; sonst dokumentieren Sie die Dateien als nicht nutzbar.',
          'Two files cannot be opened (damaged or password-protected).',
          'Find out whether anyone knows the password; otherwise record the files as unusable.',
        ),
      },
    ],
  },
];

/** Messages of read errors, as the core would phrase them. */
export const ERROR_REASONS: Record<string, { de: string; en: string }> = {
  zip_truncated: {
    de: 'Das ZIP-Archiv ist unvollständig (abgeschnitten)',
    en: 'The ZIP archive is incomplete (truncated)',
  },
  encrypted: {
    de: 'Die Datei ist mit einem Passwort geschützt',
    en: 'The file is protected with a password',
  },
  truncated: {
    de: 'Die Datei endet mitten in den Daten',
    en: 'The file ends in the middle of its data',
  },
  permission_denied: {
    de: 'Keine Leseberechtigung für diesen Ordner',
    en: 'No permission to read this folder',
  },
};

// ------------------------------------------------------------------ files

interface FileSpec extends Partial<FakeFile> {
  path: string;
  dataset: string;
  format: string;
}

function file(spec: FileSpec, random: () => number): FakeFile {
  return {
    size: Math.round(20_000 + random() * 400_000),
    modified: iso(2024, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 27)),
    formatDetail: null,
    encoding: null,
    readable: true,
    errorCode: null,
    duplicateOf: null,
    personal: false,
    special: false,
    codeSystems: [],
    tables: [],
    ...spec,
  };
}

/** The example share: about 400 files in the folders of the brief. Deterministic for a seed. */
export function exampleShareFiles(seed = 42): FakeFile[] {
  const random = seededRandom(seed);
  const out: FakeFile[] = [];
  const add = (spec: FileSpec) => out.push(file(spec, random));

  // 01_Vertrieb
  add({
    path: '01_Vertrieb/Kundenstamm_2024.xlsx',
    dataset: 'kundenstamm',
    format: 'xlsx',
    size: 186_402,
    modified: iso(2024, 12, 18),
    personal: true,
    tables: [KUNDEN],
    preview: 'Kundennummer;Klinik;Ansprechpartner;E-Mail\n10017;Klinikum Havelland;Dr. Martina Kowalczyk;m.kowalczyk@klinikum-havelland.de',
  });
  for (let i = 1; i <= 18; i++) {
    add({
      path: `01_Vertrieb/Angebote/Angebot_2024-${pad(i, 3)}.pdf`,
      dataset: 'angebote-2024',
      format: 'pdf',
      formatDetail: 'PDF 1.7',
    });
  }
  add({
    path: '01_Vertrieb/Umsatzplanung_2025.xlsx',
    dataset: 'umsatzplanung-2025',
    format: 'xlsx',
    size: 48_220,
    modified: iso(2025, 1, 9),
    tables: UMSATZPLANUNG,
  });

  // 02_Qualitaet: monthly complaints, July missing
  for (let m = 1; m <= 12; m++) {
    if (m === 7) continue;
    const rows = 40 + Math.floor(random() * 45);
    add({
      path: `02_Qualitaet/Reklamationen/Reklamationen_2024-${pad(m)}.csv`,
      dataset: 'reklamationen-2024',
      format: 'csv',
      encoding: 'windows-1252',
      personal: true,
      size: rows * 212,
      modified: iso(m === 12 ? 2025 : 2024, m === 12 ? 1 : m + 1, 3),
      tables: [
        {
          ...REKLAMATION,
          name: `Reklamationen_2024-${pad(m)}`,
          rows,
          columns: REKLAMATION.columns.map((c) => ({ ...c, distinct: c.distinct || Math.round(rows * 0.9) })),
        },
      ],
    });
  }
  add({
    path: '02_Qualitaet/CAPA_Liste.xlsx',
    dataset: 'capa-liste',
    format: 'xlsx',
    size: 77_310,
    modified: iso(2025, 2, 11),
    personal: true,
    tables: [CAPA],
  });

  // 03_Klinik_Kooperation
  for (let i = 1; i <= 40; i++) {
    add({
      path: `03_Klinik_Kooperation/FHIR/bundle_${pad(i, 4)}.json`,
      dataset: 'fhir-klinikum',
      format: 'fhir-json',
      formatDetail: 'FHIR R4 Bundle',
      encoding: 'utf-8',
      personal: true,
      special: true,
      codeSystems: ['LOINC', 'ICD-10-GM', 'UCUM'],
      tables: FHIR_TABLES,
    });
  }
  for (let i = 1; i <= 25; i++) {
    add({
      path: `03_Klinik_Kooperation/HL7/ADT_A01_${pad(i, 4)}.hl7`,
      dataset: 'hl7-aufnahmen',
      format: 'hl7v2',
      formatDetail: 'HL7 v2.5 ADT^A01',
      encoding: 'iso-8859-15',
      size: 1_800 + Math.floor(random() * 900),
      personal: true,
      special: true,
      codeSystems: ['ICD-10-GM'],
      tables: [HL7_TABLE],
    });
  }
  for (let i = 1; i <= 30; i++) {
    add({
      path: `03_Klinik_Kooperation/GDT/EKG_${pad(i, 4)}.gdt`,
      dataset: 'gdt-ekg',
      format: 'gdt',
      formatDetail: 'GDT 02.10',
      encoding: 'iso-8859-15',
      size: 900 + Math.floor(random() * 600),
      personal: true,
      special: true,
      tables: [GDT_TABLE],
    });
  }
  for (let i = 1; i <= 60; i++) {
    const broken = i === 47;
    add({
      path: `03_Klinik_Kooperation/DICOM/CT_${pad(i, 4)}.dcm`,
      dataset: 'dicom-ct',
      format: 'dicom',
      formatDetail: 'DICOM CT Image Storage',
      size: 520_000 + Math.floor(random() * 40_000),
      personal: !broken,
      special: !broken,
      readable: !broken,
      errorCode: broken ? 'truncated' : null,
      tables: broken ? [] : [DICOM_TABLE],
    });
  }
  add({
    path: '03_Klinik_Kooperation/Labor/Laborwerte_2024.csv',
    dataset: 'laborwerte-2024',
    format: 'csv',
    encoding: 'utf-8',
    size: 2_318_440,
    modified: iso(2025, 1, 14),
    personal: true,
    special: true,
    codeSystems: ['LOINC', 'UCUM'],
    tables: [LABOR],
    preview: 'Fallnummer,KVNR,Geburtsdatum,LOINC\nF-10293-21,T438271950,14.03.1957,718-7',
  });

  // 04_Produktion
  for (let w = 1; w <= 52; w++) {
    add({
      path: `04_Produktion/Maschinendaten/Linie1_2024-W${pad(w)}.csv`,
      dataset: 'maschinendaten-linie1',
      format: 'csv',
      encoding: 'utf-8',
      size: 610_000 + Math.floor(random() * 30_000),
      modified: iso(2024, Math.min(12, 1 + Math.floor((w - 1) / 4.35)), 1 + ((w * 7) % 27)),
      tables: [MASCHINE],
    });
  }
  for (let i = 1; i <= 35; i++) {
    add({
      path: `04_Produktion/Pruefprotokolle/Endkontrolle_IP300_${pad(i, 3)}.pdf`,
      dataset: 'pruefprotokolle',
      format: 'pdf',
      formatDetail: 'PDF/A-2b',
    });
  }
  add({
    path: '04_Produktion/Stueckliste_IP300.xlsx',
    dataset: 'stueckliste-ip300',
    format: 'xlsx',
    size: 64_118,
    tables: [STUECKLISTE],
  });

  // 05_Personal
  add({
    path: '05_Personal/Mitarbeiterliste_2024.xlsx',
    dataset: 'mitarbeiterliste',
    format: 'xlsx',
    size: 31_774,
    modified: iso(2024, 11, 4),
    personal: true,
    tables: [MITARBEITER],
    preview: 'Personalnummer;Vorname;Nachname;IBAN\n1042;Anke;Schäfer-Oberhuber;DE89370400440532013000',
  });
  for (let i = 1; i <= 48; i++) {
    add({
      path: `05_Personal/Arbeitsvertraege/Vertrag_${pad(1000 + i, 4)}.pdf`,
      dataset: 'arbeitsvertraege',
      format: 'pdf',
      personal: true,
    });
  }
  add({
    path: '05_Personal/Gehaltsabrechnungen',
    dataset: 'arbeitsvertraege',
    format: 'folder',
    size: 0,
    readable: false,
    errorCode: 'permission_denied',
  });

  // 06_Studien (OMOP)
  for (const [name, table] of Object.entries(OMOP_TABLES)) {
    add({
      path: `06_Studien/OMOP/${name}.csv`,
      dataset: 'omop-pmcf',
      format: 'csv',
      formatDetail: 'OMOP CDM 5.4',
      encoding: 'utf-8',
      size: table.rows * 64,
      modified: iso(2025, 10, 2),
      personal: true,
      special: true,
      codeSystems: ['OMOP', 'ICD-10-GM', 'LOINC', 'ATC', 'UCUM'].filter(
        (s) => s === 'OMOP' || table.columns.some((c) => c.detections?.some(([k]) => kindSystem(k) === s)),
      ),
      tables: [table],
    });
  }

  // 99_Archiv
  add({
    path: '99_Archiv/Kundenstamm_2019.xls',
    dataset: 'archiv',
    format: 'xls',
    size: 142_336,
    modified: iso(2019, 12, 20),
    personal: true,
    tables: [{ ...KUNDEN, rows: 301 }],
  });
  add({
    path: '99_Archiv/Mitarbeiterliste_2021.xlsx',
    dataset: 'archiv',
    format: 'xlsx',
    size: 28_410,
    modified: iso(2021, 3, 15),
    personal: true,
    tables: [{ ...MITARBEITER, rows: 41 }],
  });
  add({
    path: '99_Archiv/Kopie von Reklamationen_2024-03.csv',
    dataset: 'archiv',
    format: 'csv',
    encoding: 'windows-1252',
    size: 11_024,
    modified: iso(2021, 4, 2),
    personal: true,
    duplicateOf: '02_Qualitaet/Reklamationen/Reklamationen_2024-03.csv',
    tables: [{ ...REKLAMATION, rows: 52 }],
  });
  add({
    path: '99_Archiv/Altdaten_2015.zip',
    dataset: 'archiv',
    format: 'archive',
    size: 48_113_920,
    modified: iso(2016, 1, 8),
    readable: false,
    errorCode: 'zip_truncated',
  });
  add({
    path: '99_Archiv/Lohnliste_2020_passwort.xlsx',
    dataset: 'archiv',
    format: 'xlsx',
    size: 54_016,
    modified: iso(2020, 12, 30),
    readable: false,
    errorCode: 'encrypted',
  });
  return out;
}

function kindSystem(kind: DetectionKind): string | null {
  switch (kind) {
    case 'icd10gm':
      return 'ICD-10-GM';
    case 'loinc':
      return 'LOINC';
    case 'atc':
      return 'ATC';
    case 'ucum_unit':
      return 'UCUM';
    default:
      return null;
  }
}

/** The dataset that takes the generated files of a large share. */
export const BULK_DATASET: FakeDataset = {
  id: 'messdaten-archiv',
  name: 'Messdaten-Archiv Linien 1–4',
  quality: 84,
  interoperability: 70,
  findings: [
    {
      code: 'quality.many_small_files',
      severity: 'info',
      dimension: 'quality',
      text: text(
        'Die Messdaten liegen in sehr vielen kleinen Dateien.',
        'Fassen Sie alte Messreihen je Monat zu einer Datei zusammen.',
        'The measurements are spread over a great many small files.',
        'Combine old measurement series into one file per month.',
      ),
    },
  ],
};

/**
 * Adds generated measurement files until the share has `total` files (for the scaling
 * test). The added files form one dataset, like a real sensor archive would.
 */
export function growShare(files: FakeFile[], total: number, seed = 7): FakeFile[] {
  const random = seededRandom(seed);
  const out = files.slice();
  let n = 0;
  while (out.length < total) {
    const line = 1 + (n % 4);
    const day = Math.floor(n / 4);
    const year = 2019 + Math.floor(day / (12 * 28 * 24)) % 6;
    const month = 1 + (Math.floor(day / (28 * 24)) % 12);
    const dom = 1 + (Math.floor(day / 24) % 28);
    const hour = day % 24;
    out.push({
      path: `04_Produktion/Maschinendaten/Archiv/Linie${line}/${year}/${pad(month)}/Messung_${year}${pad(month)}${pad(dom)}_${pad(hour)}00.csv`,
      size: 4_000 + Math.floor(random() * 12_000),
      modified: iso(year, month, dom, hour),
      format: 'csv',
      formatDetail: null,
      encoding: 'utf-8',
      readable: true,
      errorCode: null,
      duplicateOf: null,
      personal: false,
      special: false,
      codeSystems: [],
      tables: [{ ...MASCHINE, rows: 60 }],
      dataset: BULK_DATASET.id,
    });
    n++;
  }
  return out;
}
