"""Pages of the children-in-care area: measures."""

urlpatterns: list = []
