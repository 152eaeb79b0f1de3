from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("cas/", include("cas_server.urls", namespace="cas_server")),
    path("health", lambda request: HttpResponse("ok")),
]
