"""Photos: check they are real images, strip metadata, store a copy and a thumbnail by content."""
import hashlib
import io
import os
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
LONG_SIDE = 1600
THUMB_SIDE = 320
MAX_PIXELS = 50_000_000  # a 48 MP phone photo passes; a decompression bomb does not
# Pillow lets go of the GIL while it resamples, so bands of one photo shrink on several cores at
# once; the threads start on first use, inside the worker process.
BANDS = min(4, os.cpu_count() or 1)
_band_pool = ThreadPoolExecutor(BANDS, thread_name_prefix="photo-band")


class PhotoRefused(ValueError):
    """The upload is not a photo we keep; the message says why, in words for the user."""


@dataclass(frozen=True)
class ProcessedPhoto:
    sha256: str
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _open(content: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content))
            if image.format not in ALLOWED_FORMATS:
                raise PhotoRefused("只接受 JPEG、PNG、WebP 或 HEIC 照片")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused("照片像素过大，无法处理")
            if image.format == "JPEG":
                # Decode at a reduced scale straight from the DCT (1/2, 1/4...): far faster for
                # big photos. draft() keeps both sides at least the box, so ask for the box of
                # the final size, not a square one.
                scale = LONG_SIDE / max(image.size)
                image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
            image.load()
        except PhotoRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused("照片像素过大，无法处理") from None
        except UnidentifiedImageError:
            raise PhotoRefused("文件不是可识别的照片") from None
        except (OSError, SyntaxError, ValueError):
            raise PhotoRefused("照片文件已损坏或不完整，请重新拍摄") from None
    return image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)  # no exif=, so no metadata (GPS included) is kept
    return out.getvalue()


_T = Image.Transpose
# The turn each EXIF orientation asks for (as ImageOps.exif_transpose), and where a band of rows
# [top, bottom) of a w × h image lands once turned: the top-left corner of its turned box.
_UPRIGHT = {2: _T.FLIP_LEFT_RIGHT, 3: _T.ROTATE_180, 4: _T.FLIP_TOP_BOTTOM, 5: _T.TRANSPOSE,
            6: _T.ROTATE_270, 7: _T.TRANSVERSE, 8: _T.ROTATE_90}
_LANDS = {None: lambda h, top, bottom: (0, top),
          _T.FLIP_LEFT_RIGHT: lambda h, top, bottom: (0, top),
          _T.ROTATE_180: lambda h, top, bottom: (0, h - bottom),
          _T.FLIP_TOP_BOTTOM: lambda h, top, bottom: (0, h - bottom),
          _T.TRANSPOSE: lambda h, top, bottom: (top, 0),
          _T.ROTATE_90: lambda h, top, bottom: (top, 0),
          _T.ROTATE_270: lambda h, top, bottom: (h - bottom, 0),
          _T.TRANSVERSE: lambda h, top, bottom: (h - bottom, 0)}
_SIDEWAYS = {_T.TRANSPOSE, _T.ROTATE_90, _T.ROTATE_270, _T.TRANSVERSE}


def upright_copy(image: Image.Image, long_side: int, turn: Image.Transpose | None) -> Image.Image:
    """Scale down to fit a square of long_side with area averaging, then turn; a band per core.

    Each band is resized from its own source box of the whole image, so the filter reads across
    band edges and the result is the same, pixel for pixel, as one resize and one turn of the
    whole; turning the small bands costs a fraction of turning the decoded photo.
    """
    scale = long_side / max(image.size)
    if scale >= 1:
        return image.transpose(turn) if turn is not None else image
    width, height = max(1, round(image.width * scale)), max(1, round(image.height * scale))
    # BOX (area averaging) after the DCT-scaled decode: the last step is under 2x, where it
    # looks like BILINEAR at two thirds of the cost (bench/photos.py).
    bands = min(BANDS, height)

    def band(i: int) -> tuple[tuple[int, int], Image.Image]:
        top, bottom = height * i // bands, height * (i + 1) // bands
        rows = image.height / height  # source rows per output row, as one whole resize uses
        source = (0, top * rows, image.width, bottom * rows)
        part = image.resize((width, bottom - top), Image.Resampling.BOX, box=source)
        return _LANDS[turn](height, top, bottom), part.transpose(turn) if turn is not None else part

    out = Image.new(image.mode, (height, width) if turn in _SIDEWAYS else (width, height))
    for corner, part in _band_pool.map(band, range(bands)):
        out.paste(part, corner)
    return out


def _thumbnail_jpeg(image: Image.Image) -> bytes:
    scale = THUMB_SIDE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # reducing_gap=1: shrink by whole factors with reduce() first, nearly free.
    return _jpeg(image.resize(size, Image.Resampling.BOX, reducing_gap=1.0), 75)


def process(content: bytes, max_bytes: int) -> ProcessedPhoto:
    """Turn an upload into a metadata-free JPEG of at most 1600 px and a thumbnail."""
    if len(content) > max_bytes:
        raise PhotoRefused(f"照片不能超过 {max_bytes // (1024 * 1024)} MB")
    image = _open(content)
    turn = _UPRIGHT.get(image.getexif().get(ExifTags.Base.Orientation))
    if image.mode != "RGB":
        image = image.convert("RGB")
    image = upright_copy(image, LONG_SIDE, turn)
    thumbnail = _band_pool.submit(_thumbnail_jpeg, image)  # while the copy is encoded
    stored = _jpeg(image, 82)
    return ProcessedPhoto(hashlib.sha256(stored).hexdigest(), stored, thumbnail.result(),
                          image.width, image.height)


def path_for(photo_dir: str, sha256: str, thumbnail: bool = False) -> Path:
    """Where a photo lives: sharded by hash, named by hash, never a user-supplied name."""
    return Path(photo_dir) / sha256[:2] / (f"{sha256}{'_t' if thumbnail else ''}.jpg")


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove(photo_dir: str, sha256: str) -> None:
    """Delete a photo's two files, if they are there."""
    for thumbnail in (False, True):
        path_for(photo_dir, sha256, thumbnail).unlink(missing_ok=True)


def store(photo_dir: str, photo: ProcessedPhoto) -> None:
    """Write both files; the same content always lands on the same names."""
    _write_atomically(path_for(photo_dir, photo.sha256), photo.image)
    _write_atomically(path_for(photo_dir, photo.sha256, thumbnail=True), photo.thumbnail)
