from django.urls import path, re_path

from config.api import api
from smedt.core.views import spa_index

urlpatterns = [
    path("api/", api.urls),
    # everything else is the single-page app; the router in the browser takes it from there
    re_path(r"^(?!api/|static/).*$", spa_index),
]
