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


class RequestSizeMiddleware:
    """A request body over LANTERN_MAX_REQUEST_BYTES (by its declared length) is refused
    before anything reads it; Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE,
    DATA_UPLOAD_MAX_NUMBER_FIELDS) catch what gets past. Either way: a 400 page and a
    security event (``lantern.web.views.bad_request``)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.limit = settings.LANTERN_MAX_REQUEST_BYTES
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import RequestDataTooBig

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as an empty body
        if length > self.limit:
            raise RequestDataTooBig(f"Request body of {length} bytes is over the limit of {self.limit}")
        return self.get_response(request)
