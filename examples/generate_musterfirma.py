#!/usr/bin/env python3
"""Generates the bundled example file share `examples/musterfirma/` and its truth manifest.

The share belongs to "Muster Medizintechnik GmbH", a fictitious German MedTech KMU
(about 40 employees) that develops class IIa AI software flagging anomalies in lab
values and ECGs, together with one partner clinic. Every person, address, company,
identifier and e-mail address in it is invented; identifiers carry valid check digits
computed here (IBAN mod 97, KVNR, Steuer-ID ISO 7064 MOD 11,10 with the repetition
rule, USt-IdNr, LOINC mod 10, SNOMED CT Verhoeff).

Usage (Python 3.11, deps pinned in examples/requirements.txt):

    python3 -m venv /tmp/mgen && /tmp/mgen/bin/pip install -r examples/requirements.txt
    /tmp/mgen/bin/python examples/generate_musterfirma.py            # writes examples/musterfirma
    /tmp/mgen/bin/python examples/generate_musterfirma.py --check    # regenerates into a temp dir
                                                                      # and compares with the committed files,
                                                                      # then re-checks the manifest's claims

Same seed -> same bytes: ZIP entry times, XLSX/ODS document properties and DICOM UIDs
are pinned; nothing reads the clock. The generated files are committed, so nothing needs
Python at run time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import filecmp
import hashlib
import io
import json
import math
import random
import re
import shutil
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

SEED = 20250115
ROOT_NAME = "musterfirma"
COMPANY = "Muster Medizintechnik GmbH"
COMPANY_DOMAIN = "muster-medizintechnik.example"
SNAPSHOT = dt.date(2025, 1, 15)  # the day the share was "copied"; all data is older
ZIP_TIME = (2025, 1, 15, 9, 30, 0)
FIXED_DT = dt.datetime(2025, 1, 15, 9, 30, 0)

# --------------------------------------------------------------------------------------
# check digits
# --------------------------------------------------------------------------------------


def iban_check(country: str, bban: str) -> str:
    """Two check digits of an IBAN (ISO 13616, mod 97-10)."""
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(digits) % 97:02d}"


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


def kvnr_check(letter: str, eight: str) -> str:
    """Check digit of a KVNR (unveraenderbarer Teil, sec. 290 SGB V): letter as 01..26,
    then the ten digits weighted 1,2,1,2,... with cross sums, sum mod 10."""
    digits = f"{ord(letter) - 64:02d}" + eight
    total = 0
    for i, c in enumerate(digits):
        p = int(c) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return str(total % 10)


def iso7064_mod11_10(digits: str) -> str:
    """ISO 7064 MOD 11,10 check digit (Steuer-ID, German USt-IdNr)."""
    product = 10
    for c in digits:
        s = (int(c) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def steuer_id_valid(sid: str) -> bool:
    if len(sid) != 11 or not sid.isdigit() or sid[0] == "0":
        return False
    body = sid[:10]
    counts = {d: body.count(d) for d in set(body)}
    multi = [d for d, n in counts.items() if n > 1]
    if len(multi) != 1 or counts[multi[0]] not in (2, 3):
        return False
    if counts[multi[0]] == 3 and multi[0] * 3 in body:
        return False
    return iso7064_mod11_10(body) == sid[10]


def luhn_check(digits: str) -> str:
    """Mod 10 check digit as LOINC uses it (Luhn)."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d = d // 10 + d % 10
        total += d
    return str((10 - total % 10) % 10)


def loinc_valid(code: str) -> bool:
    body, check = code.split("-")
    return luhn_check(body) == check


_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
       [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
       [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
       [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
       [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
       [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]


def verhoeff_valid(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def self_test() -> None:
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert iban_check("DE", "370400440532013000") == "89"
    assert kvnr_check("A", "12345678") == "0"  # A123456780, the usual valid example
    assert steuer_id_valid("86095742719")
    assert not steuer_id_valid("86095742718")
    assert iso7064_mod11_10("13669597") == "6"  # DE136695976
    for code in LOINC.values():
        assert loinc_valid(code[0]), code
    for code, _ in SNOMED.values():
        assert verhoeff_valid(code), code


# --------------------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------------------

FIRST_F = ["Anna", "Maria", "Julia", "Katrin", "Sabine", "Claudia", "Stefanie", "Laura", "Sophie",
           "Monika", "Petra", "Birgit", "Nicole", "Sandra", "Jutta", "Franziska", "Bärbel",
           "Hannelore", "Gisela", "Renate", "Sarah", "Annika", "Kerstin", "Heike", "Doris",
           "Christiane", "Susanne", "Martina", "Andrea", "Jessica", "Vanessa", "Lea", "Jördis"]
FIRST_M = ["Thomas", "Michael", "Andreas", "Stefan", "Frank", "Jürgen", "Klaus", "Peter", "Markus",
           "Tobias", "Florian", "Sebastian", "Matthias", "Christian", "Björn", "Uwe", "Dieter",
           "Lukas", "Jonas", "Felix", "Martin", "Ralf", "Holger", "Jörg", "Wolfgang", "Bernd",
           "Torsten", "Sven", "Dirk", "Karsten", "René", "Maximilian", "Hans-Peter"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
        "Hoffmann", "Schäfer", "Bauer", "Richter", "Wolf", "Schröder", "Neumann", "Zimmermann",
        "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
        "Lehmann", "Schulze", "Maier", "Köhler", "Herrmann", "Walter", "Mayer", "Huber", "Peters",
        "Scholz", "Möller", "Weiß", "Hahn", "Schubert", "Friedrich", "Keller", "Günther", "Berger",
        "Winkler", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Ludwig", "Böhm",
        "Kraus", "Schumacher", "Krämer", "Vogt", "Jäger", "Seidel", "Heinrich", "Brandt",
        "Schreiber", "Dietrich", "Ziegler", "Kühn", "Pohl", "Bergmann", "Voigt", "Sauer", "Arnold",
        "Wolff", "Pfeiffer", "Thiele", "Ebert", "Kaufmann", "Hübner", "Busse", "Gerlach", "Reuter"]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Lindenstraße", "Bergstraße",
           "Kirchstraße", "Waldstraße", "Ringstraße", "Birkenweg", "Ahornweg", "Am Mühlbach", "Wiesenweg",
           "Rosenstraße", "Mozartstraße", "Goethestraße", "Schillerstraße", "Feldweg", "Am Anger",
           "Lessingstraße", "Eichendorffweg", "Uhlandstraße", "Am Sportplatz", "Fliederweg"]
# (postcode, city, area code)
CITIES = [("04103", "Leipzig", "0341"), ("04277", "Leipzig", "0341"), ("04159", "Leipzig", "0341"),
          ("01069", "Dresden", "0351"), ("01309", "Dresden", "0351"), ("99084", "Erfurt", "0361"),
          ("06108", "Halle (Saale)", "0345"), ("39104", "Magdeburg", "0391"), ("10437", "Berlin", "030"),
          ("12043", "Berlin", "030"), ("07743", "Jena", "03641"), ("09111", "Chemnitz", "0371"),
          ("04600", "Altenburg", "03447"), ("04808", "Wurzen", "03425")]
MOBILE = ["0151", "0152", "0160", "0170", "0171", "0172", "0176", "0157"]
PLACES = ["Nordaue", "Lindenhain", "Saalbrück", "Mühlbachtal", "Eichenfelde", "Birkenhöhe", "Talbrunn",
          "Westerhain", "Sonnenau", "Kiefernheide", "Auenwald", "Rabenstein-Süd", "Wiesengrund"]

# LOINC: name -> (code, display, UCUM unit, low, high, decimals)
LOINC = {
    "Glukose": ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 60, 180, 0),
    "Hämoglobin": ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 9, 17, 1),
    "Kreatinin": ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 0.5, 2.4, 2),
    "Leukozyten": ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 3, 14, 1),
    "Thrombozyten": ("777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", 120, 420, 0),
    "Kalium": ("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", 3.2, 5.9, 1),
    "Natrium": ("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", 130, 148, 0),
    "ALT": ("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", 8, 90, 0),
    "HbA1c": ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 4.8, 9.5, 1),
    "Cholesterin": ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 140, 290, 0),
    "Herzfrequenz": ("8867-4", "Heart rate", "/min", 48, 120, 0),
    "PQ-Zeit": ("8625-6", "P-R Interval", "ms", 120, 220, 0),
    "QRS-Dauer": ("8633-0", "QRS duration", "ms", 70, 130, 0),
    "QT-Zeit": ("8634-8", "Q-T interval", "ms", 340, 480, 0),
}
LAB_ANALYTES = ["Glukose", "Hämoglobin", "Kreatinin", "Leukozyten", "Thrombozyten", "Kalium", "Natrium",
                "ALT", "HbA1c", "Cholesterin"]
ECG_ANALYTES = ["Herzfrequenz", "PQ-Zeit", "QRS-Dauer", "QT-Zeit"]
REF = {"Glukose": "70-99", "Hämoglobin": "12-16", "Kreatinin": "0.6-1.2", "Leukozyten": "4-10",
       "Thrombozyten": "150-400", "Kalium": "3.5-5.1", "Natrium": "135-145", "ALT": "10-50",
       "HbA1c": "4-6", "Cholesterin": "0-200"}

# ICD-10-GM 2024 (code, German text, OMOP standard concept id, SNOMED CT key)
ICD = [("I48.0", "Vorhofflimmern, paroxysmal", 313217, "af"),
       ("I10.90", "Essentielle Hypertonie, nicht näher bezeichnet: Ohne Angabe einer hypertensiven Krise", 320128, "htn"),
       ("E11.90", "Diabetes mellitus, Typ 2: Ohne Komplikationen: Nicht als entgleist bezeichnet", 201826, "t2dm"),
       ("I21.4", "Akuter subendokardialer Myokardinfarkt", 4329847, "mi"),
       ("N18.3", "Chronische Nierenkrankheit, Stadium 3", 443614, None),
       ("E78.0", "Reine Hypercholesterinämie", 437827, None),
       ("I45.81", "Long-QT-Syndrom", 314664, None),
       ("E87.5", "Hyperkaliämie", 434610, None)]
SNOMED = {"af": ("49436004", "Atrial fibrillation"), "htn": ("38341003", "Hypertensive disorder"),
          "t2dm": ("44054006", "Diabetes mellitus type 2"), "mi": ("22298006", "Myocardial infarction"),
          "heart": ("80891009", "Heart structure")}
# OPS 2024
OPS = [("1-275.0", "Transarterielle Linksherz-Katheteruntersuchung: Koronarangiographie ohne weitere Maßnahmen"),
       ("3-052", "Transösophageale Echokardiographie [TEE]"),
       ("8-640.0", "Externe elektrische Defibrillation (Kardioversion) des Herzrhythmus: Synchronisiert (Kardioversion)"),
       ("1-266.0", "Elektrophysiologische Untersuchung des Herzens, nicht kathetergestützt: Bei implantiertem Schrittmacher")]

ICD_SYSTEM = "http://fhir.de/CodeSystem/bfarm/icd-10-gm"
OPS_SYSTEM = "http://fhir.de/CodeSystem/bfarm/ops"


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def translit(s: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("Ä", "Ae"), ("Ö", "Oe"),
                 ("Ü", "Ue"), ("é", "e"), (" ", "-")):
        s = s.replace(a, b)
    return s.lower()


def de_number(x: float, decimals: int = 2) -> str:
    """German number format: 1.234,56"""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


def ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


