class HealthCheckMiddleware:
    """Answers /healthz before any other middleware: the session, the user, the lockout and the host checks all
    may need the database, so with the database down a logged-in browser got a 500 instead of the 503 the check
    exists to give. First in MIDDLEWARE; the view is core.views.healthz."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from .views import healthz

            return healthz(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=(), payment=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages with personal data must not be kept in shared caches or the browser's back cache.
            response.setdefault("Cache-Control", "no-store, private")
        return response


class ScopeGuardMiddleware:
    """While a request is handled, loading another partnership's record raises (brobyg.core.permissions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from brobyg.core.permissions import guarding

        with guarding(request):
            return self.get_response(request)
