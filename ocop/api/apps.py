from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ocop.api"
    label = "api"

    def ready(self):
        from ocop.api import tokens

        tokens.connect()
