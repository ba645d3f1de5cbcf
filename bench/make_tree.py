#!/usr/bin/env python3
"""Generates a tree of small files that looks like an office share, for the scan benchmark.

Usage: make_tree.py DIR [COUNT]   (default 200000 files in folders of 100)
Deterministic: the same COUNT gives the same tree (contents, names, sizes).
"""
import os
import random
import sys

def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    rng = random.Random(42)
    kinds = [
        ("csv", lambda i: "Datum;Artikel;Menge;Preis\n" + "".join(
            f"{1 + i % 28:02d}.{1 + i % 12:02d}.2024;A-{rng.randrange(10000)};{rng.randrange(100)};{rng.randrange(100000)/100:.2f}\n".replace(".", ",", 1)
            for _ in range(rng.randrange(2, 20)))),
        ("txt", lambda i: f"Notiz {i}\n" + "Lorem ipsum dolor sit amet. " * rng.randrange(1, 30)),
        ("json", lambda i: '{"id": %d, "werte": [%s]}\n' % (i, ", ".join(str(rng.randrange(1000)) for _ in range(rng.randrange(1, 40))))),
        ("xml", lambda i: f'<?xml version="1.0"?>\n<auftrag nr="{i}"><pos>{rng.randrange(999)}</pos></auftrag>\n'),
        ("log", lambda i: "".join(f"2024-05-{1 + i % 28:02d}T10:{m:02d}:00 INFO Messung {rng.random():.4f}\n" for m in range(rng.randrange(1, 40)))),
    ]
    per_dir = 100
    for i in range(count):
        d = os.path.join(root, f"bereich{i // 10000:02d}", f"ordner{i // per_dir:05d}")
        if i % per_dir == 0:
            os.makedirs(d, exist_ok=True)
        ext, make = kinds[i % len(kinds)]
        with open(os.path.join(d, f"datei{i:06d}.{ext}"), "w", encoding="utf-8") as f:
            f.write(make(i))

if __name__ == "__main__":
    main()
