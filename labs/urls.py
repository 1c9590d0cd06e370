app_name = "labs"
urlpatterns = []
