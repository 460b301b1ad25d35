"""Pages rendered and converted once (adapter.Renderings, factbook.converted): the next build
reuses them only for the very same inputs, does again what they did (figures, charts), and
says again what a page's conversion said (a broken link fails a strict build every time)."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from factbook import adapter
from factbook.adapter import Renderings, Stash
from factbook.converted import Conversions

from .sitekit import ENV, mini_site, mkdocs_build
from .test_adapter import Env
from .test_adapter import adapter as macros_module

# ------------------------------------------------------------------ conversions


class Files(list):
    def get_file_from_path(self, path):
        return next((f for f in self if f.src_uri == path), None)


@dataclass(frozen=True)
class FakeFile:
    src_uri: str
    dest_uri: str
    url: str
    inclusion: str = "INCLUDED"


def _file(src: str) -> FakeFile:
    return FakeFile(src, src.replace(".md", ".html"), src.replace(".md", ".html"))


class FakePage:
    def __init__(self, src: str, markdown: str):
        self.file, self.markdown = _file(src), markdown
        self.content = self.toc = self._title_from_render = None
        self.present_anchor_ids = self.links_to_anchors = None


def _converter(calls: list, warn: bool = False):
    """A conversion as the generator's: sets the page's parts, links to other.md#part."""
    def convert(page, files):
        def run(config, files_):
            calls.append(page.markdown)
            if warn:
                logging.getLogger("mkdocs.structure.pages").warning("a link to nowhere")
            page.content = f"<p>{page.markdown}</p>"
            page.toc, page._title_from_render = ["toc"], "Title"
            page.present_anchor_ids = {"part"}
            target = files.get_file_from_path("other.md")
            page.links_to_anchors = {target: {"part": "other.md#part"}} if target else {}
        return run
    return convert


def _convert_once(root: Path, markdown: str, files: Files, warn: bool = False):
    calls: list = []
    conversions = Conversions(root, root / "site", "", "adapter")
    page = FakePage("index.md", markdown)
    conversions.render(page, {"markdown_extensions": ["toc"]}, files,
                       _converter(calls, warn)(page, files))
    conversions.save()
    return page, calls


def test_a_page_converted_before_is_not_converted_again(tmp_path):
    files = Files([_file("index.md"), _file("other.md")])
    first, calls = _convert_once(tmp_path, "Text", files)
    assert calls == ["Text"]
    again, calls = _convert_once(tmp_path, "Text", files)
    assert calls == []
    assert (again.content, again.toc, again._title_from_render) == ("<p>Text</p>", ["toc"],
                                                                  "Title")
    assert again.present_anchor_ids == {"part"}
    assert again.links_to_anchors == {files[1]: {"part": "other.md#part"}}
    # another figure in the Markdown, or the page linked to gone: converted anew
    _, calls = _convert_once(tmp_path, "Text 2", files)
    assert calls == ["Text 2"]
    _, calls = _convert_once(tmp_path, "Text", Files([_file("index.md"), _file("else.md")]))
    assert calls == ["Text"]


def test_a_conversion_that_warned_runs_and_warns_again(tmp_path, caplog):
    files = Files([_file("index.md"), _file("other.md")])
    with caplog.at_level(logging.WARNING):
        _convert_once(tmp_path, "Text", files, warn=True)
        _, calls = _convert_once(tmp_path, "Text", files, warn=True)
    assert calls == ["Text"]
    assert [r.getMessage() for r in caplog.records] == ["a link to nowhere"] * 2


def test_with_the_cache_off_every_page_is_converted(tmp_path, monkeypatch):
    files = Files([_file("index.md"), _file("other.md")])
    _convert_once(tmp_path, "Text", files)
    monkeypatch.setenv("FACTBOOK_CACHE", "off")
    _, calls = _convert_once(tmp_path, "Text", files)
    assert calls == ["Text"]


# ------------------------------------------------------------------ renderings

