"""Draw demo/sample.png, the demo's first frame: a small landscape, deterministic, ~10 KB.

python demo/make_sample.py          # rewrites demo/sample.png
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SAMPLE = Path(__file__).with_name("sample.png")
WIDTH, HEIGHT = 640, 360


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    pen = ImageDraw.Draw(image)
    for y in range(HEIGHT):  # sky: deep blue at the top, warm near the horizon
        t = y / HEIGHT
        pen.line(
            [(0, y), (WIDTH, y)], fill=(int(40 + 200 * t), int(80 + 110 * t), int(170 - 40 * t))
        )
    pen.ellipse((430, 70, 510, 150), fill=(255, 214, 90))  # the sun
    pen.polygon(
        [(0, 260), (140, 170), (300, 250), (460, 180), (640, 240), (640, 360), (0, 360)],
        fill=(52, 110, 70),
    )  # hills
    pen.polygon(
        [(0, 300), (220, 250), (420, 300), (640, 280), (640, 360), (0, 360)], fill=(34, 80, 50)
    )
    pen.rectangle((300, 270, 340, 300), fill=(180, 60, 50))  # a small red house
    pen.polygon([(295, 270), (320, 250), (345, 270)], fill=(120, 40, 35))
    return image


def main() -> Path:
    draw().save(SAMPLE, optimize=True)
    return SAMPLE


if __name__ == "__main__":
    path = main()
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")  # noqa: T201
