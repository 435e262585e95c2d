"""Rubric definitions, validation and scoring for patrols and lesson observations."""
