"""Modules imported on first use.

The site layer names the modules that write pages, charts and data files this way: a build
whose pages and data files were all kept from the last one reads none of them, and skips
importing them and the store's models (a fifth of a second).

`module(name)` gives a stand-in that imports the module when one of its names is first read,
and reads every name from the module itself. An import that fails leaves nothing behind, as a
failed import statement does: the next use tries again and fails with the same cause (the
loader of importlib's own lazy recipe would leave a module half run, missing names).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


class _Later(ModuleType):
    """A module's stand-in until first use; then the module's names, read from it."""

    def __getattr__(self, attr: str):
        found = self.__dict__.get("_module")
        if found is None:
            found = importlib.import_module(self.__name__)
            self.__dict__["_module"] = found
        return getattr(found, attr)

    def __repr__(self) -> str:
        return f"<module {self.__name__!r}, imported on first use>"


def module(name: str) -> ModuleType:
    """The module `name` (absolute) if it is imported already, else its stand-in."""
    return sys.modules.get(name) or _Later(name)
