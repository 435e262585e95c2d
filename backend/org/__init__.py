"""The school's organisation: districts, schools, terms, classes, groups, timetable."""
