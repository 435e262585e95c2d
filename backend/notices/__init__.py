"""Weekly notices to teachers and the school's weekly bulletin."""
