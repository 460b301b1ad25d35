"""The macros adapter is thin: driven by a stand-in for the generator's environment (no MkDocs,
no Zensical), it registers every macro of the site layer and forwards calls to it."""

from __future__ import annotations

import importlib.util
import re
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


# ------------------------------------------------------------------ figures past Markdown

def _figures(stashed: bool):
    """fact() on a page, through the stash or not: (macro, stash or None)."""
    from factbook.adapter import Stash

    env = Env(ROOT, page("models/su7.md"))
    adapter().define_env(env)
    stash = Stash() if stashed else None
    if stash is not None:
        env.variables["factbook_stash"] = stash
    env.markdown = "The page's source, as the macros read it.\n"
    return env.macros, stash


PAGE = """# Deliveries

Deliveries came to {a}, {b} of them abroad.

- In a list: {a}
- Range: {r}
- Past {a}
  {b} on the next line (which the search parser reads as one space).

| Quarter | Deliveries |
|---------|------------|
| Q3      | {a}        |

## Heading with {a}

Setext heading with {b}
-----------------------

Code `{a}` in a span, and a figure {b} on the same line.

```
{a}
```

    indented {a}

Attributes {a}
{{: .note }}

<div class="raw">{a} in raw HTML</div>
"""


def _page(macros) -> str:
    """PAGE with a macro call for each figure, as the page's template would make them."""
    a, b = "xiaomi.ev.deliveries.2025-q3", "xiaomi.ev.deliveries.2025-q2"
    calls = {"{a}": lambda: macros["fact"](a), "{b}": lambda: macros["fact"](b, style="short"),
             "{r}": lambda: macros["fact_range"](a, b)}
    parts = re.split(r"(\{[abr]\})", PAGE.replace("{{", "{").replace("}}", "}"))
    return "".join(calls[p]() if p in calls else p for p in parts)


def _convert(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["attr_list", "tables", "admonition", "toc"],
                             extension_configs={"toc": {"permalink": True}})


def test_a_stashed_figure_comes_out_of_markdown_as_the_same_html():
    plain, _ = _figures(False)
    stashed, stash = _figures(True)
    direct = _page(plain)
    through = _page(stashed)
    assert 'data-fact="' in direct and 'data-fact="' not in through.split("## Heading")[0]
    searched, shown = stash.html("models/su7.html",
                                 _convert(stash.markdown("models/su7.html", through)))
    assert shown == _convert(direct)
    assert "\U000f0000" not in shown and not stash.held  # nothing left over for another page
    # headings, code, attribute lists and indented lines got the markup before Markdown ran
    assert 'id="heading-with-' in shown and '<code>&lt;a class="fact-figure"' in shown


def test_the_search_index_reads_a_stashed_page_as_it_reads_the_page():
    from material.plugins.search.plugin import Parser

    def read(html: str):
        parser = Parser()
        parser.feed(html)
        parser.close()
        return [("".join(s.title), "".join(s.text)) for s in parser.data]

    stashed, stash = _figures(True)
    searched, shown = stash.html("models/su7.html",
                                 _convert(stash.markdown("models/su7.html", _page(stashed))))
    first = searched.split("<h2")[0]  # before the heading, whose figure is markup anyway
    assert 'data-fact="' not in first and "data-tip" not in first and "data-tip" in shown
    assert read(searched) == read(shown)
    assert any("Deliveries came to" in text for _, text in read(searched))


def test_a_page_with_private_use_characters_of_its_own_gets_plain_markup():
    stashed, stash = _figures(True)
    own = "\U000f0001 is a character of the page's own.\n\n" + stashed["fact"](
        "xiaomi.ev.deliveries.2025-q3") + "\n"
    out = stash.markdown("models/su7.html", own)
    assert out.startswith("\U000f0001 is") and 'data-fact="xiaomi.ev.deliveries.2025-q3"' in out
    assert stash.html("models/su7.html", "<p>\U000f0001</p>") == ("<p>\U000f0001</p>",) * 2


def test_a_figure_repeated_by_the_template_is_markup_each_time():
    stashed, stash = _figures(True)
    mark = stashed["fact"]("xiaomi.ev.deliveries.2025-q3")
    out = stash.markdown("models/su7.html", f"{mark} and {mark}\n")
    assert out.count('data-fact="xiaomi.ev.deliveries.2025-q3"') == 2 and mark not in out


def test_a_page_whose_source_holds_private_use_characters_gets_no_marks():
    from factbook.adapter import Stash

    env = Env(ROOT, page("models/su7.md"))
    adapter().define_env(env)
    env.variables["factbook_stash"] = Stash()
    env.markdown = "Its own \U000f0000 character.\n{{ fact('xiaomi.ev.deliveries.2025-q3') }}\n"
    assert env.macros["fact"]("xiaomi.ev.deliveries.2025-q3").startswith("<a class=")


def test_a_figure_given_to_another_macro_or_a_title_is_its_markup():
    stashed, stash = _figures(True)
    mark = stashed["fact"]("xiaomi.ev.deliveries.2025-q3")
    markup = stash.text("models/su7.html", mark)
    assert markup.startswith("<a class=") and stash.text("models/su7.html", f"Q3 {mark}") == \
        f"Q3 {markup}"
    card = stashed["card"]("xiaomi.ev.deliveries.2025-q2", title=mark)
    plain, _ = _figures(False)
    assert card == plain["card"]("xiaomi.ev.deliveries.2025-q2", title=markup)


@pytest.mark.parametrize("text", [
    "> ## Sales {a}\n", "- ## Sales {a}\n", "> Sales {a}\n> -----\n", "![chart {a}](x.png)\n",
    '[link](x.html "title {a}")\n', "A `code\n{a}\nspan` here.\n"])
def test_a_mark_markdown_did_not_keep_as_text_is_found(text):
    stashed, stash = _figures(True)
    source = text.replace("{a}", stashed["fact"]("xiaomi.ev.deliveries.2025-q3"))
    html = _convert(stash.markdown("models/su7.html", source))
    assert stash.misplaced("models/su7.html", html)
    plain, _ = _figures(False)
    direct = text.replace("{a}", plain["fact"]("xiaomi.ev.deliveries.2025-q3"))
    assert _convert(stash.markup_all("models/su7.html", source)) == _convert(direct)


def test_marks_kept_as_text_are_not_misplaced():
    stashed, stash = _figures(True)
    source = _page(stashed)
    assert not stash.misplaced("models/su7.html",
                               _convert(stash.markdown("models/su7.html", source)))


def test_without_a_stash_figures_are_markup():
    plain, _ = _figures(False)
    assert plain["fact"]("xiaomi.ev.deliveries.2025-q3").startswith('<a class="fact-figure"')


def test_a_page_of_unclosed_code_tags_is_read_once():
    # Raw HTML may leave tags open: each is passed once, not searched to the end of the page.
    stashed, stash = _figures(True)
    mark = stashed["fact"]("xiaomi.ev.deliveries.2025-q3")
    page = f"<p>{mark}</p>" + "<pre>x" * 50_000
    assert not stash.misplaced("models/su7.html", page)
    assert stash.misplaced("models/su7.html", page + mark)
