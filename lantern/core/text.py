"""Dates in practice language, for audit events and refusals: "3 November 2025"."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    return f"{day:%-d %B %Y}"