def _env(root: Path, source: str, meta: dict | None = None):
    """A macros environment on page index.md whose macros are the real ones, counted."""
    page = SimpleNamespace(url="index.html", file=SimpleNamespace(src_uri="index.md"),
                           meta=dict(meta or {}), title="Home")
    env = Env(Path(__file__).resolve().parents[1], page)
    macros_module().define_env(env)
    env.config = {"on_undefined": "strict"}
    env.env = jinja2.Environment()  # the macros' own Jinja, which reads the page
    env.variables["factbook_stash"] = Stash()
    env.variables["factbook_rendered"] = Renderings(root, root / "site", "", "adapter")
    env.markdown = source
    return env


def _render(env, calls: list) -> str:
    """What mkdocs-macros does with a page: the pre hook, the template unless the page's
    front matter says render_macros: false, the post hook."""
    adapter.before_macros(env)
    if env.page.meta.get("render_macros") is not False:
        calls.append(env.markdown)
        if "WARN" in env.markdown:
            logging.getLogger("mkdocs.plugins.macros").warning("a macro said something")
        env.markdown = env.markdown.replace(
            "FIGURE", env.macros["fact"]("xiaomi.ev.deliveries.2025-q3")).replace(
            "CHART", env.macros["chart"]("xiaomi.ev.deliveries.2025-q2",
                                         "xiaomi.ev.deliveries.2025-q3", title="Deliveries"))
    adapter.after_macros(env)
    env.variables["factbook_rendered"].save()
    return env.markdown


def test_a_page_rendered_before_is_its_kept_markdown_with_its_figures_and_charts(tmp_path):
    calls: list = []
    first = _env(tmp_path, "A figure: FIGURE\n\nCHART\n", {"title": "Home"})
    out = _render(first, calls)
    held = first.variables["factbook_stash"].held["index.html"]
    charts = dict(first.variables["factbook_site"].charts)
    assert calls and len(held) == 1 and charts
    again = _env(tmp_path, "A figure: FIGURE\n\nCHART\n", {"title": "Home"})
    again.variables["factbook_site"].charts.clear()
    assert _render(again, calls) == out and len(calls) == 1  # the macros did not run
    assert again.variables["factbook_stash"].held["index.html"] == held
    assert again.variables["factbook_site"].charts == charts  # its CSV is written again
    assert again.page.meta == {"title": "Home"}  # the front matter as it was


def test_a_kept_chart_that_another_page_now_names_otherwise_is_drawn_and_fails_as_drawn(
        tmp_path):
    """A kept page's chart whose name another page now gives to other figures (a page that
    reads the configuration is never kept) is drawn again, and stops the build as it does
    when drawn: with the page, the macro and the clash, never a traceback."""
    calls: list = []
    _render(_env(tmp_path, "CHART\n"), calls)
    again = _env(tmp_path, "CHART\n")
    site = again.variables["factbook_site"]
    (name,) = site.charts
    site.charts.clear()
    site.register_chart(name, ["xiaomi.ev.deliveries.2025-q1"])  # another page, drawn first
    try:
        with pytest.raises(adapter.MacroError, match=r"^docs/index\.md:\d+: chart: two "
                           r"charts are named 'deliveries' with different figures"):
            _render(again, calls)
    finally:
        site.charts.clear()  # the site is the process's, shared with the other tests
    assert len(calls) == 2


@pytest.mark.parametrize("change", ["source", "meta", "config", "title"])
def test_a_page_is_rendered_again_when_anything_it_is_made_of_differs(tmp_path, change):
    calls: list = []
    source = "A figure: FIGURE\n"
    _render(_env(tmp_path, source), calls)
    env = _env(tmp_path, source + ("more\n" if change == "source" else ""),
               {"hide": ["toc"]} if change == "meta" else None)
    if change == "config":
        env.config = {"on_undefined": "keep"}
    if change == "title":
        env.page.title = "{{ label('xiaomi.ev.deliveries.2025-q3') }}"
    _render(env, calls)
    assert len(calls) == 2


