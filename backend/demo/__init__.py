"""A demo school built from the sample spreadsheets."""
