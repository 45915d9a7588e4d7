"""Pages of the children-in-care area: iro."""

urlpatterns: list = []
