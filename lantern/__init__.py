"""Lantern: case recording and practice oversight for children's social care."""
