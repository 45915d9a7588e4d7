from .views import cases, permanence, preproceedings, proceedings, tracker

app_name = "legal"
urlpatterns = [*tracker.urlpatterns, *cases.urlpatterns, *preproceedings.urlpatterns,
               *proceedings.urlpatterns, *permanence.urlpatterns]
