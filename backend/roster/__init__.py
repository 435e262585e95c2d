"""Import the school's roster (staff, period schedule, timetable) from its own spreadsheets."""