class Share:
    """Collects the files written and the truth about each."""

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng
        self.files: dict[str, dict] = {}
        self.datasets: list[dict] = []
        self.defects: list[dict] = []
        self.used_names: set[tuple[str, str]] = set()
        self.used_ids: set[str] = set()

    def write(self, rel: str, data: bytes, **truth) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        entry = {"path": rel}
        entry.update(truth)
        entry.setdefault("extension_mismatch", False)
        entry.setdefault("readable", True)
        entry.setdefault("personal_data", False)
        entry.setdefault("special_category", False)
        entry.setdefault("code_systems", [])
        entry["size"] = len(data)
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        self.files[rel] = entry

    # ---- people -------------------------------------------------------------------

    def person(self, sex: str | None = None, born: tuple[int, int] = (1950, 2000)) -> dict:
        rng = self.rng
        sex = sex or rng.choice("fm")
        while True:
            first = rng.choice(FIRST_F if sex == "f" else FIRST_M)
            last = rng.choice(LAST)
            if (first, last) not in self.used_names:
                self.used_names.add((first, last))
                break
        birth = dt.date(rng.randint(*born), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        plz, city, area = rng.choice(CITIES)
        street = f"{rng.choice(STREETS)} {rng.randint(1, 98)}{rng.choice(['', '', '', 'a', 'b'])}"
        return {"first": first, "last": last, "sex": sex, "birth": birth, "street": street,
                "plz": plz, "city": city, "area": area}

    def unique(self, make) -> str:
        while True:
            v = make()
            if v not in self.used_ids:
                self.used_ids.add(v)
                return v

    def iban(self) -> str:
        rng = self.rng

        def make():
            blz = f"{rng.choice([100, 120, 130, 200, 250, 300, 370, 430, 500, 600, 700, 800, 860])}" \
                  f"{rng.randint(0, 99999):05d}"
            acct = f"{rng.randint(0, 9999999999):010d}"
            bban = blz + acct
            raw = "DE" + iban_check("DE", bban) + bban
            return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
        v = self.unique(make)
        assert iban_valid(v)
        return v

    def kvnr(self) -> str:
        rng = self.rng

        def make():
            letter = chr(65 + rng.randint(0, 25))
            eight = f"{rng.randint(0, 99999999):08d}"
            return letter + eight + kvnr_check(letter, eight)
        return self.unique(make)

    def steuer_id(self) -> str:
        rng = self.rng

        def make():
            while True:
                digits = list("0123456789")
                rng.shuffle(digits)
                drop = digits.pop()
                dup = rng.choice(digits)
                digits.insert(rng.randint(0, 9), dup)
                assert drop not in digits
                body = "".join(digits)
                if body[0] != "0":
                    sid = body + iso7064_mod11_10(body)
                    if steuer_id_valid(sid):
                        return sid
        return self.unique(make)

    def phone(self, area: str, style: int | None = None, mobile: bool = False) -> str:
        rng = self.rng

        def make():
            pre = rng.choice(MOBILE) if mobile else area
            num = str(rng.randint(2000000, 9899999)) if len(pre) <= 4 else str(rng.randint(20000, 98999))
            s = style if style is not None else rng.randint(0, 3)
            if s == 0:
                return f"{pre} {num}"
            if s == 1:
                return f"+49 {pre[1:]} {num}"
            if s == 2:
                return f"{pre}/{num}"
            return f"+49 (0){pre[1:]} {num[:3]} {num[3:]}"
        return self.unique(make)


def fixed_zip(entries: list[tuple[str, bytes, bool]]) -> bytes:
    """A ZIP with pinned entry times; entries are (name, data, compress)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, compress in entries:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            zi.create_system = 0
            zi.external_attr = 0
            z.writestr(zi, data)
    return buf.getvalue()


def repack_zip(data: bytes, transform=None) -> bytes:
    """Rewrites a ZIP written by a library with pinned entry times (order kept)."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            content = z.read(info)
            if transform:
                content = transform(info.filename, content)
            entries.append((info.filename, content, info.compress_type != zipfile.ZIP_STORED))
    return fixed_zip(entries)


def pin_office_dates(name: str, content: bytes) -> bytes:
    stamp = FIXED_DT.strftime("%Y-%m-%dT%H:%M:%S")
    if name == "docProps/core.xml":
        content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                         lambda m: m.group(1) + stamp.encode() + b"Z" + m.group(2), content)
    if name == "meta.xml":
        content = re.sub(rb"(<(?:meta:creation-date|dc:date)>)[^<]*(<)",
                         lambda m: m.group(1) + stamp.encode() + m.group(2), content)
    return content


