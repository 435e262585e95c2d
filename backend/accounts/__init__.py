"""People, their roles, sign-in and sessions."""
