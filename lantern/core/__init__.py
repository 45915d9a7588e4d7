"""Lantern's pure rules core.

Plain Python only (no Django): the England working-day calendar, periods and
units, the rule catalogue, the obligations engine, DfE code sets and
identifier checks. Nothing here reads the clock; callers pass `today`/`now`.
"""
