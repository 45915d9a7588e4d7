"""How a serving process tunes Python's garbage collector.

A request allocates many short-lived objects; with the default thresholds the collector
runs a full collection every few requests and scans the whole loaded application each
time, which shows as a slow tail (the front-door queue's p95 nearly doubles). After
start-up we freeze what is loaded (it lives as long as the process) and collect the
young generation less often. Bulk commands (a full rebuild of the ledger) do the same.
"""

import gc


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
