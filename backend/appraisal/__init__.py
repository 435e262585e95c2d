"""The term appraisal (考核): formula, per-teacher components, freezing on term close."""
