"""Documentation keeps up with the code: every macro is in the README, every Make target has
help, and every unit of the registry is listed for editors."""

from __future__ import annotations

import re

from factbook.model import UNITS
from factbook.pages import MACROS
from factbook.site import Page

from .conftest import ROOT


def test_every_macro_is_documented_in_the_readme():
    # The site layer's page methods are the macros; the check judges calls against MACROS.
    macros = [n for n, v in vars(Page).items() if callable(v) and not n.startswith("_")
              and n != "link"]
    assert sorted(macros) == sorted(MACROS)
    readme = (ROOT / "README.md").read_text()
    missing = [m for m in macros if f"`{m}(" not in readme]
    assert missing == [], "document these macros in README.md"


def test_every_make_target_has_help():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, re.M)
    undocumented = [t for t in targets if not re.search(rf"^{t}:.*## ", makefile, re.M)]
    assert undocumented == []


def test_every_unit_is_listed_for_editors():
    fmt = (ROOT / "facts" / "FORMAT.md").read_text()
    assert [u for u in UNITS if u not in fmt] == []
