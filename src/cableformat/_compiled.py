"""Whether this install reads cables with the reader mypyc compiled (see hatch_build.py).

A wheel built where a C compiler is found holds the reader's modules as extension
modules; an editable install, or a wheel built with ``CABLEFORMAT_BUILD=pure``, runs
them as Python source.  ``cableformat --version`` says which.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES

from . import _grammar

COMPILED = (_grammar.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
"""True where the reader runs compiled."""
