"""Response headers that every page needs."""


class NoStoreMiddleware:
    """Case data must never sit in a browser or proxy cache: every page is no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """No page may use the camera, microphone, location or payments (LANTERN_PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.policy = settings.LANTERN_PERMISSIONS_POLICY
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response