def csv_bytes(rows: list[list[str]], delimiter: str, encoding: str, crlf: bool, bom: bool = False) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                   quoting=csv.QUOTE_MINIMAL)
    w.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def simple_pdf(lines: list[str], title: str, author: str) -> bytes:
    """A one-page PDF 1.4 with Helvetica text (WinAnsiEncoding), pinned dates and ID."""
    def esc(s: str) -> bytes:
        b = s.encode("cp1252")
        return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT\n/F1 10 Tf\n14 TL\n56 790 Td\n"
    for line in lines:
        if line.startswith("# "):
            stream += b"/F2 13 Tf\n(" + esc(line[2:]) + b") Tj T*\n/F1 10 Tf\n"
        else:
            stream += b"(" + esc(line) + b") Tj T*\n"
    stream += b"ET\n"
    date = b"D:20241105093000+01'00'"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Title (" + esc(title) + b") /Author (" + esc(author) + b") /Creator (Muster Office) /CreationDate ("
        + date + b") /ModDate (" + date + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    fid = hashlib.md5(stream).hexdigest().upper().encode()
    out += (b"trailer\n<< /Size " + str(len(objs) + 1).encode() + b" /Root 1 0 R /Info 7 0 R /ID [<" + fid
            + b"> <" + fid + b">] >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n")
    return bytes(out)


def xlsx_bytes(wb) -> bytes:
    wb.properties.creator = COMPANY
    wb.properties.lastModifiedBy = COMPANY
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    buf = io.BytesIO()
    wb.save(buf)
    return repack_zip(buf.getvalue(), pin_office_dates)


# --------------------------------------------------------------------------------------
# the folders
# --------------------------------------------------------------------------------------


def gen_vertrieb(sh: Share) -> list[dict]:
    """01_Vertrieb: customers (clinics, labs, practices) with contact persons, suppliers with
    role addresses, two offers as PDF. Returns the customers (used by complaints)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    rng = sh.rng
    kinds = ["Klinikum", "Herzzentrum", "MVZ Labordiagnostik", "Kreiskrankenhaus", "Praxisklinik",
             "Kardiologie-Zentrum", "Labor Dr. Becker & Kollegen", "Evangelisches Krankenhaus"]
    customers = []
    used = set()
    while len(customers) < 26:
        kind = rng.choice(kinds)
        place = rng.choice(PLACES)
        name = f"{kind} {place}"
        if name in used:
            continue
        used.add(name)
        legal = rng.choice(["gGmbH", "GmbH", "GmbH", "MVZ GmbH", "AöR"]) if "Labor Dr." not in kind else "GbR"
        firma = f"{name} {legal}"
        p = sh.person(born=(1958, 1992))
        title = rng.choice(["", "", "Dr. med.", "Dr.", "Prof. Dr."])
        domain = translit(f"{kind.split()[0]}-{place}") + ".example"
        email = f"{translit(p['first'])}.{translit(p['last'])}@{domain}"
        phone = sh.phone(p["area"])
        customers.append({
            "nr": f"K-{10000 + len(customers) * 37 + rng.randint(0, 30)}", "firma": firma, "title": title,
            "person": p, "role": rng.choice(["Chefarzt Kardiologie", "Laborleitung", "Einkauf", "IT-Leitung",
                                             "Medizincontrolling", "Oberärztin Innere", "Qualitätsmanagement"]),
            "email": email, "phone": phone, "since": dt.date(rng.randint(2018, 2024), rng.randint(1, 12), 1),
            "revenue": [round(rng.uniform(0, 48000), 2) for _ in range(4)], "place": place,
        })

    wb = Workbook()
    ws = wb.active
    ws.title = "Kunden"
    ws["A1"] = f"Kundenkontakte {COMPANY} – Stand {ddmmyyyy(SNAPSHOT)}"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:L1")
    header = ["Kunden-Nr", "Firma", "Titel", "Vorname", "Nachname", "Funktion", "E-Mail", "Telefon",
              "Straße", "PLZ", "Ort", "Kunde seit"]
    ws.append([])
    ws.append(header)
    for c in ws[3]:
        c.font = Font(bold=True)
    pv = {"first_name": [], "last_name": [], "email": [], "phone": [], "address": [], "postcode": []}
    for c in customers:
        p = c["person"]
        ws.append([c["nr"], c["firma"], c["title"], p["first"], p["last"], c["role"], c["email"], c["phone"],
                   p["street"], p["plz"], p["city"], c["since"]])
        ws.cell(ws.max_row, 12).number_format = "DD.MM.YYYY"
        pv["first_name"].append(p["first"])
        pv["last_name"].append(p["last"])
        pv["email"].append(c["email"])
        pv["phone"].append(c["phone"])
        pv["address"].append(p["street"])
        pv["postcode"].append(p["plz"])
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Umsatz_2024")
    ws2.append(["Kunden-Nr", "Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024", "Summe"])
    for i, c in enumerate(customers, start=2):
        ws2.append([c["nr"], *c["revenue"], f"=SUM(B{i}:E{i})"])
        for col in range(2, 7):
            ws2.cell(i, col).number_format = '#,##0.00 "€"'
    rel = "01_Vertrieb/Kunden_Kontakte.xlsx"
    sh.write(rel, xlsx_bytes(wb), format="xlsx", personal_data=True, dataset="vertrieb_kunden",
             tables=[
                 {"name": "Kunden", "rows": len(customers), "header_row": 3, "columns": header,
                  "detections": {"Vorname": ["first_name"], "Nachname": ["last_name"], "E-Mail": ["email"],
                                 "Telefon": ["phone"], "Straße": ["address"], "PLZ": ["postcode"]}},
                 {"name": "Umsatz_2024", "rows": len(customers), "header_row": 1,
                  "columns": ["Kunden-Nr", "Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024", "Summe"],
                  "detections": {}},
             ],
             personal_values=pv,
             notes=["Title row (merged A1:L1) and an empty row sit above the header in sheet Kunden.",
                    "Column 'Summe' of Umsatz_2024 holds formulas without cached values (openpyxl)."])

    # suppliers: companies with role addresses only -> no personal data (precision test)
    suppliers = [("Elektronik", "Platinen Sachsen GmbH"), ("Cloud/Hosting", "Rechenzentrum Mitteldeutschland AG"),
                 ("Bürobedarf", "Büro & Papier Lindner KG"), ("Prüflabor", "EMV Prüfinstitut Saalbrück GmbH"),
                 ("Benannte Stelle (Beratung)", "MedReg Consulting GmbH"), ("Software-Lizenzen", "CodeWerk Lizenzhandel GmbH"),
                 ("Kalibrierung", "Kalibrierdienst Ost GmbH"), ("Reinigung", "Glanz Gebäudeservice GmbH"),
                 ("Übersetzung", "Fachübersetzungen Wiesengrund GbR"), ("Logistik", "Paketdienst Elbe-Saale GmbH"),
                 ("Hardware", "Mediboard Systems GmbH"), ("Schulung", "Akademie für Medizinprodukte e.V."),
                 ("Versicherung", "Haftpflicht Assekuranz Mitte AG"), ("Steuerberatung", "StB Partnerschaft Talbrunn mbB")]
    rows = [["Lieferanten-Nr", "Firma", "Kategorie", "E-Mail", "Telefon", "Straße", "PLZ", "Ort", "USt-IdNr"]]
    vat_ids = []
    for i, (cat, firma) in enumerate(suppliers):
        plz, city, area = rng.choice(CITIES)
        dom = translit(re.sub(r"[^A-Za-zäöüß ]", "", firma).split()[0] + "-" + firma.split()[-1]) + ".example"
        role = rng.choice(["info", "vertrieb", "bestellung", "service", "kontakt", "buchhaltung"])
        body = f"{rng.randint(10000000, 99999999)}"
        vat = "DE" + body + iso7064_mod11_10(body)
        vat_ids.append(vat)
        rows.append([f"L-{2001 + i}", firma, cat, f"{role}@{dom}", sh.phone(area, style=0),
                     f"{rng.choice(['Industriestraße', 'Gewerbepark', 'Am Technologiepark', 'Messeallee'])} {rng.randint(1, 60)}",
                     plz, city, vat])
    sh.write("01_Vertrieb/Lieferanten.csv", csv_bytes(rows, ";", "utf-8", crlf=True, bom=True),
             format="csv", encoding="utf-8", bom=True, delimiter=";", line_ending="crlf",
             dataset="vertrieb_lieferanten",
             tables=[{"name": "Lieferanten", "rows": len(suppliers), "header_row": 1, "columns": rows[0],
                      "detections": {"E-Mail": ["email"], "Telefon": ["phone"], "USt-IdNr": ["vat_id"]}}],
             notes=["Companies only: role e-mail addresses (info@, vertrieb@ ...), switchboard numbers and business "
                    "addresses. personal_data is false; a detector calling this a person list is a false positive.",
                    "USt-IdNr values carry valid ISO 7064 MOD 11,10 check digits."])

    # offers as PDF
    offers = []
    for n, c in zip(("2024-017", "2024-023"), (customers[0], customers[3])):
        p = c["person"]
        anrede = "Sehr geehrte Frau" if p["sex"] == "f" else "Sehr geehrter Herr"
        title = (c["title"] + " ") if c["title"] else ""
        lines = [f"{COMPANY} · Technologiepark 7 · 04103 Leipzig", "", c["firma"],
                 f"z. Hd. {title}{p['first']} {p['last']}", p["street"], f"{p['plz']} {p['city']}", "",
                 f"# Angebot Nr. {n}", f"Leipzig, {ddmmyyyy(dt.date(2024, 11, 5) if n.endswith('17') else dt.date(2024, 12, 2))}",
                 "", f"{anrede} {title}{p['last']},", "",
                 "vielen Dank für Ihr Interesse an CardioScan AI. Wir bieten Ihnen an:", "",
                 "Pos. 1  CardioScan AI 2.2, Jahreslizenz bis 500 Betten ........ 18.900,00 EUR",
                 "Pos. 2  Integrationsmodul HL7/FHIR (einmalig) ................  4.250,00 EUR",
                 "Pos. 3  Schulung vor Ort, 2 Tage .............................  2.400,00 EUR",
                 "Summe netto: 25.550,00 EUR   zzgl. 19 % USt.: 4.854,50 EUR   Gesamt: 30.404,50 EUR", "",
                 "CardioScan AI ist ein Medizinprodukt der Klasse IIa nach MDR (EU) 2017/745.",
                 "Das Angebot gilt 60 Tage. Es gelten unsere AGB.", "", "Mit freundlichen Grüßen",
                 "Vertrieb Muster Medizintechnik GmbH"]
        rel = f"01_Vertrieb/Angebote/Angebot_{n}_{translit(c['place']).capitalize()}.pdf"
        sh.write(rel, simple_pdf(lines, f"Angebot {n}", "Vertrieb"), format="pdf", personal_data=True,
                 dataset="vertrieb_angebote",
                 personal_values={"person_name": [f"{p['first']} {p['last']}"], "address": [p["street"]]},
                 notes=["Text in an uncompressed content stream (Helvetica, WinAnsiEncoding); names the customer's "
                        "contact person and address."])
        offers.append(rel)
    sh.datasets += [
        {"id": "vertrieb_kunden", "name": "Kundenkontakte", "files": ["01_Vertrieb/Kunden_Kontakte.xlsx"],
         "kind": "workbook", "notes": ["One dataset with two tables (sheets Kunden and Umsatz_2024)."]},
        {"id": "vertrieb_lieferanten", "name": "Lieferanten", "files": ["01_Vertrieb/Lieferanten.csv"], "kind": "table"},
        {"id": "vertrieb_angebote", "name": "Angebote", "files": offers, "kind": "documents"},
    ]
    sh.defects.append({"kind": "title_rows_above_header", "files": ["01_Vertrieb/Kunden_Kontakte.xlsx"],
                       "table": "Kunden", "header_row": 3,
                       "detail": "A merged title row and an empty row precede the header row."})
    return customers


def gen_qualitaet(sh: Share, customers: list[dict]) -> None:
    """02_Qualitaet/Reklamationen: monthly complaint exports 2024 (July missing), Windows-1252,
    ';', CRLF, German numbers and dates, a column with three date formats, duplicate rows,
    an exact duplicate copy, and a data dictionary."""
    rng = sh.rng
    folder = "02_Qualitaet/Reklamationen"
    header = ["Reklamations-Nr", "Eingangsdatum", "Kunden-Nr", "Kunde", "Gemeldet von", "Produkt",
              "Seriennummer", "Fehlerkategorie", "Fehlerbeschreibung", "Menge", "Kosten_EUR", "Status",
              "Abschlussdatum"]
    products = ["CardioScan AI 2.1", "CardioScan AI 2.2", "LabSense 1.4", "LabSense 1.5", "Integrationsmodul HL7"]
    cats = {
        "Fehlalarm": ["Fehlalarm bei Kaliumwert knapp über Grenzwert", "Anomalie-Flag bei normalem Sinusrhythmus",
                      "Falsch-positive Warnung nach Gerätewechsel"],
        "Fehlende Warnung": ["Warnung für QT-Verlängerung ausgeblieben", "Hyperkaliämie nicht markiert",
                             "Vorhofflimmern im Langzeit-EKG übersehen"],
        "Schnittstelle": ["HL7-Nachricht abgewiesen; Neustart nötig", "Umlaute im Patientennamen falsch (ä/ö/ü)",
                          "FHIR-Export bricht bei großen Bundles ab"],
        "Softwarefehler": ["Absturz beim Öffnen des Befundberichts", "Zeitstempel um eine Stunde verschoben (Sommerzeit)",
                           "Sortierung der Laborwerte fehlerhaft"],
        "Dokumentation": ["Gebrauchsanweisung: Abbildung veraltet", "Übersetzung im Prüfbericht fehlerhaft"],
        "Bedienung": ["Schriftgröße in der Übersicht zu klein", "Benutzeroberfläche reagiert verzögert"],
        "Kulanz": ["Gutschrift über 150 € vereinbart", "Rabatt 5 % auf Folgelizenz zugesagt"],
    }
    months = [m for m in range(1, 13) if m != 7]
    seq = 0
    fmt_names = {"%d.%m.%Y": "DD.MM.YYYY", "%Y-%m-%d": "YYYY-MM-DD", "%d.%m.%y": "DD.MM.YY"}
    series = []
    mixed_counts = {}
    dup_rows = {3: 3, 10: 2}
    missing_serial = {}
    newest = None
    for m in months:
        n = rng.randint(28, 44)
        days = sorted(rng.randint(1, 28 if m == 2 else 30) for _ in range(n))
        rows = []
        formats = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
        closed_idx = 0
        counts = {v: 0 for v in fmt_names.values()}
        nserial = 0
        for d in days:
            seq += 1
            c = rng.choice(customers)
            p = c["person"]
            cat = rng.choice(list(cats))
            desc = rng.choice(cats[cat])
            eingang = dt.date(2024, m, d)
            newest = eingang if newest is None or eingang > newest else newest
            status = rng.choices(["abgeschlossen", "in Bearbeitung", "offen"], [70, 20, 10])[0]
            if m == 12 and d > 20:
                status = rng.choice(["in Bearbeitung", "offen"])
            abschluss = ""
            if status == "abgeschlossen":
                # every file gets each of the three formats at least once (first three closed rows)
                f = formats[closed_idx] if closed_idx < 3 else rng.choices(formats, [70, 20, 10])[0]
                closed_idx += 1
                abschluss = (eingang + dt.timedelta(days=rng.randint(1, 40))).strftime(f)
                counts[fmt_names[f]] += 1
            prod = rng.choice(products)
            serial = f"{'CS' if prod.startswith('Cardio') else 'LS' if prod.startswith('Lab') else 'IM'}-" \
                     f"{rng.randint(21, 24)}-{rng.randint(1, 9999):04d}"
            if rng.random() < 0.06:
                serial = ""
                nserial += 1
            cost = rng.choice([0.0, 0.0, rng.uniform(20, 900), rng.uniform(900, 7500)])
            reporter = f"{p['last']}, {p['first']}"
            rows.append([f"REK-2024-{seq:04d}", ddmmyyyy(eingang), c["nr"], c["firma"], reporter, prod, serial,
                         cat, desc, str(rng.randint(1, 5)), de_number(cost), status, abschluss])
        assert closed_idx >= 3
        extra = dup_rows.get(m, 0)
        if extra:
            for idx in sorted(rng.sample(range(len(rows)), extra), reverse=True):
                rows.insert(idx + 1, list(rows[idx]))  # copy-paste duplicate right below
        name = f"{folder}/Reklamationen_2024-{m:02d}.csv"
        data = csv_bytes([header] + rows, ";", "cp1252", crlf=True)
        sh.write(name, data, format="csv", encoding="windows-1252", delimiter=";", line_ending="crlf",
                 personal_data=True, dataset="reklamationen_2024",
                 tables=[{"name": name.rsplit("/", 1)[1].removesuffix(".csv"), "rows": len(rows), "header_row": 1,
                          "columns": header, "detections": {"Gemeldet von": ["person_name"]},
                          "duplicate_rows": extra, "date_formats": {"Eingangsdatum": {"DD.MM.YYYY": len(rows)},
                                                                    "Abschlussdatum": counts},
                          "empty_cells": {"Seriennummer": nserial,
                                          "Abschlussdatum": len(rows) - sum(counts.values()) - 0}}],
                 personal_values={"person_name": sorted({r[4] for r in rows})},
                 notes=["German numbers (1.234,56) in Kosten_EUR, dates DD.MM.YYYY in Eingangsdatum.",
                        "Abschlussdatum is empty while Status is not 'abgeschlossen'."])
        # the empty_cells count of Abschlussdatum includes duplicated rows; recompute exactly
        t = sh.files[name]["tables"][0]
        t["empty_cells"]["Abschlussdatum"] = sum(1 for r in rows if r[12] == "")
        t["empty_cells"]["Seriennummer"] = sum(1 for r in rows if r[6] == "")
        t["date_formats"]["Abschlussdatum"] = {
            v: sum(1 for r in rows if r[12] and _date_fmt(r[12]) == v) for v in fmt_names.values()}
        mixed_counts[name] = t["date_formats"]["Abschlussdatum"]
        missing_serial[name] = t["empty_cells"]["Seriennummer"]
        series.append(name)
        if m == 5:
            copy_name = f"{folder}/Reklamationen_2024-05 - Kopie.csv"
            sh.write(copy_name, data, format="csv", encoding="windows-1252", delimiter=";", line_ending="crlf",
                     personal_data=True, dataset="reklamationen_2024", duplicate_of=name,
                     tables=sh.files[name]["tables"],
                     personal_values={"person_name": sorted({r[4] for r in rows})},
                     notes=["Byte-identical copy (Windows Explorer naming)."])
    assert any(b"\x80" in (sh.root / f).read_bytes() for f in series), "no euro sign in cp1252 data"

    dictionary = f"""# Datenwörterbuch Reklamationen

Export aus dem ERP-Modul „Reklamationsmanagement“ von {COMPANY}, ein File pro Monat
(`Reklamationen_JJJJ-MM.csv`), Zeichensatz Windows-1252, Trennzeichen Semikolon.
Verantwortlich: Qualitätsmanagement (QMB). Grundlage: Verfahrensanweisung VA-QM-08 „Reklamationen und Vigilanz“.

| Spalte | Bedeutung | Format |
|---|---|---|
| Reklamations-Nr | laufende Nummer der Reklamation | REK-JJJJ-NNNN |
| Eingangsdatum | Eingang der Meldung | TT.MM.JJJJ |
| Kunden-Nr | Kundennummer aus dem CRM | K-NNNNN |
| Kunde | Name des Kunden (Einrichtung) | Text |
| Gemeldet von | meldende Person beim Kunden | Nachname, Vorname |
| Produkt | Produkt und Version | Text |
| Seriennummer | Lizenz- bzw. Geräteseriennummer | XX-JJ-NNNN |
| Fehlerkategorie | Klassifikation nach VA-QM-08 | Liste |
| Fehlerbeschreibung | Freitext | Text |
| Menge | betroffene Lizenzen/Geräte | Ganzzahl |
| Kosten_EUR | Kosten der Bearbeitung in Euro | Dezimalzahl, deutsches Format |
| Status | offen / in Bearbeitung / abgeschlossen | Liste |
| Abschlussdatum | Datum des Abschlusses | TT.MM.JJJJ |

Hinweis: Je nach Erfassungsmaske steht das Abschlussdatum als TT.MM.JJJJ, JJJJ-MM-TT oder
TT.MM.JJ im Export. Der Export für Juli 2024 fehlt (Systemumstellung).
"""
    sh.write(f"{folder}/Datenwoerterbuch.md", dictionary.encode("utf-8"), format="text", encoding="utf-8",
             line_ending="lf", dataset="reklamationen_2024", role="documentation",
             notes=["Data dictionary (README) beside the series; documents columns, encoding and the known defects."])

    sh.datasets.append({
        "id": "reklamationen_2024", "name": "Reklamationen 2024", "kind": "series", "period": "monthly",
        "files": series, "duplicates": [f"{folder}/Reklamationen_2024-05 - Kopie.csv"],
        "documentation": [f"{folder}/Datenwoerterbuch.md"], "expected_periods": [f"2024-{m:02d}" for m in range(1, 13)],
        "missing_periods": ["2024-07"], "newest_record": newest.isoformat(),
        "newest_record_column": "Eingangsdatum"})
    sh.defects += [
        {"kind": "missing_period", "dataset": "reklamationen_2024", "period": "2024-07",
         "detail": "Monthly series January-December 2024 lacks July."},
        {"kind": "duplicate_file", "files": [f"{folder}/Reklamationen_2024-05 - Kopie.csv"],
         "duplicate_of": f"{folder}/Reklamationen_2024-05.csv"},
        {"kind": "mixed_date_formats", "dataset": "reklamationen_2024", "column": "Abschlussdatum",
         "formats": list(fmt_names.values()), "counts": mixed_counts,
         "detail": "Every monthly file mixes DD.MM.YYYY, YYYY-MM-DD and DD.MM.YY in Abschlussdatum."},
        *[{"kind": "duplicate_rows", "files": [f"{folder}/Reklamationen_2024-{m:02d}.csv"], "count": c,
           "detail": "Rows that repeat an earlier row exactly (copy-paste directly below the original)."}
          for m, c in dup_rows.items()],
        {"kind": "missing_values", "dataset": "reklamationen_2024", "column": "Seriennummer", "counts": missing_serial},
        {"kind": "documentation_present", "dataset": "reklamationen_2024",
         "files": [f"{folder}/Datenwoerterbuch.md"]},
        {"kind": "non_utf8_encoding", "dataset": "reklamationen_2024", "encoding": "windows-1252"},
        {"kind": "non_iso_dates", "dataset": "reklamationen_2024", "column": "Eingangsdatum", "format": "DD.MM.YYYY"},
    ]


def _date_fmt(s: str) -> str:
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", s):
        return "DD.MM.YYYY"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return "YYYY-MM-DD"
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", s):
        return "DD.MM.YY"
    raise ValueError(s)


def lab_value(rng: random.Random, analyte: str) -> tuple[float, str]:
    code, _, unit, lo, hi, dec = LOINC[analyte]
    v = round(rng.uniform(lo, hi), dec)
    return (int(v) if dec == 0 else v), unit


def fhir_xml(resource: dict, indent: int = 0, name: str | None = None) -> str:
    """Serialises a FHIR JSON resource (keys in spec order) as FHIR XML."""
    pad = "  " * indent
    rtype = resource["resourceType"]
    tag = name or rtype
    out = [f'{pad}<{tag} xmlns="http://hl7.org/fhir">' if indent == 0 else f"{pad}<{tag}>"]
    out += _xml_children(resource, indent + 1)
    out.append(f"{pad}</{tag}>")
    return "\n".join(out)


def _xml_attr(v) -> str:
    if isinstance(v, bool):
        v = "true" if v else "false"
    s = str(v)
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_children(obj: dict, indent: int) -> list[str]:
    pad = "  " * indent
    out = []
    for k, v in obj.items():
        if k == "resourceType":
            continue
        items = v if isinstance(v, list) else [v]
        for item in items:
            if isinstance(item, dict) and "resourceType" in item:
                out.append(f"{pad}<{k}>")
                inner = fhir_xml(item, indent + 1)
                out.append(inner)
                out.append(f"{pad}</{k}>")
            elif isinstance(item, dict):
                out.append(f"{pad}<{k}>")
                out += _xml_children(item, indent + 1)
                out.append(f"{pad}</{k}>")
            else:
                out.append(f'{pad}<{k} value="{_xml_attr(item)}"/>')
    return out


def gen_klinik(sh: Share) -> None:
    """03_Klinik_Kooperation: data from the partner clinic. No README: undocumented health data."""
    rng = sh.rng
    base = "03_Klinik_Kooperation"
    clinic = "Klinikum Auenwald"
    # ---- patients known to the clinic (identified) ----
    patients = []
    for _ in range(14):
        p = sh.person(born=(1938, 1985))
        p["kvnr"] = sh.kvnr()
        p["mrn"] = sh.unique(lambda: f"KAW-{rng.randint(100000, 999999)}")
        patients.append(p)

    # ---- FHIR bundles: pseudonymised, birth year only ----
    fhir_files = []
    fhir_codes = {}
    for month, fmt in ((9, "xml"), (10, "json"), (11, "json"), (12, "json")):
        entries = []
        pseudos = []
        for i in range(rng.randint(4, 6)):
            pid = sh.unique(lambda: f"PSN-{rng.randint(0, 0xFFFFFF):06X}")
            pseudos.append(pid)
            year = rng.randint(1938, 1985)
            sex = rng.choice(["male", "female"])
            pat_id = f"p{month:02d}{i}"
            entries.append({"fullUrl": f"urn:uuid:{_uuid(rng)}", "resource": {
                "resourceType": "Patient", "id": pat_id,
                "meta": {"profile": ["https://www.medizininformatik-initiative.de/fhir/core/modul-person/StructureDefinition/PatientPseudonymisiert"]},
                "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PSEUDED"}]},
                                "system": "https://klinikum-auenwald.example/fhir/sid/pseudonym", "value": pid}],
                "gender": sex, "birthDate": str(year)}})
            enc_date = dt.date(2024, month, rng.randint(1, 28))
            diag = rng.sample(ICD, rng.randint(1, 2))
            for j, (code, text, _, snomed_key) in enumerate(diag):
                cond = {"resourceType": "Condition", "id": f"c{month:02d}{i}{j}",
                        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                        "code": {"coding": [{"system": ICD_SYSTEM, "version": "2024", "code": code, "display": text}]},
                        "subject": {"reference": f"Patient/{pat_id}"},
                        "recordedDate": enc_date.isoformat()}
                if snomed_key:
                    s_code, s_text = SNOMED[snomed_key]
                    cond["code"]["coding"].append({"system": "http://snomed.info/sct", "code": s_code, "display": s_text})
                entries.append({"fullUrl": f"urn:uuid:{_uuid(rng)}", "resource": cond})
            if rng.random() < 0.6:
                code, text = rng.choice(OPS)
                entries.append({"fullUrl": f"urn:uuid:{_uuid(rng)}", "resource": {
                    "resourceType": "Procedure", "id": f"pr{month:02d}{i}", "status": "completed",
                    "code": {"coding": [{"system": OPS_SYSTEM, "version": "2024", "code": code, "display": text}]},
                    "subject": {"reference": f"Patient/{pat_id}"},
                    "performedDateTime": enc_date.isoformat(),
                    "bodySite": [{"coding": [{"system": "http://snomed.info/sct", "code": SNOMED["heart"][0],
                                              "display": SNOMED["heart"][1]}]}]}})
            for k, a in enumerate(rng.sample(LAB_ANALYTES, 3) + ["Herzfrequenz", "QT-Zeit"]):
                loinc, disp, unit, *_ = LOINC[a]
                v, _ = lab_value(rng, a)
                entries.append({"fullUrl": f"urn:uuid:{_uuid(rng)}", "resource": {
                    "resourceType": "Observation", "id": f"o{month:02d}{i}{k}", "status": "final",
                    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                              "code": "laboratory" if a in LAB_ANALYTES else "procedure"}]}],
                    "code": {"coding": [{"system": "http://loinc.org", "code": loinc, "display": disp}], "text": a},
                    "subject": {"reference": f"Patient/{pat_id}"},
                    "effectiveDateTime": f"{enc_date.isoformat()}T{rng.randint(6, 18):02d}:{rng.randint(0, 59):02d}:00+01:00",
                    "valueQuantity": {"value": v, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}})
            flag = rng.random() < 0.4
            entries.append({"fullUrl": f"urn:uuid:{_uuid(rng)}", "resource": {
                "resourceType": "Observation", "id": f"ki{month:02d}{i}", "status": "final",
                "code": {"coding": [{"system": "https://muster-medizintechnik.example/fhir/CodeSystem/ki-befund",
                                     "code": "ANOMALIE-SCORE", "display": "KI-Anomalie-Score CardioScan AI"}]},
                "subject": {"reference": f"Patient/{pat_id}"},
                "effectiveDateTime": f"{enc_date.isoformat()}T20:00:00+01:00",
                "valueQuantity": {"value": round(rng.uniform(0.55, 0.98) if flag else rng.uniform(0.01, 0.4), 3),
                                  "unit": "1", "system": "http://unitsofmeasure.org", "code": "1"}}})
        bundle = {"resourceType": "Bundle", "id": f"lieferung-2024-{month:02d}",
                  "meta": {"lastUpdated": f"2024-{month:02d}-28T23:00:00+01:00"},
                  "type": "collection", "timestamp": f"2024-{month:02d}-28T23:00:00+01:00", "entry": entries}
        rel = f"{base}/FHIR/Lieferung_2024-{month:02d}.{fmt}"
        if fmt == "json":
            data = json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        else:
            data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + fhir_xml(bundle) + "\n").encode("utf-8")
        sh.write(rel, data, format=f"fhir-{fmt}", encoding="utf-8", personal_data=True, special_category=True,
                 code_systems=["ICD-10-GM", "LOINC", "OPS", "SNOMED CT", "UCUM"], dataset="klinik_fhir",
                 fhir={"resourceType": "Bundle", "type": "collection",
                       "resources": _count_types(entries)},
                 personal_values={"patient_id": pseudos},
                 notes=["Pseudonymised patients (PSEUDED identifier) with birth year only: still personal data "
                        "(GDPR Art. 4(5)) and health data (Art. 9)."])
        fhir_files.append(rel)
        fhir_codes[rel] = True

    # ---- HL7 v2 ORU^R01 lab messages (identified patients) ----
    hl7_files = []
    hl7_pv_all = []
    msg_no = 1000
    for fi, (day, nmsg, enc) in enumerate(((dt.date(2024, 12, 9), 1, "utf-8"), (dt.date(2024, 12, 16), 2, "utf-8"),
                                            (dt.date(2025, 1, 8), 1, "iso-8859-1"), (dt.date(2025, 1, 13), 1, "utf-8"))):
        msgs = []
        pv = {"person_name": [], "birth_date": [], "kvnr": [], "patient_id": [], "address": []}
        for _ in range(nmsg):
            msg_no += 1
            p = rng.choice(patients) if enc == "utf-8" else next(x for x in patients if any(u in x["last"] + x["first"] for u in "äöüß"))
            ts = f"{day:%Y%m%d}{rng.randint(6, 11):02d}{rng.randint(0, 59):02d}00"
            case_no = sh.unique(lambda: f"FALL{rng.randint(1000000, 9999999)}")
            charset = "8859/1" if enc == "iso-8859-1" else "UNICODE UTF-8"
            seg = [f"MSH|^~\\&|LIS|{clinic.replace(' ', '_').upper()}|CARDIOSCAN|MUSTER_MT|{ts}||ORU^R01^ORU_R01|MSG{msg_no}|P|2.5.1|||AL|NE|DEU|{charset}",
                   f"PID|1||{p['mrn']}^^^KAW^MR||{p['last']}^{p['first']}^^^^^L||{p['birth']:%Y%m%d}|{'F' if p['sex'] == 'f' else 'M'}|||"
                   f"{p['street']}^^{p['city']}^^{p['plz']}^DE^H",
                   f"PV1|1|O|KARD^AMB^1||||||||||||||||{case_no}",
                   in1_segment(rng.randint(100000000, 109999999), p),
                   f"ORC|RE|AUF{msg_no}|LAB{msg_no}||CM",
                   f"OBR|1|AUF{msg_no}|LAB{msg_no}|24323-8^Comprehensive metabolic 2000 panel - Serum or Plasma^LN|||{ts}|||||||||||||||{ts}||LAB|F"]
            for k, a in enumerate(rng.sample(LAB_ANALYTES, 5), start=1):
                loinc, disp, unit, *_ = LOINC[a]
                v, _ = lab_value(rng, a)
                lo, hi = REF[a].split("-")
                flag = "H" if v > float(hi) else "L" if v < float(lo) else "N"
                seg.append(f"OBX|{k}|NM|{loinc}^{disp}^LN^{a}^{a}^L||{v}|{unit}^{unit}^UCUM|{REF[a]}|{flag}|||F|||{ts}")
            msgs.append("\r".join(seg) + "\r")
            pv["person_name"].append(f"{p['last']}^{p['first']}")
            pv["birth_date"].append(f"{p['birth']:%Y%m%d}")
            pv["kvnr"].append(p["kvnr"])
            pv["patient_id"] += [p["mrn"], case_no]
            pv["address"].append(p["street"])
        text = "".join(msgs)
        rel = f"{base}/HL7v2/ORU_R01_{day:%Y%m%d}.hl7"
        pv = {k: sorted(set(v)) for k, v in pv.items()}
        hl7_pv_all.append(pv)
        sh.write(rel, text.encode(enc), format="hl7v2", encoding="utf-8" if enc == "utf-8" else "windows-1252",
                 line_ending="cr", personal_data=True, special_category=True, code_systems=["LOINC", "UCUM"],
                 dataset="klinik_hl7", hl7={"version": "2.5.1", "messages": nmsg, "message_type": "ORU^R01"},
                 personal_values=pv,
                 notes=[f"{nmsg} ORU^R01 message(s), segments separated by CR only."] +
                       (["Encoded ISO-8859-1 (MSH-18 8859/1) with umlauts in the patient name; a detector may report "
                         "windows-1252, its superset."] if enc != "utf-8" else []))
        hl7_files.append(rel)

    # ---- GDT 2.10 from the ECG device ----
    gdt_files = []
    umlaut_patients = [x for x in patients if any(u in x["last"] + x["first"] for u in "äöüß")]
    for gi, (day, hour, charset) in enumerate(((dt.date(2025, 1, 9), 8, "2"), (dt.date(2025, 1, 14), 10, "3"))):
        p = umlaut_patients[gi % len(umlaut_patients)]
        codec = "cp437" if charset == "2" else "latin-1"
        ecg = {a: lab_value(rng, a)[0] for a in ECG_ANALYTES}
        fields = [("8000", "6310"), ("8100", None), ("8315", "CARDIOAI"), ("8316", "EKG01"), ("9206", charset),
                  ("9218", "02.10"), ("3000", p["mrn"]), ("3101", p["last"]), ("3102", p["first"]),
                  ("3103", f"{p['birth']:%d%m%Y}"), ("3105", p["kvnr"]), ("3110", "2" if p["sex"] == "f" else "1"),
                  ("3107", p["street"]), ("3112", p["plz"]), ("3106", p["city"]),
                  ("6200", f"{day:%d%m%Y}"), ("6201", f"{hour:02d}1500"), ("8402", "EKG01")]
        units = {"Herzfrequenz": "/min", "PQ-Zeit": "ms", "QRS-Dauer": "ms", "QT-Zeit": "ms"}
        for a in ECG_ANALYTES:
            fields += [("8410", a.split("-")[0].upper()[:6]), ("8411", a), ("8420", str(ecg[a])), ("8421", units[a])]
        fields += [("6220", "Sinusrhythmus, Lagetyp: Indifferenztyp. Keine Erregungsrückbildungsstörung."),
                   ("6227", "CardioScan AI: keine Anomalie erkannt." if ecg["QT-Zeit"] < 460 else
                    "CardioScan AI: QT-Verlängerung, ärztliche Prüfung empfohlen.")]

        def line(fid, content):
            raw = content.encode(codec)
            return f"{len(raw) + 9:03d}{fid}".encode() + raw + b"\r\n"
        # 8100 holds the record length in bytes (5 digits), its own 14-byte line included
        body = b"".join(line(f, c) for f, c in fields if f != "8100")
        total = len(body) + 14
        data = b"".join(line(f, f"{total:05d}") if f == "8100" else line(f, c) for f, c in fields)
        assert len(data) == total
        rel = f"{base}/EKG/EKG_Export_{day:%Y%m%d}_{hour:02d}15.gdt"
        sh.write(rel, data, format="gdt", encoding="ibm437" if charset == "2" else "windows-1252",
                 line_ending="crlf", personal_data=True, special_category=True, dataset="klinik_ekg_gdt",
                 gdt={"version": "02.10", "record_type": "6310", "charset_field_9206": charset,
                      "record_length_field_8100": total,
                      "patient_fields": ["3000", "3101", "3102", "3103", "3105", "3106", "3107", "3110", "3112"]},
                 personal_values={"last_name": [p["last"]], "first_name": [p["first"]],
                                  "birth_date": [f"{p['birth']:%d%m%Y}"], "kvnr": [p["kvnr"]], "address": [p["street"]],
                                  "patient_id": [p["mrn"]]},
                 notes=["GDT 2.10 record 6310 (Untersuchungsdaten) from the ECG device EKG01; the record length "
                        "in field 8100 is correct.",
                        "Field 9206 = 2: IBM code page 437 (umlauts as CP437 bytes; encoding_rs has no CP437, so a "
                        "scanner guessing windows-1252 mis-decodes them)." if charset == "2" else
                        "Field 9206 = 3: ISO 8859-1 (reported as windows-1252, its superset)."])
        gdt_files.append(rel)

    # ---- DICOM 12-lead ECG waveforms: two identified, two de-identified ----
    dicom_files = gen_dicom(sh, base, patients, rng)

    # ---- lab CSV export with KVNR ----
    header = ["Auftragsnummer", "KVNR", "Geburtsdatum", "Geschlecht", "Entnahmezeitpunkt", "LOINC", "Analyt",
              "Ergebnis", "Einheit", "Referenzbereich", "Auffaellig"]
    rows = []
    newest = None
    for n in range(260):
        p = rng.choice(patients)
        day = dt.date(2024, 10, 1) + dt.timedelta(days=rng.randint(0, 91))
        t = dt.datetime.combine(day, dt.time(rng.randint(6, 15), rng.randint(0, 59)))
        newest = t if newest is None or t > newest else newest
        a = rng.choice(LAB_ANALYTES)
        loinc, _, unit, _, _, dec = LOINC[a]
        v, _ = lab_value(rng, a)
        lo, hi = REF[a].split("-")
        flag = "H" if v > float(hi) else "L" if v < float(lo) else ""
        rows.append([f"A24{n:05d}", p["kvnr"], ddmmyyyy(p["birth"]), "w" if p["sex"] == "f" else "m",
                     t.strftime("%Y-%m-%dT%H:%M"), loinc, a, de_number(v, dec) if dec else str(int(v)), unit,
                     REF[a].replace(".", ","), flag])
    rows.sort(key=lambda r: r[4])
    rel = f"{base}/Labor/Laborwerte_Export_2024-Q4.csv"
    sh.write(rel, csv_bytes([header] + rows, ";", "utf-8", crlf=False), format="csv", encoding="utf-8",
             delimiter=";", line_ending="lf", personal_data=True, special_category=True,
             code_systems=["LOINC", "UCUM"], dataset="klinik_labor",
             tables=[{"name": "Laborwerte_Export_2024-Q4", "rows": len(rows), "header_row": 1, "columns": header,
                      "detections": {"KVNR": ["kvnr"], "Geburtsdatum": ["birth_date"], "LOINC": ["loinc"],
                                     "Einheit": ["ucum_unit"]}}],
             personal_values={"kvnr": sorted({r[1] for r in rows}), "birth_date": sorted({r[2] for r in rows})},
             notes=["Lab export Oct-Dec 2024 from the clinic LIS: KVNR (valid check digits), birth date, LOINC codes "
                    "(valid mod 10 check digits), UCUM units, German decimal comma."])
    sh.datasets += [
        {"id": "klinik_fhir", "name": "FHIR-Lieferungen Klinikum", "kind": "series", "period": "monthly",
         "files": fhir_files, "newest_record": "2024-12-28",
         "notes": ["September came as FHIR XML, October to December as FHIR JSON."]},
        {"id": "klinik_hl7", "name": "Laborbefunde HL7 v2", "kind": "series", "files": hl7_files,
         "newest_record": "2025-01-13"},
        {"id": "klinik_ekg_gdt", "name": "EKG-Exporte GDT", "kind": "series", "files": gdt_files,
         "newest_record": "2025-01-14"},
        {"id": "klinik_ekg_dicom", "name": "EKG-Kurven DICOM", "kind": "series", "files": dicom_files,
         "newest_record": "2024-12-19"},
        {"id": "klinik_labor", "name": "Laborwerte-Export Q4 2024", "kind": "table", "files": [rel],
         "newest_record": newest.date().isoformat(), "newest_record_column": "Entnahmezeitpunkt"},
    ]
    sh.defects.append({"kind": "undocumented_health_data", "folder": base,
                       "datasets": ["klinik_fhir", "klinik_hl7", "klinik_ekg_gdt", "klinik_ekg_dicom", "klinik_labor"],
                       "detail": "Health data about patients from the partner clinic; no README, data dictionary, "
                                 "contract or legal basis documented anywhere in the share."})


def in1_segment(iknr: int, p: dict) -> str:
    """IN1 with the insurer's IK (IN1-3), name (IN1-4), insured (IN1-16..18) and the KVNR as
    policy number (IN1-36)."""
    f = [""] * 37
    f[0], f[1], f[2], f[3], f[4] = "IN1", "1", "GKV", str(iknr), "AOK PLUS"
    f[16], f[17], f[18] = f"{p['last']}^{p['first']}", "SEL", f"{p['birth']:%Y%m%d}"
    f[36] = p["kvnr"]
    return "|".join(f)


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _count_types(entries: list[dict]) -> dict:
    out: dict[str, int] = {}
    for e in entries:
        t = e["resource"]["resourceType"]
        out[t] = out.get(t, 0) + 1
    return dict(sorted(out.items()))


def _uid(rng: random.Random) -> str:
    return f"2.25.{rng.getrandbits(100)}"


def gen_dicom(sh: Share, base: str, patients: list[dict], rng: random.Random) -> list[str]:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian
    files = []
    leads = [("5.6.3-9-1", "Lead I (Einthoven)"), ("5.6.3-9-2", "Lead II"), ("5.6.3-9-61", "Lead III")]
    umlaut_patient = next(x for x in patients if any(u in x["last"] + x["first"] for u in "äöüß"))
    for idx in range(4):
        identified = idx < 2
        p = umlaut_patient if idx == 0 else rng.choice(patients)
        study = dt.date(2024, 12, 2) + dt.timedelta(days=idx * 5 + rng.randint(0, 3))
        sop_class = "1.2.840.10008.5.1.4.1.1.9.1.1"  # 12-lead ECG waveform storage
        sop_inst = _uid(rng)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = sop_class
        meta.MediaStorageSOPInstanceUID = sop_inst
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        meta.ImplementationClassUID = "2.25.283307285213914245730553367102411111929"
        meta.ImplementationVersionName = "MUSTER_GEN_1"
        ds = Dataset()
        ds.file_meta = meta
        ds.preamble = b"\0" * 128
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.SOPClassUID = sop_class
        ds.SOPInstanceUID = sop_inst
        ds.StudyDate = f"{study:%Y%m%d}"
        ds.ContentDate = f"{study:%Y%m%d}"
        ds.StudyTime = f"{rng.randint(7, 16):02d}{rng.randint(0, 59):02d}00"
        ds.AcquisitionDateTime = f"{study:%Y%m%d}{ds.StudyTime}"
        ds.AccessionNumber = f"EKG{rng.randint(100000, 999999)}"
        ds.Modality = "ECG"
        ds.Manufacturer = "Cardiomed Geräte GmbH"
        ds.InstitutionName = "Klinikum Auenwald" if identified else ""
        ds.StationName = "EKG01"
        ds.StudyDescription = "Ruhe-EKG 12 Kanal"
        if identified:
            ds.PatientName = f"{p['last']}^{p['first']}"
            ds.PatientID = p["mrn"]
            ds.PatientBirthDate = f"{p['birth']:%Y%m%d}"
            ds.PatientSex = "F" if p["sex"] == "f" else "M"
        else:
            ds.PatientName = ""
            ds.PatientID = ""
            ds.PatientBirthDate = ""
            ds.PatientSex = "F" if p["sex"] == "f" else "M"
            ds.PatientIdentityRemoved = "YES"
            ds.DeidentificationMethod = "DICOM PS3.15 Basic Application Confidentiality Profile"
        ds.StudyInstanceUID = _uid(rng)
        ds.SeriesInstanceUID = _uid(rng)
        ds.SeriesNumber = 1
        ds.InstanceNumber = 1
        samples = 250
        wf = Dataset()
        wf.MultiplexGroupTimeOffset = "0"
        wf.WaveformOriginality = "ORIGINAL"
        wf.NumberOfWaveformChannels = len(leads)
        wf.NumberOfWaveformSamples = samples
        wf.SamplingFrequency = "250"
        wf.MultiplexGroupLabel = "RHYTHM"
        chans = []
        for code, meaning in leads:
            ch = Dataset()
            src = Dataset()
            src.CodeValue = code
            src.CodingSchemeDesignator = "SCPECG"
            src.CodingSchemeVersion = "1.3"
            src.CodeMeaning = meaning
            ch.ChannelSourceSequence = [src]
            ch.WaveformBitsStored = 16
            chans.append(ch)
        wf.ChannelDefinitionSequence = chans
        wf.WaveformBitsAllocated = 16
        wf.WaveformSampleInterpretation = "SS"
        hr = rng.uniform(55, 95)
        data = bytearray()
        for s in range(samples):
            t = s / 250.0
            phase = (t * hr / 60.0) % 1.0
            for c in range(len(leads)):
                v = 900 * math.exp(-((phase - 0.3) ** 2) / 0.0004) + 120 * math.sin(2 * math.pi * phase) * (c + 1) / 2
                data += int(v).to_bytes(2, "little", signed=True)
        wf.WaveformData = bytes(data)
        ds.WaveformSequence = [wf]
        buf = io.BytesIO()
        ds.save_as(buf, enforce_file_format=True)
        kind = "identifiziert" if identified else "anonymisiert"
        rel = f"{base}/DICOM/EKG_{study:%Y%m%d}_{idx + 1:02d}_{kind}.dcm"
        truth = {"format": "dicom", "dataset": "klinik_ekg_dicom",
                 "dicom": {"modality": "ECG", "sop_class": sop_class, "study_date": f"{study:%Y%m%d}",
                           "patient_name_filled": identified, "patient_birth_date_filled": identified,
                           "patient_id_filled": identified, "deidentified": not identified,
                           "specific_character_set": "ISO_IR 100"}}
        if identified:
            truth.update(personal_data=True, special_category=True,
                         personal_values={"person_name": [f"{p['last']}^{p['first']}"],
                                          "birth_date": [f"{p['birth']:%Y%m%d}"], "patient_id": [p["mrn"]]},
                         notes=["12-lead ECG waveform (3 channels x 250 samples) with PatientName (ISO_IR 100), "
                                "PatientID and PatientBirthDate filled."])
        else:
            truth.update(personal_data=False, special_category=False,
                         notes=["De-identified per the DICOM Basic Profile: PatientName, PatientID, PatientBirthDate "
                                "empty, PatientIdentityRemoved = YES. Treated as anonymous in this manifest."])
        sh.write(rel, buf.getvalue(), **truth)
        files.append(rel)
    return files


def gen_produktion(sh: Share) -> None:
    """04_Produktion: test-bench sensor data (daily CSV series), machine events (NDJSON),
    a test-bench log and its configuration (JSON). No personal data."""
    rng = sh.rng
    base = "04_Produktion"
    header = ["timestamp", "sensor_id", "temperatur_c", "luftfeuchte_pct", "spannung_v", "stromaufnahme_a", "status"]
    series = []
    error_rows = {}
    for day in (dt.date(2025, 1, 13), dt.date(2025, 1, 14), dt.date(2025, 1, 15)):
        rows = [header]
        errors = 0
        error_slots = set(rng.sample(range(96), 3)) if day.day == 14 else set()
        for slot in range(96):  # every 15 minutes
            t = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=15 * slot)
            for sid in ("PS-01", "PS-02"):
                temp = round(21.5 + 1.8 * math.sin(slot / 96 * 2 * math.pi) + rng.gauss(0, 0.2), 2)
                status = "OK"
                if slot in error_slots and sid == "PS-02":
                    temp, status = -999.0, "SENSORFEHLER"
                    errors += 1
                rows.append([t.strftime("%Y-%m-%dT%H:%M:%S+01:00"), sid, f"{temp:.2f}",
                             f"{rng.uniform(35, 48):.1f}", f"{rng.gauss(24.0, 0.05):.3f}", f"{rng.uniform(0.8, 1.4):.3f}",
                             status])
        rel = f"{base}/Sensordaten/Pruefstand_Sensoren_{day:%Y-%m-%d}.csv"
        sh.write(rel, csv_bytes(rows, ",", "utf-8", crlf=False), format="csv", encoding="utf-8", delimiter=",",
                 line_ending="lf", dataset="produktion_sensoren",
                 tables=[{"name": rel.rsplit("/", 1)[1].removesuffix(".csv"), "rows": len(rows) - 1, "header_row": 1,
                          "columns": header, "detections": {}}])
        series.append(rel)
        if errors:
            error_rows[rel] = errors
    # machine events
    lines = []
    t = dt.datetime(2025, 1, 6, 6, 0, 0)
    events = ["START", "STOP", "KALIBRIERUNG", "WARNUNG", "WARTUNG", "SELBSTTEST"]
    for i in range(180):
        t += dt.timedelta(minutes=rng.randint(5, 70))
        ev = rng.choices(events, [30, 30, 8, 10, 4, 18])[0]
        obj = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S+01:00"), "maschine": rng.choice(["PS-01", "PS-02", "BT-03"]),
               "ereignis": ev, "firmware": rng.choice(["4.2.1", "4.2.1", "4.3.0"]),
               "messwerte": {"temperatur_c": round(rng.uniform(19, 26), 1), "zyklen": rng.randint(0, 5000)}}
        if ev == "WARNUNG":
            obj["code"] = rng.choice(["W101", "W204", "W305"])
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    rel_nd = f"{base}/Maschinendaten/maschinen_ereignisse_2025-01.ndjson"
    sh.write(rel_nd, ("\n".join(lines) + "\n").encode("utf-8"), format="ndjson", encoding="utf-8", line_ending="lf",
             dataset="produktion_maschinen",
             tables=[{"name": "maschinen_ereignisse_2025-01", "rows": len(lines), "header_row": 0,
                      "columns": ["ts", "maschine", "ereignis", "firmware", "messwerte.temperatur_c",
                                  "messwerte.zyklen", "code"], "detections": {}}],
             notes=["Nested key messwerte flattens to messwerte.temperatur_c / messwerte.zyklen; 'code' only on WARNUNG."])
    # test-bench log
    log = []
    t = dt.datetime(2025, 1, 14, 7, 58, 3)
    msgs = [("INFO", "Prüflauf {n} gestartet (Prüfplan PP-CS-22 Rev. 4)"), ("INFO", "Selbsttest bestanden"),
            ("INFO", "Referenzdatensatz EKG-REF-{n:03d} geladen"), ("WARN", "Latenz {ms} ms über Sollwert 250 ms"),
            ("INFO", "Sensitivität {s} % / Spezifität {sp} %"), ("ERROR", "Zeitüberschreitung beim Lesen von PS-02"),
            ("INFO", "Prüflauf {n} beendet: bestanden")]
    for n in range(1, 41):
        for level, m in msgs:
            if level == "ERROR" and rng.random() > 0.15:
                continue
            if level == "WARN" and rng.random() > 0.3:
                continue
            t += dt.timedelta(seconds=rng.randint(1, 90), milliseconds=rng.randint(0, 999))
            text = m.format(n=n, ms=rng.randint(251, 400), s=f"{rng.uniform(93, 99):.1f}", sp=f"{rng.uniform(90, 98):.1f}")
            log.append(f"{t:%Y-%m-%d %H:%M:%S}.{t.microsecond // 1000:03d} {level:<5} [pruefstand] {text}")
    rel_log = f"{base}/Pruefstand/Pruefstand_2025-01-14.log"
    sh.write(rel_log, ("\n".join(log) + "\n").encode("utf-8"), format="text", encoding="utf-8", line_ending="lf",
             dataset="produktion_pruefstand", notes=["Plain text log; no delimiter structure."])
    conf = {"pruefstand": "PS-02", "softwareversion": "CardioScan AI 2.2.0-rc3", "pruefplan": "PP-CS-22",
            "revision": 4, "referenzdatensaetze": [f"EKG-REF-{i:03d}" for i in range(1, 41)],
            "grenzwerte": {"latenz_ms": 250, "sensitivitaet_min_pct": 92.0, "spezifitaet_min_pct": 90.0},
            "sensoren": [{"id": "PS-01", "typ": "Temperatur/Feuchte", "kalibriert_am": "2024-10-02"},
                         {"id": "PS-02", "typ": "Temperatur/Feuchte", "kalibriert_am": "2024-03-18"}]}
    rel_conf = f"{base}/Pruefstand/Pruefstand_Konfiguration.json"
    sh.write(rel_conf, (json.dumps(conf, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), format="json",
             encoding="utf-8", line_ending="lf", dataset="produktion_pruefstand")
    sh.datasets += [
        {"id": "produktion_sensoren", "name": "Prüfstand-Sensordaten", "kind": "series", "period": "daily",
         "files": series, "newest_record": "2025-01-15", "newest_record_column": "timestamp"},
        {"id": "produktion_maschinen", "name": "Maschinenereignisse", "kind": "table", "files": [rel_nd],
         "newest_record": json.loads(lines[-1])["ts"][:10], "newest_record_column": "ts"},
        {"id": "produktion_pruefstand", "name": "Prüfstand-Log und Konfiguration", "kind": "documents",
         "files": [rel_log, rel_conf]},
    ]
    sh.defects.append({"kind": "implausible_values", "dataset": "produktion_sensoren", "column": "temperatur_c",
                       "value": "-999.00", "counts": error_rows,
                       "detail": "Sensor error code -999 written as a temperature (status SENSORFEHLER)."})


def gen_personal(sh: Share) -> None:
    """05_Personal: the employee list with birth dates, Steuer-IDs and IBANs."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    rng = sh.rng
    depts = ["Geschäftsführung", "Softwareentwicklung", "Data Science", "Regulatory Affairs", "Qualitätsmanagement",
             "Vertrieb", "Klinische Bewertung", "IT", "Verwaltung"]
    header = ["Personalnummer", "Nachname", "Vorname", "Geburtsdatum", "Eintritt", "Abteilung", "E-Mail",
              "Mobil", "Straße", "PLZ", "Ort", "Steuer-ID", "IBAN", "Krankenkasse", "Wochenstunden"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Mitarbeiter"
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    pv = {k: [] for k in ("last_name", "first_name", "person_name", "birth_date", "email", "phone", "address",
                          "postcode", "steuer_id", "iban")}
    n = 41
    for i in range(n):
        p = sh.person(born=(1962, 2002))
        email = f"{translit(p['first'])}.{translit(p['last'])}@{COMPANY_DOMAIN}"
        mobile = sh.phone(p["area"], mobile=True)
        sid = sh.steuer_id()
        iban = sh.iban()
        ws.append([f"P{1001 + i}", p["last"], p["first"], p["birth"],
                   dt.date(rng.randint(2016, 2024), rng.randint(1, 12), 1), depts[0] if i == 0 else rng.choice(depts[1:]),
                   email, mobile, p["street"], p["plz"], p["city"], sid, iban,
                   rng.choice(["AOK PLUS", "TK", "BARMER", "DAK-Gesundheit", "IKK classic", "KKH"]),
                   rng.choice([40, 40, 40, 32, 30, 20])])
        r = ws.max_row
        ws.cell(r, 4).number_format = "DD.MM.YYYY"
        ws.cell(r, 5).number_format = "DD.MM.YYYY"
        pv["last_name"].append(p["last"])
        pv["first_name"].append(p["first"])
        pv["person_name"].append(f"{p['first']} {p['last']}")
        pv["birth_date"].append(ddmmyyyy(p["birth"]))
        pv["email"].append(email)
        pv["phone"].append(mobile)
        pv["address"].append(p["street"])
        pv["postcode"].append(p["plz"])
        pv["steuer_id"].append(sid)
        pv["iban"].append(iban)
        assert steuer_id_valid(sid) and iban_valid(iban)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:O{n + 1}"
    rel = "05_Personal/Mitarbeiterliste_2025.xlsx"
    sh.write(rel, xlsx_bytes(wb), format="xlsx", personal_data=True, dataset="personal_mitarbeiter",
             tables=[{"name": "Mitarbeiter", "rows": n, "header_row": 1, "columns": header,
                      "detections": {"Nachname": ["last_name"], "Vorname": ["first_name"], "Geburtsdatum": ["birth_date"],
                                     "E-Mail": ["email"], "Mobil": ["phone"], "Straße": ["address"], "PLZ": ["postcode"],
                                     "Steuer-ID": ["steuer_id"], "IBAN": ["iban"]}}],
             personal_values=pv,
             notes=["Birth dates and entry dates are real Excel dates (number format DD.MM.YYYY); birth_date values "
                    "here are given as displayed.", "Steuer-IDs satisfy the digit-repetition rule and ISO 7064 MOD 11,10; "
                    "IBANs satisfy mod 97 (written in groups of four)."])
    sh.datasets.append({"id": "personal_mitarbeiter", "name": "Mitarbeiterliste", "kind": "workbook", "files": [rel]})


def gen_studien(sh: Share) -> None:
    """06_Studien: a small OMOP CDM v5.4 extract (person, condition_occurrence)."""
    rng = sh.rng
    base = "06_Studien/OMOP_Extrakt_Validierungsstudie"
    p_header = ["person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth", "birth_datetime",
                "race_concept_id", "ethnicity_concept_id", "location_id", "provider_id", "care_site_id",
                "person_source_value", "gender_source_value", "gender_source_concept_id", "race_source_value",
                "race_source_concept_id", "ethnicity_source_value", "ethnicity_source_concept_id"]
    persons = []
    rows = [p_header]
    for i in range(60):
        pid = 1000 + i
        sex = rng.choice("fm")
        year = rng.randint(1940, 1990)
        src = sh.unique(lambda: f"VS-{rng.randint(0, 0xFFFFF):05X}")
        persons.append((pid, year))
        rows.append([str(pid), "8532" if sex == "f" else "8507", str(year), "", "", "", "0", "0", "", "", "",
                     src, "w" if sex == "f" else "m", "0", "", "0", "", "0"])
    sh.write(f"{base}/person.csv", csv_bytes(rows, ",", "utf-8", crlf=False), format="csv", encoding="utf-8",
             delimiter=",", line_ending="lf", personal_data=True, special_category=True, code_systems=["OMOP"],
             dataset="studie_omop",
             tables=[{"name": "person", "rows": 60, "header_row": 1, "columns": p_header, "omop_table": "person",
                      "detections": {}}],
             personal_values={"patient_id": sorted(r[11] for r in rows[1:])},
             notes=["Pseudonymised study persons (person_source_value = study pseudonym) with year of birth only."])
    c_header = ["condition_occurrence_id", "person_id", "condition_concept_id", "condition_start_date",
                "condition_start_datetime", "condition_end_date", "condition_end_datetime", "condition_type_concept_id",
                "condition_status_concept_id", "stop_reason", "provider_id", "visit_occurrence_id", "visit_detail_id",
                "condition_source_value", "condition_source_concept_id", "condition_status_source_value"]
    rows = [c_header]
    cid = 50000
    for pid, _ in persons:
        for _ in range(rng.randint(1, 3)):
            cid += 1
            code, _, concept, _ = rng.choice(ICD)
            start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 640))
            rows.append([str(cid), str(pid), str(concept), start.isoformat(), f"{start.isoformat()} 00:00:00", "", "",
                         "32817", "0", "", "", "", "", code, "0", ""])
    sh.write(f"{base}/condition_occurrence.csv", csv_bytes(rows, ",", "utf-8", crlf=False), format="csv",
             encoding="utf-8", delimiter=",", line_ending="lf", personal_data=True, special_category=True,
             code_systems=["ICD-10-GM", "OMOP"], dataset="studie_omop",
             tables=[{"name": "condition_occurrence", "rows": len(rows) - 1, "header_row": 1, "columns": c_header,
                      "omop_table": "condition_occurrence",
                      "detections": {"condition_source_value": ["icd10gm"]}}],
             notes=["Standard OMOP CDM v5.4 column names; condition_concept_id holds OMOP standard concepts, "
                    "condition_source_value the ICD-10-GM source code."])
    sh.datasets.append({"id": "studie_omop", "name": "OMOP-Extrakt Validierungsstudie", "kind": "multi_table",
                        "files": [f"{base}/person.csv", f"{base}/condition_occurrence.csv"],
                        "newest_record": max(r[3] for r in rows[1:]), "newest_record_column": "condition_start_date"})


