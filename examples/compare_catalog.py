#!/usr/bin/env python3
"""Compares a catalogue JSON (`datenreife catalog -f json`) with the truth manifest.

    cargo run -- scan examples/musterfirma --project /tmp/m.datenreife
    cargo run -- catalog --project /tmp/m.datenreife -f json > /tmp/m.json
    python3 examples/compare_catalog.py /tmp/m.json
    python3 examples/compare_catalog.py /tmp/f.json --manifest tests/fixtures/fixtures.truth.toml --ignore-extra

Checks, per file: format, encoding (text formats), delimiter (CSV/TSV), extension mismatch,
readability with its error code, duplicate_of; and, when the catalogue carries them,
personal_data, special_category and code_systems. Also checks that no planted personal
value (leak_values) occurs anywhere in the JSON text. Prints one line per mismatch and
exits 1 when there is any. Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog", type=Path)
    ap.add_argument("--manifest", type=Path, default=here / "musterfirma.truth.toml")
    ap.add_argument("--content", action="store_true",
                    help="also compare personal_data, special_category and code_systems (needs profiling)")
    ap.add_argument("--ignore-extra", action="store_true",
                    help="do not report catalogue files the manifest does not list (e.g. tests/fixtures)")
    args = ap.parse_args()
    truth = tomllib.loads(args.manifest.read_text(encoding="utf-8"))
    text = args.catalog.read_text(encoding="utf-8")
    cat = json.loads(text)
    got = {f["path"]: f for f in cat["files"]}
    problems = []
    for t in truth["file"]:
        path = t["path"]
        f = got.get(path)
        if f is None:
            problems.append(f"{path}: missing from the catalogue")
            continue
        checks = [("format", t["format"], f.get("format")),
                  ("extension_mismatch", t.get("extension_mismatch", False), f.get("extension_mismatch")),
                  ("duplicate_of", t.get("duplicate_of"), f.get("duplicate_of"))]
        if "readable" in t:
            checks.append(("readable", t["readable"], f.get("readable")))
        if "encoding" in t:
            checks.append(("encoding", t["encoding"], f.get("encoding")))
        if t["format"] in ("csv", "tsv"):
            checks.append(("delimiter", t.get("delimiter"), f.get("delimiter")))
        if t.get("error_code"):
            checks.append(("error_code", t["error_code"], f.get("error_code")))
        if args.content:
            for key in ("personal_data", "special_category"):
                if key in t:
                    checks.append((key, t[key], f.get(key)))
            if "code_systems" in t:
                checks.append(("code_systems", sorted(t["code_systems"]), sorted(f.get("code_systems") or [])))
        for name, want, have in checks:
            if want != have:
                problems.append(f"{path}: {name} expected {want!r}, catalogue has {have!r}")
    if not args.ignore_extra:
        for path in sorted(set(got) - {t["path"] for t in truth["file"]}):
            problems.append(f"{path}: in the catalogue but not in the manifest")
    leaked = [v for v in truth.get("leak_values", []) if v in text]
    for v in leaked:
        problems.append(f"leak: planted personal value {v!r} occurs in the catalogue JSON")
    for p in problems:
        print(p)
    print(f"{len(truth['file'])} files compared, {len(problems)} mismatch(es)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
