"""Read a CSV (UTF-8, UTF-8 with BOM, GBK) or .xlsx file into numbered rows of text."""
import csv
import io
import unicodedata
from datetime import datetime, time

from openpyxl import load_workbook


class UnreadableFile(ValueError):
    """The file is not a table we can read; the message says why."""


def clean(value) -> str:
    """Return a cell as text: full-width forms folded (（３）→(3)), spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.split())


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx")


def _csv_rows(content: bytes):
    yield from csv.reader(io.StringIO(_decode(content), newline=""))


def _xlsx_rows(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile("无法打开 .xlsx 文件，请确认文件没有损坏") from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def read_rows(filename: str, content: bytes, required: list[str]) -> list[tuple[int, dict]]:
    """Return (spreadsheet row number, {header: text}) for every non-blank data row."""
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    header: list[str] | None = None
    result = []
    for number, raw in enumerate(rows, start=1):
        cells = [clean(c) for c in raw]
        if not any(cells):
            continue
        if header is None:
            header = cells
            missing = [h for h in required if h not in header]
            if missing:
                raise UnreadableFile(
                    f"第 {number} 行表头缺少列：{'、'.join(missing)}（需要：{'、'.join(required)}）")
            continue
        cells += [""] * (len(header) - len(cells))
        result.append((number, {h: cells[i] for i, h in enumerate(header) if h}))
    if header is None:
        raise UnreadableFile("文件是空的")
    return result
