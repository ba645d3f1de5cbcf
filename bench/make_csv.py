#!/usr/bin/env python3
"""Generates a mixed German CSV for the profiling benchmark.

Usage: make_csv.py FILE [MEGABYTES]   (default 1000 MB)

20 columns, semicolon-delimited, UTF-8: ids, dates (dd.mm.yyyy and a few ISO), times,
German decimals (1.234,56), integers, categories, free text, and personal columns
(names, e-mail, phone, postcode, IBAN-shaped ids, birth dates) with health codes
(ICD-10-GM, LOINC). Deterministic: the same size gives the same bytes. Every value is
made up; the IBANs do not pass the check digit on purpose.
"""
import random
import sys

FIRST = ["Anna", "Peter", "Maria", "Lukas", "Sophie", "Jonas", "Lena", "Felix", "Mia", "Paul",
         "Laura", "Tim", "Julia", "Max", "Sarah", "Leon", "Hannah", "Ben", "Emma", "Noah"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf"]
TOWNS = ["Berlin", "Köln", "München", "Leipzig", "Dresden", "Jena", "Erfurt", "Hamburg"]
CATEGORIES = ["Bedienung", "Softwarefehler", "Schnittstelle", "Dokumentation", "Kulanz"]
STATUS = ["offen", "in Bearbeitung", "abgeschlossen"]
ICD = ["E11.90", "I10.90", "I48.0", "J45.9", "M54.5", "E78.0", "K21.9", "F32.1"]
LOINC = ["2345-7", "2093-3", "4548-4", "718-7", "777-3", "2951-2", "1742-6"]
WORDS = ["Gerät", "meldet", "Fehler", "nach", "Update", "Anzeige", "flackert", "Messung",
         "bricht", "ab", "Sensor", "kalibriert", "Export", "langsam", "Patient", "Termin"]


def main():
    path = sys.argv[1]
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    target = megabytes * 1_000_000
    rng = random.Random(4711)
    header = ("id;eingang;uhrzeit;betrag_eur;menge;kategorie;status;nachname;vorname;"
              "email;telefon;plz;ort;konto;geburtsdatum;diagnose;loinc;messwert;"
              "beschreibung;abschluss\n")
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        written += len(header.encode())
        i = 0
        while written < target:
            rows = []
            for _ in range(10_000):
                i += 1
                first, last = rng.choice(FIRST), rng.choice(LAST)
                day, month = rng.randrange(1, 29), rng.randrange(1, 13)
                euros = rng.randrange(0, 1_000_000) / 100
                amount = f"{euros:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                closed = (f"{day:02d}.{month:02d}.2024" if i % 7 else f"2024-{month:02d}-{day:02d}") \
                    if i % 3 else ""
                rows.append(";".join([
                    f"R-{i:09d}",
                    f"{day:02d}.{month:02d}.2024",
                    f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
                    amount,
                    str(rng.randrange(1, 50)),
                    rng.choice(CATEGORIES),
                    rng.choice(STATUS),
                    last,
                    first,
                    f"{first.lower()}.{last.lower()}{i % 97}@example.de".replace("ü", "ue").replace("ä", "ae"),
                    f"0{rng.randrange(150, 180)} {rng.randrange(1_000_000, 9_999_999)}",
                    f"{rng.randrange(1000, 99999):05d}",
                    rng.choice(TOWNS),
                    f"DE{rng.randrange(10, 99)}{rng.randrange(10**17, 10**18)}",
                    f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.{rng.randrange(1940, 2005)}",
                    rng.choice(ICD),
                    rng.choice(LOINC),
                    f"{rng.gauss(5.5, 1.2):.2f}".replace(".", ","),
                    " ".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 9))),
                    closed,
                ]))
            block = "\n".join(rows) + "\n"
            f.write(block)
            written += len(block.encode())


if __name__ == "__main__":
    main()
