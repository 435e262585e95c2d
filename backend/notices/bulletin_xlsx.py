"""The weekly bulletin as an .xlsx workbook: one sheet per part, headed, sized for printing."""
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from backend.notices.bulletin import KIND_NAMES

BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list], widths: list[int]):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _names(teachers) -> str:
    return "、".join(teachers) if teachers is not None else "（不具名）"


def bulletin_xlsx(data: dict) -> bytes:
    """Return the bulletin as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    totals = data["totals"]
    overview = [[KIND_NAMES[kind], totals[kind]] for kind in KIND_NAMES]
    overview += [["合计", totals["all"]], ["涉及教师（人）", totals["teachers"]]]
    overview += [[f"等级：{b['band']}", b["count"]] for b in data["bands"]]
    sheet = _sheet(book, "概况", ["项目", "数量"], overview, [24, 10])
    sheet.insert_rows(1, 2)
    sheet["A1"] = f"{data['school']} {data['term']}第{data['week']}周教学通报"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"{data['monday']} 至 {data['sunday']}"
    sheet.freeze_panes = "A4"
    _sheet(book, "表扬", ["项目", "次数", "教师"],
           [[p["label"], p["count"], _names(p["teachers"])] for p in data["praise"]], [30, 8, 60])
    _sheet(book, "提醒", ["项目", "次数", "教师"],
           [[p["label"], p["count"], _names(p["teachers"])] for p in data["problems"]], [30, 8, 60])
    _sheet(book, "教学事故", ["日期", "班级", "条例", "扣分", "教师"],
           [[i["date"], i["class"], i["rule"], float(i["deduction"]) if i["deduction"] else None,
             i["teacher"] or "（不具名）"] for i in data["incidents"]], [12, 16, 40, 8, 12])
    _sheet(book, "领导听课情况",
           ["工号", "姓名", "职务", "巡课", "推门听课", "公开课", "教学事故", "听课合计", "记录合计"],
           [[o["staff_no"], o["name"], "、".join(o["roles"]), o["patrol"], o["drop_in"],
             o["open_lesson"], o["incident"], o["lessons"], o["total"]] for o in data["observers"]],
           [10, 12, 18, 8, 10, 8, 10, 10, 10])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
