from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "smedt.files"
    label = "files"
    verbose_name = "附件"
