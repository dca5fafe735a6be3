"""Domain errors. Each carries a Chinese message for the person who caused it."""


class DomainError(Exception):
    """A rule of the domain refused the request (HTTP 400)."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(DomainError):
    """Someone else changed the object first, or its state no longer allows the action (HTTP 409)."""

    status_code = 409
