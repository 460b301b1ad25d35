"""Modules whose code runs when one of their names is first read (the recipe for lazy imports
in the documentation of importlib, with its LazyLoader).

The site layer names the modules that write pages, charts and data files this way: a build
whose pages and data files were all kept from the last one reads none of them, and skips
importing them and the store's models (a fifth of a second).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def module(name: str) -> ModuleType:
    """The module `name` (absolute), run on first use; the module itself if it has run."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    found = importlib.util.module_from_spec(spec)
    sys.modules[name] = found
    spec.loader.exec_module(found)
    parent, _, child = name.rpartition(".")
    if parent:  # as an import does: the package names its module
        setattr(sys.modules[parent], child, found)
    return found
