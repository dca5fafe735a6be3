"""Static files from npm packages: only the files the pages use (not a package's whole dist folder,
which for ECharts is 51 MB of builds and source maps that collectstatic would copy and compress)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

#: URL path under STATIC_URL → file inside node_modules.
VENDOR_FILES = {"vendor/echarts/echarts.min.js": "echarts/dist/echarts.min.js"}


def _node_modules() -> Path:
    return Path(getattr(settings, "NODE_MODULES_DIR", settings.BASE_DIR.parent / "node_modules"))


class VendorFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        source = VENDOR_FILES.get(path)
        if source is None:
            return [] if find_all else None
        full = _node_modules() / source
        if not full.is_file():
            return [] if find_all else None
        return [str(full)] if find_all else str(full)

    def list(self, ignore_patterns):
        for path, source in VENDOR_FILES.items():
            full = _node_modules() / source
            if full.is_file():
                storage = FileSystemStorage(location=str(full.parent))
                storage.prefix = str(Path(path).parent)
                yield full.name, storage
