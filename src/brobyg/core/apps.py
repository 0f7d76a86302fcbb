from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "brobyg.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .permissions import install_scope_guard

        install_scope_guard()
