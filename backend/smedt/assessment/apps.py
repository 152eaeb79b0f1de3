from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "smedt.assessment"
    label = "assessment"
    verbose_name = "数字化水平评测"
