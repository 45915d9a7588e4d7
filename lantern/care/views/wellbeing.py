"""Pages of the children-in-care area: wellbeing."""

urlpatterns: list = []
