"""Forms of the children-in-care area, one module per part."""
