"""The JSON API under /api/v1/ (django-ninja; OpenAPI 3 document at /api/v1/openapi.json).

Each app contributes a router in its own ``api.py``; routers are mounted here.
"""
from importlib import import_module

from ninja import NinjaAPI


class BrobygAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Document the personal API tokens (brobyg.tokens.middleware) beside the session cookie."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes["BearerToken"] = {
            "type": "http", "scheme": "bearer",
            "description": "A personal API token (made at /tokens/), sent as 'Authorization: Bearer <token>'. It acts "
                           "as its owner within one partnership; a read-only token may only use GET."}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                security = operation.get("security") if isinstance(operation, dict) else None
                if security and any("SessionAuth" in s for s in security):
                    security.append({"BearerToken": []})
        return schema


api = BrobygAPI(
    title="Brobyg API",
    version="1",
    description="Offers, bridges and partnerships. Authenticated calls use the session cookie and CSRF token, or a "
                "personal API token as a bearer header (no CSRF token needed).",
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