def gen_archiv(sh: Share, customers: list[dict]) -> None:
    """99_Archiv: a ZIP, a truncated ZIP, a CSV named .xlsx, an empty file, an old .xls, an .ods."""
    import xlwt
    rng = sh.rng
    base = "99_Archiv"
    # old customers as CSV (personal), inside a ZIP and again behind a lying extension
    old = [["KdNr", "Firma", "Ansprechpartner", "Telefon", "E-Mail"]]
    pv = {"person_name": [], "phone": [], "email": []}
    for c in customers[5:17]:
        p = c["person"]
        old.append([c["nr"], c["firma"], f"{p['first']} {p['last']}", c["phone"], c["email"]])
        pv["person_name"].append(f"{p['first']} {p['last']}")
        pv["phone"].append(c["phone"])
        pv["email"].append(c["email"])
    old_csv = csv_bytes(old, ";", "cp1252", crlf=True)
    rek2019 = [["Nr", "Datum", "Produkt", "Kategorie", "Kosten"]]
    for i in range(25):
        d = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        rek2019.append([f"R19-{i + 1:03d}", ddmmyyyy(d), rng.choice(["LabSense 1.0", "LabSense 1.1"]),
                        rng.choice(["Softwarefehler", "Schnittstelle", "Bedienung"]), de_number(rng.uniform(0, 900))])
    rek2019_csv = csv_bytes(rek2019, ";", "cp1252", crlf=True)
    z = fixed_zip([("Altdaten_2019/Reklamationen_2019.csv", rek2019_csv, True),
                   ("Altdaten_2019/Kunden_2019.csv", old_csv, True),
                   ("Altdaten_2019/LIESMICH.txt", "Archiv der LabSense-1.x-Daten, gesichert am 15.01.2020.\r\n".encode("cp1252"), True)])
    sh.write(f"{base}/Altdaten_2019.zip", z, format="archive", dataset="archiv_altdaten_2019",
             members=[{"path": "Altdaten_2019/Reklamationen_2019.csv", "format": "csv", "personal_data": False, "rows": 25},
                      {"path": "Altdaten_2019/Kunden_2019.csv", "format": "csv", "personal_data": True, "rows": len(old) - 1},
                      {"path": "Altdaten_2019/LIESMICH.txt", "format": "text", "personal_data": False}],
             personal_values_inside=pv,
             notes=["Valid ZIP (deflate, pinned entry times). The file's own personal_data is false; "
                    "member Kunden_2019.csv holds contact persons (see members)."])
    # truncated ZIP: a backup cut off mid-way (no central directory)
    big = [["KdNr", "Firma", "Umsatz_2023"]] + [[c["nr"], c["firma"], de_number(sum(c["revenue"]))] for c in customers]
    full = fixed_zip([("Vertrieb_2023/Umsatz_2023.csv", csv_bytes(big, ";", "cp1252", crlf=True), True),
                      ("Vertrieb_2023/Sensorlog.csv", ("\n".join(f"{i},{rng.random():.6f}" for i in range(3000)) + "\n").encode(), True)])
    cut = full[: int(len(full) * 0.55)]
    sh.write(f"{base}/Backup_Vertrieb_2023.zip", cut, format="archive", readable=False, error_code="zip_truncated",
             error="ZIP archive is truncated: the end-of-central-directory record is missing",
             dataset="archiv_backup_2023", notes=[f"First 55 % ({len(cut)} of {len(full)} bytes) of a valid ZIP."])
    # CSV content behind an .xlsx name
    sh.write(f"{base}/Kundenliste_alt.xlsx", old_csv, format="csv", encoding="windows-1252", delimiter=";",
             line_ending="crlf", extension_mismatch=True, personal_data=True, dataset="archiv_kundenliste_alt",
             tables=[{"name": "Kundenliste_alt", "rows": len(old) - 1, "header_row": 1, "columns": old[0],
                      "detections": {"Ansprechpartner": ["person_name"], "Telefon": ["phone"], "E-Mail": ["email"]}}],
             personal_values=pv,
             notes=["Semicolon CSV (Windows-1252) saved with an .xlsx name: the extension lies."])
    # empty file
    sh.write(f"{base}/Neues Textdokument.txt", b"", format="unknown", readable=False, error_code="empty",
             error="The file is empty", dataset="archiv_leer", notes=["Zero bytes (Windows 'new text document')."])
    # old .xls (BIFF8 via xlwt)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Inventar")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    head = ["Inventar-Nr", "Gerät", "Standort", "Anschaffung", "Anschaffungswert_EUR", "Abgeschrieben"]
    for j, h in enumerate(head):
        ws.write(0, j, h)
    devices = ["Laptop ThinkPad T420", "Monitor 24 Zoll", "EKG-Simulator PS-420", "Server Dell R710",
               "Drucker Laserjet", "Oszilloskop 100 MHz", "Laborkühlschrank", "Netzwerkswitch 24 Port"]
    nrows = 30
    for i in range(1, nrows + 1):
        ws.write(i, 0, f"INV-{2010 + i % 3}-{i:03d}")
        ws.write(i, 1, rng.choice(devices))
        ws.write(i, 2, rng.choice(["Büro 1.04", "Labor 0.12", "Serverraum", "Prüfstand", "Lager"]))
        ws.write(i, 3, dt.date(rng.randint(2008, 2012), rng.randint(1, 12), rng.randint(1, 28)), date_style)
        ws.write(i, 4, round(rng.uniform(80, 6500), 2), money)
        ws.write(i, 5, rng.choice(["ja", "ja", "nein"]))
    buf = io.BytesIO()
    wb.save(buf)
    sh.write(f"{base}/Geraeteinventar_2012.xls", buf.getvalue(), format="xls", dataset="archiv_inventar_2012",
             tables=[{"name": "Inventar", "rows": nrows, "header_row": 1, "columns": head, "detections": {}}],
             notes=["BIFF8 in an OLE2 container (xlwt); dates as Excel serial numbers with a date format."])
    # .ods calibration plan
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Messmittel")
    ohead = ["Messmittel-Nr", "Bezeichnung", "Hersteller", "Letzte Kalibrierung", "Nächste Kalibrierung", "Intervall_Monate"]

    def row(values):
        tr = TableRow()
        for v in values:
            if isinstance(v, dt.date):
                tc = TableCell(valuetype="date", datevalue=v.isoformat())
                tc.addElement(P(text=ddmmyyyy(v)))
            elif isinstance(v, int):
                tc = TableCell(valuetype="float", value=str(v))
                tc.addElement(P(text=str(v)))
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=v))
            tr.addElement(tc)
        table.addElement(tr)
    row(ohead)
    names = ["Thermometer Pt100", "Multimeter 6,5 Stellen", "Drehmomentschlüssel", "EKG-Simulator", "Messschieber",
             "Hygrometer", "Netzteil-Prüfgerät", "Sicherheitsprüfgerät VDE 0751"]
    for i, nm in enumerate(names):
        last = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        months = rng.choice([12, 12, 24, 6])
        row([f"MM-{i + 1:03d}", nm, rng.choice(["Fluke", "Keysight", "Gossen Metrawatt", "Testo", "Mitutoyo"]),
             last, last + dt.timedelta(days=months * 30), months])
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    sh.write(f"{base}/Messmittelplan_2016.ods", repack_zip(buf.getvalue(), pin_office_dates), format="ods",
             dataset="archiv_messmittel_2016",
             tables=[{"name": "Messmittel", "rows": len(names), "header_row": 1, "columns": ohead, "detections": {}}],
             notes=["OpenDocument spreadsheet (odfpy); dates as office:date-value."])
    for did, name, f in (("archiv_altdaten_2019", "Altdaten 2019", "Altdaten_2019.zip"),
                         ("archiv_backup_2023", "Backup Vertrieb 2023", "Backup_Vertrieb_2023.zip"),
                         ("archiv_kundenliste_alt", "Kundenliste alt", "Kundenliste_alt.xlsx"),
                         ("archiv_leer", "Neues Textdokument", "Neues Textdokument.txt"),
                         ("archiv_inventar_2012", "Geräteinventar 2012", "Geraeteinventar_2012.xls"),
                         ("archiv_messmittel_2016", "Messmittelplan 2016", "Messmittelplan_2016.ods")):
        sh.datasets.append({"id": did, "name": name, "kind": "single", "files": [f"{base}/{f}"]})
    sh.defects += [
        {"kind": "extension_mismatch", "files": [f"{base}/Kundenliste_alt.xlsx"], "detail": "CSV text named .xlsx."},
        {"kind": "truncated_archive", "files": [f"{base}/Backup_Vertrieb_2023.zip"]},
        {"kind": "empty_file", "files": [f"{base}/Neues Textdokument.txt"]},
    ]


