"""Missing episodes as facts for the rules core."""

from lantern.core import facts as kinds


def missing_facts(child_ids):
    return {}


missing_facts.produces = frozenset({kinds.MISSING_STARTED, kinds.MISSING_RETURNED, kinds.RHI_HELD})
