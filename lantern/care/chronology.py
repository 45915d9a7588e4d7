"""Children in care in the chronology."""


def parts(child, kinds):
    return []
