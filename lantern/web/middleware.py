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
