"""The outcome of an import: counts and every bad row with its number and reason."""
from dataclasses import dataclass, field


@dataclass
class RowError:
    row: int
    reason: str


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    def error(self, row: int, reason: str) -> None:
        self.errors.append(RowError(row, reason))

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        head = "试运行" if self.dry_run else ("已导入" if self.applied else "未导入")
        return (f"{head}：新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，"
                f"删除 {self.deleted}，跳过 {self.skipped}，错误 {len(self.errors)}")
