"""Observations: patrols, drop-in visits, open lessons and incidents, with photos and an audit trail."""
