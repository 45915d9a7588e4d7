"""Pages of the children-in-care area, one module per part (each defines its urlpatterns)."""
