"""Pages of the children-in-care area: journey."""

urlpatterns: list = []
