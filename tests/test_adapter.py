"""The macros adapter is thin: driven by a stand-in for the generator's environment (no MkDocs,
no Zensical), it registers every macro of the site layer and forwards calls to it."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

from factbook.pages import MACROS

from .conftest import ROOT


def adapter():
    spec = importlib.util.spec_from_file_location("factbook_macros_adapter", ROOT / "macros.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Env:
    """What a generator's macros plugin hands define_env: config, variables, a page."""

    def __init__(self, root, page=None):
        self.project_dir = str(root)
        self.conf = {"site_url": "https://example.org/book/",
                     "extra": {"issues_url": "https://example.org/issues"}}
        self.variables: dict = {}
        self.macros: dict = {}
        self.page = page

    def macro(self, fn, name):
        self.macros[name] = fn


def page(src: str):
    # Zensical's pages carry a path and an address, MkDocs' a File: the adapter takes either.
    return SimpleNamespace(url=src.replace(".md", ".html"), path=src)


def test_every_macro_is_registered_and_forwarded():
    env = Env(ROOT, page("models/su7.md"))
    adapter().define_env(env)
    assert sorted(env.macros) == sorted(MACROS)
    html = env.macros["fact"]("xiaomi.ev.deliveries.2025-q3")
    assert 'data-fact="xiaomi.ev.deliveries.2025-q3"' in html
    # the link is relative to the page the call is on
    assert 'href="../facts/xiaomi.ev.deliveries.2025-q3.html"' in html


def test_a_failing_call_is_one_line_naming_the_page(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nText.\n\n{{ fact('no.such.fact') }}\n")
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "base.yaml").write_text(
        (ROOT / "tests" / "fixtures" / "base.yaml").read_text())
    module = adapter()
    env = Env(ROOT, page("index.md"))
    module.define_env(env)
    env.project_dir = str(tmp_path)  # the page's text is read from here for the line
    with pytest.raises(module.MacroError) as raised:
        env.macros["fact"]("no.such.fact")
    message = str(raised.value)
    assert message.startswith("docs/index.md:5: fact: unknown fact id 'no.such.fact'")
    assert "\n" not in message and "Traceback" not in message


def test_the_checked_site_is_kept_while_the_files_stay_the_same(make_store):
    root = make_store({})
    (root / "docs").mkdir()
    module = adapter()
    first, second = Env(root, page("index.md")), Env(root, page("index.md"))
    module.define_env(first)
    module.define_env(second)
    assert first.variables["factbook_site"] is second.variables["factbook_site"]
    text = (root / "facts" / "base.yaml").read_text()
    (root / "facts" / "base.yaml").write_text(text.replace("75869", "75870"))
    third = Env(root, page("index.md"))
    module.define_env(third)
    assert third.variables["factbook_site"] is not first.variables["factbook_site"]
    assert third.variables["factbook_site"].store.facts["base.q1"].value == 75870
