"""Missing and absent episodes and return home interviews."""
