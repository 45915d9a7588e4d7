from .views import iro, journey, measures, wellbeing

app_name = "care"
urlpatterns = [*journey.urlpatterns, *iro.urlpatterns, *wellbeing.urlpatterns,
               *measures.urlpatterns]
