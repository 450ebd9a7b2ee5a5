"""Advice: rule packs (data), the business-day calendar, the evaluator and the escalation ladder. Pure."""
