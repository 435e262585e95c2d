"""List and load the built-in rubric templates that schools start from."""
import json
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).with_name("templates")


def list_templates() -> list[str]:
    """Return the names of the built-in templates, sorted."""
    return sorted(path.stem for path in TEMPLATE_DIR.glob("*.json"))


def load_template(name: str) -> dict[str, Any]:
    """Return a fresh copy of a built-in template's definition; KeyError if there is none."""
    # Look the name up rather than joining it to a path, so "../x" cannot reach other files.
    if name not in list_templates():
        raise KeyError(f"no rubric template named {name!r}")
    definition: dict[str, Any] = json.loads((TEMPLATE_DIR / f"{name}.json").read_text("utf-8"))
    return definition
