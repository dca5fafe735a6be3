"""Open311 answers errors as a list of {code, description}; code is the HTTP status."""


class Open311Error(Exception):
    """Refuse the request with ``status`` (400, 403, 404, 405) and one or more Chinese descriptions."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)

    @property
    def errors(self) -> list[dict]:
        return [{"code": self.status, "description": d} for d in self.descriptions]
