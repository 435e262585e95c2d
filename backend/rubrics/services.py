"""Rubric lifecycle: drafts, publishing versions, archiving, starting from templates."""
from backend.extensions import db
from backend.rubrics.definition import Rubric as RubricDefinition
from backend.rubrics.models import Rubric, RubricVersion
from backend.rubrics.templates import list_templates, load_template
from backend.rubrics.validation import parse_definition
from backend.timeutil import utcnow


def create_rubric(school_id: int, definition: dict) -> Rubric:
    """Start a rubric whose draft is `definition`."""
    rubric = Rubric(school_id=school_id, title=str(definition.get("title") or "未命名评价表")[:100],
                    draft=definition, draft_updated_at=utcnow())
    db.session.add(rubric)
    db.session.flush()
    return rubric


class StaleDraft(Exception):
    """The draft, or the published version, changed after the edit being saved began."""


def save_draft(rubric: Rubric, definition: dict, based_on: tuple | None = None) -> None:
    """Replace the draft; it may still have problems until it is published.

    based_on is (latest version number, draft_updated_at) as the editor read them; when given,
    a draft saved or published elsewhere since raises StaleDraft instead of being overwritten.
    """
    if based_on is not None:
        # Held until commit, so a save or publish from another computer cannot slip in between
        # the check and the write (SQLite runs writes one at a time and renders no FOR UPDATE).
        db.session.refresh(rubric, with_for_update=True)
        if based_on != (rubric.latest.number if rubric.latest else None, rubric.draft_updated_at):
            raise StaleDraft()
    rubric.draft = definition
    rubric.draft_updated_at = utcnow()
    if definition.get("title"):
        rubric.title = str(definition["title"])[:100]


def publish(rubric: Rubric, publisher_id: int | None) -> RubricVersion:
    """Freeze the draft as the next version; raise InvalidDefinition if it has problems."""
    parsed = parse_definition(rubric.draft)
    number = rubric.latest.number + 1 if rubric.latest else 1
    version = RubricVersion(rubric=rubric, number=number, definition=rubric.draft,
                            kinds=",".join(parsed.kinds), published_by_id=publisher_id)
    db.session.add(version)
    rubric.title = parsed.title
    rubric.draft, rubric.draft_updated_at = None, None
    db.session.flush()
    return version


def install_templates(school_id: int, publisher_id: int | None = None) -> list[Rubric]:
    """Give a new school the built-in rubrics, published as version 1."""
    rubrics = []
    for name in list_templates():
        rubric = create_rubric(school_id, load_template(name))
        publish(rubric, publisher_id)
        rubrics.append(rubric)
    return rubrics


def parsed_version(version: RubricVersion) -> RubricDefinition:
    """Return the parsed definition of a published version."""
    return parse_definition(version.definition)
