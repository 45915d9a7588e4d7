"""Geography in pure Python: postcodes, local authority areas and distances (no Django)."""
