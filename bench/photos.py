"""Time turning a 12-megapixel phone JPEG into the stored copy and thumbnail.

Run: .venv/bin/python bench/photos.py [--runs N]

The floor, measured in the same run on the same file, is the least Pillow can do to get a
1600 px copy: decode at reduced scale with draft(), resize with the fastest filter, save.
"""
import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from backend.observations import photos  # noqa: E402
from bench.targets import report, target  # noqa: E402

TARGET_RATIO = 1.3


def phone_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """A 12 MP JPEG with photo-like detail (noise over gradients), EXIF orientation and GPS."""
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(noise, gradient, 0.6)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° on display, as phones held upright write it
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def floor(content: bytes) -> None:
    image = Image.open(io.BytesIO(content))
    scale = photos.LONG_SIDE / max(image.size)
    image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
    image.thumbnail((photos.LONG_SIDE, photos.LONG_SIDE), Image.Resampling.NEAREST)
    image.save(io.BytesIO(), "JPEG")


def ours(content: bytes) -> None:
    photos.process(content, 50 * 1024 * 1024)


def seconds(fn, content: bytes) -> float:
    start = time.perf_counter()
    fn(content)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    content = phone_jpeg()
    print(f"input: 4000x3000 JPEG, {len(content) / 1e6:.1f} MB, {args.runs} runs each")
    floor(content), ours(content)  # warm up: the band threads start on first use
    # Each run times both, back to back and in turn first, so that a noisy neighbour slows
    # the two sides of a run alike; the target is the median of the runs' ratios.
    floor_s, ours_s, ratios = [], [], []
    for run in range(args.runs):
        if run % 2:
            floor_time = seconds(floor, content)
            ours_time = seconds(ours, content)
        else:
            ours_time = seconds(ours, content)
            floor_time = seconds(floor, content)
        floor_s.append(floor_time)
        ours_s.append(ours_time)
        ratios.append(ours_time / floor_time)
    f, o = statistics.median(floor_s), statistics.median(ours_s)
    processed = photos.process(content, 50 * 1024 * 1024)
    print(f"floor (draft + nearest resize + save): {f * 1000:.0f} ms")
    print(f"photos.process (copy + thumbnail):     {o * 1000:.0f} ms "
          f"-> {processed.width}x{processed.height}, {len(processed.image) / 1e3:.0f} kB "
          f"+ thumbnail {len(processed.thumbnail) / 1e3:.0f} kB")
    return report([target("photo_process_vs_floor", statistics.median(ratios), "<=", TARGET_RATIO)])


if __name__ == "__main__":
    sys.exit(main())
