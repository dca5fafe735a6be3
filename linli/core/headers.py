"""Response headers Django's SecurityMiddleware does not set: the Content-Security-Policy and the
Permissions-Policy (HSTS, nosniff, the referrer policy and the opener policy come from Django's own
settings; X-Frame-Options from its clickjacking middleware).

The policy allows scripts from this site only — no inline script, no on…= handler, no eval: the pages
declare their behaviour with data-* attributes read by static/linli/page.js, and htmx runs with
allowEval off. Inline *styles* stay allowed because ECharts writes style attributes into its tooltips;
a style cannot run script. Nothing is loaded from another origin (no CDN, no map tiles)."""

from django.conf import settings

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = CSP + (
            "; upgrade-insecure-requests" if getattr(settings, "SECURE_SSL_REDIRECT", False) else ""
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        return response
