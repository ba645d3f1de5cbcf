#!/usr/bin/env python3
"""Draws the Datenreife app icon into icons/ in every size the Tauri bundler wants.

The mark is the one in the app header (ui/src/lib/components/Logo.svelte): three rising
bars in a rounded teal square -- data growing ripe. It is drawn at 16x the target size
and scaled down, so edges are smooth at every size; all PNGs are 8-bit RGBA.

Usage: python3 scripts/make-icons.py   (needs Pillow: pip install pillow)
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "icons"
TEAL = (11, 93, 110, 255)  # --brand #0b5d6e
BARS = [  # x, y, width, height, colour -- in the 32-unit grid of Logo.svelte
    (7.0, 17.0, 4.5, 8.0, (159, 211, 220, 255)),
    (13.75, 12.0, 4.5, 13.0, (207, 233, 238, 255)),
    (20.5, 7.0, 4.5, 18.0, (255, 255, 255, 255)),
]


def draw(size: int) -> Image.Image:
    scale = 16
    big = size * scale
    # Large icons get a small transparent margin, as desktop icon sets do.
    margin = 0 if size <= 32 else round(big * 0.04)
    unit = (big - 2 * margin) / 32
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle(
        [margin, margin, big - margin - 1, big - margin - 1], radius=8 * unit, fill=TEAL
    )
    for x, y, w, h, colour in BARS:
        box = [margin + x * unit, margin + y * unit, margin + (x + w) * unit, margin + (y + h) * unit]
        d.rounded_rectangle(box, radius=1.5 * unit, fill=colour)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        draw(size).save(OUT / name, "PNG")
    sizes = [16, 24, 32, 48, 64, 128, 256]
    draw(256).save(OUT / "icon.ico", "ICO", sizes=[(s, s) for s in sizes])
    draw(1024).save(OUT / "icon.icns", "ICNS")
    for f in sorted(OUT.iterdir()):
        print(f"{f.name}: {f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
