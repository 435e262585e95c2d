"""Find-or-create for the named things of a school (grades, classes, subjects, groups)."""
from backend.extensions import db
from backend.org.models import ClassGroup, Grade, Subject, TeachingGroup
from backend.roster.names import GRADES, parse_class_name


class SchoolDirectory:
    """Look up a school's grades, classes, subjects and groups by name, creating on demand."""

    def __init__(self, school_id: int):
        self.school_id = school_id
        self._cache: dict[tuple[type, str], object] = {}

    def _get(self, model, name: str, **create):
        key = (model, name)
        if key not in self._cache:
            found = db.session.scalar(
                db.select(model).where(model.school_id == self.school_id, model.name == name))
            if found is None:
                found = model(school_id=self.school_id, name=name, **create)
                db.session.add(found)
                db.session.flush()
            self._cache[key] = found
        return self._cache[key]

    def grade(self, name: str) -> Grade:
        rank = GRADES.index(name) + 1 if name in GRADES else 99
        return self._get(Grade, name, rank=rank)

    def class_group(self, text: str) -> ClassGroup | None:
        """Return the class named by text (any accepted spelling), or None if not a class name."""
        parsed = parse_class_name(text)
        if parsed is None:
            return None
        grade_name, number, name = parsed
        key = (ClassGroup, name)
        if key not in self._cache:
            grade = self.grade(grade_name)
            self._get(ClassGroup, name, grade_id=grade.id, number=number)
        return self._cache[key]

    def subject(self, name: str) -> Subject:
        return self._get(Subject, name)

    def group(self, name: str) -> TeachingGroup:
        return self._get(TeachingGroup, name)