@pytest.mark.parametrize("source", [
    "{% include 'part.md' %}\n", "{%+ include 'part.md' %}\n", "{% import 'm.j2' as m %}\n",
    "Headline: {{ fact(headline) }}\n", "{% set n = config.site_name %}{{ n }}\n",
    "{% set t = page.title %}{{ t }}\n", "{{ now() }}\n", "WARN FIGURE\n"])
def test_a_page_that_reads_more_than_its_source_or_logs_is_rendered_every_time(tmp_path,
                                                                             source):
    calls: list = []
    for _ in range(2):
        _render(_env(tmp_path, "A figure: FIGURE\n" + source), calls)
    assert len(calls) == 2


class _Counting(jinja2.Environment):
    """The macros' Jinja, counting the templates it reads."""

    parsed = 0

    def parse(self, *args, **kwargs):
        type(self).parsed += 1
        return super().parse(*args, **kwargs)


def test_whether_a_page_reads_only_macros_is_read_once_for_its_source_and_syntax(tmp_path):
    """After an edit of the store every page renders again, but whether its template reads
    anything besides the macros is known from the last build, for the same source read with
    the same delimiters; other delimiters read it anew."""
    calls: list = []
    source = "A figure: FIGURE {{ config.site_name }}\n"  # reads the configuration: not kept
    for meta in ({}, {"hide": ["toc"]}):  # another page's key each time: rendered each time
        env = _env(tmp_path, source, meta)
        env.env = _Counting()
        _render(env, calls)
    assert len(calls) == 2 and _Counting.parsed == 1
    env = _env(tmp_path, source)
    env.env = jinja2.Environment(variable_start_string="[[", variable_end_string="]]")
    _render(env, calls)  # {{ config.site_name }} is text under these delimiters: kept now
    env = _env(tmp_path, source)
    env.env = jinja2.Environment(variable_start_string="[[", variable_end_string="]]")
    _render(env, calls)
    assert len(calls) == 3


def test_a_page_of_macro_calls_and_its_own_names_is_kept(tmp_path):
    calls: list = []
    source = "{% set x = 3 %}{% for i in [1, 2] %}{{ i }}{% endfor %}{{ x }} FIGURE\n"
    for _ in range(2):
        _render(_env(tmp_path, source), calls)
    assert len(calls) == 1


# ------------------------------------------------------------------ whole builds

def test_a_broken_link_fails_every_strict_build_not_only_the_first(tmp_path):
    root = mini_site(tmp_path, "# Home\n\nSee [the rest](nowhere.md), {{ fact('base.q1') }}.\n")
    for _ in range(2):
        run = mkdocs_build(root, root / "site")
        assert run.returncode == 1, run.stderr
        assert "nowhere.md" in run.stderr
    # --quiet as `make site` builds: MkDocs' own --quiet would silence the warning, and pass
    quiet = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                            "--site-dir", str(root / "site")], cwd=root, capture_output=True,
                           text=True, env=ENV)
    assert quiet.returncode == 1
    assert "contains a link 'nowhere.md'" in quiet.stderr and "INFO" not in quiet.stderr


def test_a_kept_page_draws_its_chart_data_again(tmp_path):
    page = "# Home\n\n{{ chart('base.q1', 'base.q2', title='Quarters') }}\n"
    root = mini_site(tmp_path, page)
    csv = root / "site" / "data" / "charts"
    assert mkdocs_build(root, root / "site").returncode == 0
    first = {p.name: p.read_bytes() for p in csv.iterdir()}
    assert first and (root / ".cache" / "factbook").is_dir()
    assert mkdocs_build(root, root / "site").returncode == 0
    assert {p.name: p.read_bytes() for p in csv.iterdir()} == first