# --------------------------------------------------------------------------------------
# manifest
# --------------------------------------------------------------------------------------

MANIFEST_HEADER = """\
# Truth manifest of the bundled example share examples/musterfirma/
# Written by examples/generate_musterfirma.py -- do not edit by hand; change the generator and rerun it.
#
# Everything in the share is fictitious (company, people, addresses, identifiers, e-mail
# domains under the reserved TLD .example). Identifiers carry valid check digits.
#
# Top level
#   schema_version   version of this manifest's layout
#   seed             the generator's seed (same seed -> same bytes)
#   root             folder name of the share under examples/
#   snapshot_date    the day the share was "copied"; every date inside the data is on or before it
#   total_files / total_bytes   over all [[file]] entries
#   notes            general remarks (e.g. that git does not keep modification times)
#   leak_values      every planted personal value in the forms it is written in the files, plus
#                    other spellings an output might use (ISO dates, IBAN without spaces, "Vorname
#                    Nachname" of a "Nachname, Vorname"/"Nachname^Vorname" field). Only values of at
#                    least 8 characters or containing a digit or '@' are listed (first and last names
#                    only from 8 characters, postcodes never), so a substring search over any output
#                    (project file, JSON, CSV, unzipped XLSX, PDF text) must find none of them. Short
#                    names, postcodes and pseudonymised birth years are only in the per-file
#                    personal_values tables.
#
# [[file]]  one per file, path relative to the share root (forward slashes)
#   format            expected catalogue format id (DESIGN 4: csv, xlsx, xls, ods, json, ndjson,
#                     fhir-json, fhir-xml, hl7v2, dicom, gdt, pdf, archive, text, unknown, ...)
#   size, sha256      bytes as committed
#   encoding          text formats only: expected encoding label (utf-8, windows-1252, ibm437, ...)
#   bom               true when the file starts with a UTF-8 byte-order mark (absent = no BOM)
#   delimiter         csv only: the field delimiter
#   line_ending       text formats: lf, crlf or cr
#   extension_mismatch  true when the file name's extension contradicts the content
#   readable          false when no reader can open the content; then
#   error_code / error  the scanner issue code expected (zip_truncated, empty) and why in words
#   duplicate_of      path of the byte-identical original (only on the copy)
#   personal_data     the file's own content holds data about identifiable or pseudonymised
#                     persons (GDPR Art. 4(1)/(5)); archive members do not count (see members)
#   special_category  health data about persons (GDPR Art. 9)
#   code_systems      code systems used in the content (DESIGN 4 names)
#   dataset           id of the intended dataset ([[dataset]]) the file belongs to
#   role              "documentation" for a README/data dictionary
#   notes             free text
#   [[file.tables]]   expected tables: name (sheet or file stem), rows (data rows, header
#                     excluded, duplicates included), header_row (1-based; 0 = no header row,
#                     e.g. NDJSON), columns (in order), omop_table, duplicate_rows (rows repeating
#                     an earlier row), empty_cells (column -> count), date_formats (column ->
#                     format -> count), and [file.tables.detections]: column -> detection kinds
#                     expected (DESIGN 4 snake_case kinds); columns not named should get none
#   [file.personal_values]  detection kind -> the planted values exactly as written in the file
#                     (xlsx dates as displayed)
#   [file.fhir] / [file.hl7] / [file.gdt] / [file.dicom]  format-specific facts
#   [[file.members]] and [file.personal_values_inside]  for archives: members and what they hold
#
# [[dataset]]  intended grouping: id, name, kind (series | table | workbook | multi_table |
#   documents | single), files, period, expected_periods, missing_periods, duplicates (exact copies
#   that a grouping may attach to the dataset), documentation (README/data dictionary paths),
#   newest_record (ISO date of the newest record inside the data, for currentness) and
#   newest_record_column
#
# [[defect]]  planted defects: kind (missing_period, duplicate_file, mixed_date_formats,
#   duplicate_rows, missing_values, documentation_present, non_utf8_encoding, non_iso_dates,
#   title_rows_above_header, implausible_values, undocumented_health_data, extension_mismatch,
#   truncated_archive, empty_file) with dataset/files/column/counts as they apply
"""


def toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else toml_str(k)


def toml_str(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, list):
        if not v:
            return "[]"
        parts = [toml_value(x) for x in v]
        one = "[" + ", ".join(parts) + "]"
        if len(one) <= 100:
            return one
        return "[\n" + "".join(f"  {p},\n" for p in parts) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(type(v))


def toml_table(d: dict, path: list[str], out: list[str], array: bool = False) -> None:
    scalars = [(k, v) for k, v in d.items() if v is not None and not _is_table(v) and not _is_table_array(v)]
    tables = [(k, v) for k, v in d.items() if _is_table(v)]
    arrays = [(k, v) for k, v in d.items() if _is_table_array(v)]
    if path:
        name = ".".join(toml_key(p) for p in path)
        out.append(f"\n[[{name}]]" if array else f"\n[{name}]")
    def inline(v: dict) -> bool:
        return all(not _is_table(x) and not _is_table_array(x) for x in v.values()) and len(toml_value(v)) <= 100
    # key/value lines (inline tables included) must all come before the first sub-table header
    for k, v in scalars:
        out.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, v in tables:
        if inline(v):
            out.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, v in tables:
        if not inline(v):
            toml_table(v, path + [k], out)
    for k, v in arrays:
        for item in v:
            toml_table(item, path + [k], out, array=True)


