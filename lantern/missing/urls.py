app_name = "missing"
urlpatterns: list = []
