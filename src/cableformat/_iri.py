"""IRIs that name cables, for exports that link one cable to another.

Two exports of one collection made with the same base name a cable with the same IRI,
so a graph loaded from them joins each citation to the cable it cites.
"""

from __future__ import annotations

import functools
import urllib.parse

__all__ = ["DEFAULT_BASE", "cable_iri", "check_base"]

DEFAULT_BASE = "https://cableformat.org/cable/"
"""The base IRI of cables unless an export is given another (``-O base=...``)."""


@functools.lru_cache(maxsize=64)
def check_base(base: str) -> str:
    """``base`` if it can begin a cable's IRI: absolute, and ending in ``/``, ``#``,
    ``:`` or ``=`` so the id is appended, not merged into its last segment."""
    parts = urllib.parse.urlsplit(base)
    if not parts.scheme or not (parts.netloc or parts.scheme in ("urn", "tag")):
        raise ValueError(f"a base IRI is absolute, with a scheme and a host: {base!r}")
    if not base.endswith(("/", "#", ":", "=")) or any(c.isspace() for c in base):
        raise ValueError(f"a base IRI ends in '/', '#', ':' or '=' and has no spaces: {base!r}")
    return base


def cable_iri(reference_id: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of the cable ``reference_id``: ``https://cableformat.org/cable/09STATE1234``."""
    return check_base(base) + urllib.parse.quote(reference_id, safe="")