def _is_table(v) -> bool:
    return isinstance(v, dict)


def _is_table_array(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def leak_values(files: dict[str, dict]) -> list[str]:
    vals: set[str] = set()

    def add(s: str):
        if len(s) >= 8 or any(c.isdigit() for c in s) or "@" in s:
            vals.add(s)
    for f in files.values():
        for src in ("personal_values", "personal_values_inside"):
            for kind, values in f.get(src, {}).items():
                for v in values:
                    if kind == "birth_date":
                        d = _parse_birth(v)
                        for form in (ddmmyyyy(d), d.isoformat(), f"{d:%Y%m%d}", f"{d:%d%m%Y}"):
                            vals.add(form)
                        continue
                    if kind == "postcode":
                        continue
                    if kind in ("first_name", "last_name"):
                        if len(v) >= 8:
                            vals.add(v)
                        continue
                    add(v)
                    if kind == "iban":
                        add(v.replace(" ", ""))
                    if kind == "person_name" and ", " in v:
                        last, first = v.split(", ", 1)
                        add(f"{first} {last}")
                    if kind == "person_name" and "^" in v:
                        last, first = v.split("^", 1)
                        add(f"{first} {last}")
                        add(f"{last}, {first}")
    return sorted(vals)


def _parse_birth(v: str) -> dt.date:
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", v):
        return dt.datetime.strptime(v, "%d.%m.%Y").date()
    if re.fullmatch(r"\d{8}", v):
        # YYYYMMDD (HL7, DICOM) or DDMMYYYY (GDT)
        if v[:2] in ("19", "20") and 1 <= int(v[4:6]) <= 12:
            return dt.datetime.strptime(v, "%Y%m%d").date()
        return dt.datetime.strptime(v, "%d%m%Y").date()
    raise ValueError(v)


def write_manifest(sh: Share, path: Path) -> None:
    files = [sh.files[k] for k in sorted(sh.files)]
    doc = {
        "schema_version": 1, "seed": SEED, "root": ROOT_NAME, "company": COMPANY,
        "snapshot_date": SNAPSHOT.isoformat(),
        "total_files": len(files), "total_bytes": sum(f["size"] for f in files),
        "notes": [
            "Git does not keep modification times: after a checkout every file's mtime is the checkout time. "
            "Anything that scores currentness or continuity must use dates inside the data (see dataset "
            "newest_record), never file times.",
            "All e-mail domains end in the reserved TLD .example; phone numbers, IBANs, Steuer-IDs, KVNRs and "
            "USt-IdNrs are random with valid check digits and belong to nobody on purpose.",
            "The partner clinic folder 03_Klinik_Kooperation has no README on purpose (undocumented health data).",
        ],
        "leak_values": leak_values(sh.files),
    }
    out: list[str] = [MANIFEST_HEADER.rstrip("\n")]
    out.append("")
    toml_table(doc, [], out)
    for f in files:
        toml_table(_ordered(f), ["file"], out, array=True)
    for d in sh.datasets:
        toml_table({k: v for k, v in d.items() if v is not None}, ["dataset"], out, array=True)
    for d in sh.defects:
        toml_table(d, ["defect"], out, array=True)
    text = "\n".join(out) + "\n"
    parsed = tomllib.loads(text)  # must round-trip
    assert len(parsed["file"]) == len(files)
    path.write_text(text, encoding="utf-8")


def _ordered(f: dict) -> dict:
    order = ["path", "format", "size", "sha256", "encoding", "bom", "delimiter", "line_ending", "extension_mismatch",
             "readable", "error_code", "error", "duplicate_of", "personal_data", "special_category", "code_systems",
             "dataset", "role", "notes"]
    out = {k: f[k] for k in order if k in f}
    for k, v in f.items():
        if k not in out:
            out[k] = v
    return out


# --------------------------------------------------------------------------------------


def generate(out_dir: Path, manifest: Path) -> Share:
    self_test()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    sh = Share(out_dir, random.Random(SEED))
    customers = gen_vertrieb(sh)
    gen_qualitaet(sh, customers)
    gen_klinik(sh)
    gen_produktion(sh)
    gen_personal(sh)
    gen_studien(sh)
    gen_archiv(sh, customers)
    total = sum(f["size"] for f in sh.files.values())
    assert total <= 2 * 1024 * 1024, total
    on_disk = sorted(str(p.relative_to(out_dir)).replace("\\", "/") for p in out_dir.rglob("*") if p.is_file())
    assert on_disk == sorted(sh.files), set(on_disk) ^ set(sh.files)
    write_manifest(sh, manifest)
    return sh


def verify(out_dir: Path, manifest: Path) -> list[str]:
    """Re-reads the written share and checks the manifest's claims independently of how
    they were produced: table shapes, duplicate rows, date-format counts, check digits."""
    from openpyxl import load_workbook
    truth = tomllib.loads(manifest.read_text(encoding="utf-8"))
    problems = []
    for f in truth["file"]:
        path = out_dir / f["path"]
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != f["sha256"]:
            problems.append(f"{f['path']}: sha256")
        for t in f.get("tables", []):
            if f["format"] == "csv":
                text = data.decode(f["encoding"].replace("windows-1252", "cp1252")).lstrip("\ufeff")
                rows = list(csv.reader(io.StringIO(text), delimiter=f["delimiter"]))
                header, body = rows[0], rows[1:]
            elif f["format"] == "xlsx":
                ws = load_workbook(path)[t["name"]]
                all_rows = [[("" if c is None else c) for c in r] for r in ws.iter_rows(values_only=True)]
                header, body = all_rows[t["header_row"] - 1], all_rows[t["header_row"]:]
            else:
                continue
            if list(header) != t["columns"]:
                problems.append(f"{f['path']}: columns {header}")
            if len(body) != t["rows"]:
                problems.append(f"{f['path']}: rows {len(body)} != {t['rows']}")
            if "duplicate_rows" in t:
                seen, dups = set(), 0
                for r in body:
                    dups += tuple(r) in seen
                    seen.add(tuple(r))
                if dups != t["duplicate_rows"]:
                    problems.append(f"{f['path']}: duplicate rows {dups}")
            for col, formats in t.get("date_formats", {}).items():
                i = header.index(col)
                for fmt, n in formats.items():
                    got = sum(1 for r in body if r[i] and _date_fmt(r[i]) == fmt)
                    if got != n:
                        problems.append(f"{f['path']}: {col} {fmt} {got} != {n}")
            for col, kinds in t.get("detections", {}).items():
                i = list(header).index(col)
                values = [str(r[i]) for r in body if r[i] != ""]
                checks = {"iban": iban_valid, "kvnr": lambda v: kvnr_check(v[0], v[1:9]) == v[9],
                          "steuer_id": steuer_id_valid, "loinc": loinc_valid,
                          "vat_id": lambda v: iso7064_mod11_10(v[2:10]) == v[10]}
                for kind in kinds:
                    if kind in checks and not all(checks[kind](v) for v in values):
                        problems.append(f"{f['path']}: invalid check digit in {col}")
        for kind, values in f.get("personal_values", {}).items():
            text = data.decode(f.get("encoding", "latin-1").replace("windows-1252", "cp1252").replace("ibm437", "cp437"),
                               errors="replace")
            if f["format"] in ("csv", "hl7v2", "gdt", "fhir-json", "fhir-xml"):
                for v in values:
                    if v not in text:
                        problems.append(f"{f['path']}: planted {kind} value not found")
    return problems


def main() -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=here / ROOT_NAME, help="share folder to (re)write")
    ap.add_argument("--manifest", type=Path, default=here / f"{ROOT_NAME}.truth.toml")
    ap.add_argument("--check", action="store_true",
                    help="generate into a temporary folder and compare with the committed share and manifest")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            generate(t / ROOT_NAME, t / "truth.toml")
            cmp = filecmp.dircmp(t / ROOT_NAME, args.out)
            diffs = _diff(cmp)
            if (t / "truth.toml").read_bytes() != args.manifest.read_bytes():
                diffs.append(str(args.manifest))
            diffs += verify(args.out, args.manifest)
            for d in diffs:
                print("differs:", d)
            print("identical" if not diffs else f"{len(diffs)} difference(s)")
            return 1 if diffs else 0
    sh = generate(args.out, args.manifest)
    problems = verify(args.out, args.manifest)
    for p in problems:
        print("manifest claim does not hold:", p)
    print(f"wrote {len(sh.files)} files, {sum(f['size'] for f in sh.files.values())} bytes to {args.out}")
    if problems:
        return 1
    return 0


def _diff(cmp: filecmp.dircmp, prefix: str = "") -> list[str]:
    out = [prefix + n for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    # dircmp compares shallowly by stat; compare bytes for the same-named files too
    for n in cmp.same_files:
        if (Path(cmp.left) / n).read_bytes() != (Path(cmp.right) / n).read_bytes():
            out.append(prefix + n)
    for name, sub in cmp.subdirs.items():
        out += _diff(sub, prefix + name + "/")
    return out


if __name__ == "__main__":
    sys.exit(main())
