from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from brobyg.api import api
from brobyg.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("brobyg.accounts.urls")),
    path("audit/", include("brobyg.audit.urls")),
    path("tokens/", include("brobyg.tokens.urls")),
    path("", include("brobyg.core.urls")),
]

# Domain apps mount themselves when they have URLs.
for app, prefix in (("partnerships", "partnership/"), ("directory", "activities/"), ("volunteers", "volunteers/"),
                    ("bridging", "bridge/"), ("mine", "mine/"), ("evaluation", "evaluation/"),
                    ("initiatives", "initiatives/")):
    try:
        import_module(f"brobyg.{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"brobyg.{app}.urls":
            raise
        continue
    urlpatterns.append(path(prefix, include(f"brobyg.{app}.urls")))
