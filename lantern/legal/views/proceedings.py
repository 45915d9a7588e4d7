"""Pages of legal work (this part is being built)."""

urlpatterns: list = []
