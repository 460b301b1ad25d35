"""factbook: a checked store of facts about Xiaomi's EV business, independent of any site generator.

Data flows one way: facts/*.yaml -> load -> check -> (pages render | export writes data).

Names are imported when first used, so a command served from the cache (`factbook check` on
unchanged files) starts without loading pydantic, YAML or Jinja. `factbook.check` is the
package of checks; its entry point is `factbook.check.check`.
"""

from __future__ import annotations

import importlib

__all__ = [
    "Coverage", "PageRef", "Problem", "Project", "Store", "coverage", "load_store",
    "open_project", "run", "scan",
]
_WHERE = {
    "Coverage": "check", "Report": "check", "coverage": "check", "run": "check",
    "load_store": "load", "Problem": "model", "Store": "model", "PageRef": "pages",
    "scan": "pages", "Project": "project", "open_project": "project",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'factbook' has no attribute {name!r}")
