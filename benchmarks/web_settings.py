"""Linli's own settings plus the two bare endpoints the web benchmarks measure against (benchmarks.web_urls).
Used only by the gunicorn that benchmarks.intake starts; never by the site."""

from linli.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.web_urls"
