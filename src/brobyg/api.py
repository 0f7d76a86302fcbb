"""The JSON API under /api/v1/ (django-ninja; OpenAPI 3 document at /api/v1/openapi.json).

Each app contributes a router in its own ``api.py``; routers are mounted here.
"""
from importlib import import_module

from ninja import NinjaAPI

api = NinjaAPI(
    title="Brobyg API",
    version="1",
    description="Offers, bridges and partnerships. Authenticated calls use the session cookie and CSRF token.",
    urls_namespace="api",
    docs_url=None,
)


@api.get("/", auth=None, tags=["meta"], summary="API root")
def root(request):
    return {"name": "Brobyg API", "version": "1", "openapi": request.build_absolute_uri("openapi.json")}


for app in ("accounts", "partnerships", "directory", "volunteers", "bridging", "evaluation", "initiatives"):
    try:
        module = import_module(f"brobyg.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"brobyg.{app}.api":
            raise
        continue
    api.add_router(f"/{app}/", module.router)
