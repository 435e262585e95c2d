"""Write a table as an .xlsx workbook: a bold frozen header row, typed cells, number formats."""
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"type": "string", "format": "binary"}  # how the OpenAPI document describes a file
TEXT, INTEGER, DECIMAL = "@", "0", "0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    number_format: str = TEXT
    width: int = 10


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: list[dict]


def _cell_value(value):
    if isinstance(value, bool):  # Excel users read 是/否 better than TRUE/FALSE
        return "是" if value else "否"
    return value


def sheet_title(text: str) -> str:
    """Make text a valid worksheet name: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "Sheet"


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """Return an .xlsx file with one worksheet per sheet."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet_title(sheet.title))
        for col, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=col, value=column.header)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(col)].width = column.width
        for row_number, row in enumerate(sheet.rows, start=2):
            for col, column in enumerate(sheet.columns, start=1):
                cell = ws.cell(row=row_number, column=col, value=_cell_value(row.get(column.key)))
                cell.number_format = column.number_format
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
