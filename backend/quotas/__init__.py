"""Observation quotas (听课任务) and 轮回听课 coverage: who is behind, who nobody has seen."""
