"""What a build keeps for the next one (fact pages, compiled pages, data files, the zip, the
checked project) is reused only for the very same inputs: an edited figure always shows."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from factbook import cache, kept, open_project, templates
from factbook.published import write_zip

from .conftest import FIXTURES, ROOT, TODAY
from .sitekit import ENV, mini_site, mkdocs_build
from .test_cache import edit_keeping_size_and_time

PAGE = "# Home\n\nFirst quarter: {{ fact('base.q1') }}.\n"


def _build(root: Path, site: Path, **env: str) -> None:
    run = mkdocs_build(root, site, **env)
    assert run.returncode == 0, run.stderr[-2000:]


def _zip_text(site: Path, member: str) -> str:
    with zipfile.ZipFile(site / "factbook-offline.zip") as z:
        return z.read("factbook/" + member).decode("utf-8")


def _tree(site: Path) -> dict:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """A small site built into one folder again and again: anew; unchanged; after a figure was
    edited in a way that keeps its file's size and time (and once with the cache off, into
    another folder); after a page of it was changed by hand; a build that fails; a good one."""
    root = mini_site(tmp_path_factory.mktemp("kept"), PAGE)
    site, page = root / "site", root / "site" / "facts" / "base.q1.html"
    seen = {}
    _build(root, site)
    seen["first"] = (page.stat().st_ino, page.read_text(encoding="utf-8"))
    _build(root, site)
    seen["again"] = (page.stat().st_ino, page.read_text(encoding="utf-8"))
    seen["aside_left"] = (site / kept.ASIDE).exists()
    _edit_figure(root / "facts" / "base.yaml")
    _build(root, site)
    seen["edited"] = _tree(site)
    manifests = sorted((root / cache.FOLDER).glob("kept-*"))
    _build(root, root / "uncached", FACTBOOK_CACHE="off")
    seen["uncached"] = _tree(root / "uncached")
    seen["kept_by_uncached"] = sorted((root / cache.FOLDER).glob("kept-*")) != manifests
    edit_keeping_size_and_time(page, "75,870", "99,999")
    (site / "facts" / "stray.html").write_text("not made by the build", encoding="utf-8")
    _build(root, site)
    seen["by_hand"] = (page.read_text(encoding="utf-8"), (site / "facts" / "stray.html").exists(),
                       _zip_text(site, "facts/base.q1.html"))
    good = (root / "docs" / "index.md").read_text(encoding="utf-8")
    (root / "docs" / "index.md").write_text(good + "\n{{ fact('base.nosuch') }}\n")
    seen["failed"] = mkdocs_build(root, site).returncode
    seen["aside_after_failure"] = (site / kept.ASIDE).exists()
    (root / "docs" / "index.md").write_text(good)
    _build(root, site)
    seen["after_failure"] = _tree(site)
    return root, site, seen


def _edit_figure(path: Path) -> None:
    """75,869 becomes 75,870 in the fact and in what its sources state, the file keeping its
    size and modification time."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("75869", "75870"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_an_unchanged_rebuild_keeps_the_fact_pages(rebuilt):
    _, _, seen = rebuilt
    assert seen["again"] == seen["first"]  # the same file (inode), not written again
    assert "75,869" in seen["again"][1]
    assert not seen["aside_left"]


def test_an_edited_figure_shows_everywhere_after_a_rebuild(rebuilt):
    _, _, seen = rebuilt
    site = seen["edited"]
    page = site[Path("facts/base.q1.html")].decode("utf-8")
    assert "75,870" in page and "75,869" not in page
    assert "75,870" in site[Path("index.html")].decode("utf-8")
    data = json.loads(site[Path("data/facts.json")])
    assert {f["id"]: f["value"] for f in data}["base.q1"] == 75870
    search = site[Path("search/search_index.json")].decode("utf-8")
    assert "75,870" in search and "75,869" not in search


def test_a_rebuild_after_an_edit_is_the_build_from_nothing(rebuilt):
    _, _, seen = rebuilt
    made, anew = seen["edited"], seen["uncached"]
    assert made.keys() == anew.keys()
    assert [name for name in made if made[name] != anew[name]] == []
    assert not seen["kept_by_uncached"]  # with the cache off, nothing is kept


def test_a_page_changed_by_hand_in_the_site_folder_is_written_again(rebuilt):
    _, _, seen = rebuilt
    page, stray_left, zipped = seen["by_hand"]
    assert page == seen["uncached"][Path("facts/base.q1.html")].decode("utf-8")
    assert "99,999" not in zipped and not stray_left


def test_a_failed_build_leaves_nothing_aside_and_the_next_one_is_whole(rebuilt):
    _, _, seen = rebuilt
    assert seen["failed"] != 0 and not seen["aside_after_failure"]
    assert seen["after_failure"] == seen["uncached"]


# A build in a process of its own that lists, as it ends, every module it imported.
_LISTING = """import atexit, runpy, sys
listing, site = sys.argv[1:3]
atexit.register(lambda: open(listing, "w").write("\\n".join(sorted(sys.modules))))
sys.argv = ["mkdocs", "build", "--strict", "--quiet", "--site-dir", site]
runpy.run_module("mkdocs", run_name="__main__")
"""


def test_a_build_of_unchanged_files_imports_nothing_that_makes_pages(rebuilt, tmp_path):
    """A build whose pages and data files were all kept imports none of the modules that make
    them, nor the store's models and pydantic (a fifth of a second at 10,000 facts), and
    gives the same site."""
    root, site, seen = rebuilt
    listed = tmp_path / "modules.txt"
    run = subprocess.run([sys.executable, "-c", _LISTING, str(listed), str(site)], cwd=root,
                         env=ENV, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    modules = set(listed.read_text().split())
    assert {"factbook.adapter", "factbook.site", "factbook.kept"} <= modules
    assert not modules & {"pydantic", "factbook.model", "factbook.check", "factbook.load",
                          "factbook.factpage", "factbook.export", "factbook.render",
                          "factbook.charts", "factbook.format", "factbook.cite"}
    assert _tree(site) == seen["after_failure"]


def _make(root: Path, site: Path, inputs: str, pages: list[tuple], frame: str = "shell"):
    """kept.make over pages (address, title, body), noting what it wrote and read for search."""
    wrote, read, entries = [], [], []

    def write(address, title, description, body):
        wrote.append(address)
        kept.write(site / address, f"<h1>{title}</h1>{body}")  # as hooks.py writes

    def index(address, title, searched):
        read.append(address)
        entries.append({"location": address, "title": title, "text": searched})

    made, _ = kept.make(root, site, "", inputs, frame,
                        [(a, t, None, b, b) for a, t, b in pages], write, index, entries)
    return made, wrote, read, entries


def test_a_folder_left_aside_by_a_failed_build_is_dropped(tmp_path):
    site = tmp_path / "site"
    (site / kept.ASIDE / "facts").mkdir(parents=True)
    (site / kept.ASIDE / "facts" / "old.html").write_text("stale", encoding="utf-8")
    (site / "facts").mkdir()
    (site / "facts" / "new.html").write_text("last build", encoding="utf-8")
    kept.set_aside(site, [""])
    assert (site / kept.ASIDE / "facts" / "new.html").read_text(encoding="utf-8") == "last build"
    assert not (site / kept.ASIDE / "facts" / "old.html").exists()
    assert not (site / "facts").exists()
    # no manifest for this folder: the page is written again, the aside folder is gone
    made, wrote, _, _ = _make(tmp_path, site, "v1", [("facts/new.html", "New", "<p>1</p>")])
    assert made == wrote == ["facts/new.html"]
    assert (site / "facts" / "new.html").read_text(encoding="utf-8") == "<h1>New</h1><p>1</p>"
    assert not (site / kept.ASIDE).exists()


def test_after_an_edit_only_the_pages_that_differ_are_written_and_read(tmp_path):
    site = tmp_path / "site"
    pages = [("facts/a.html", "A", "<p>75,869</p>"), ("facts/b.html", "B", "<p>1</p>"),
             ("facts/gone.html", "Gone", "<p>2</p>")]
    made, wrote, read, first = _make(tmp_path, site, "v1", pages)
    assert made == wrote == read == [p[0] for p in pages]
    # the same inputs: nothing is written or read, the entries come back in order
    kept.set_aside(site, [""])
    made, wrote, read, entries = _make(tmp_path, site, "v1", pages)
    assert (wrote, read, entries) == ([], [], first)
    # a figure edited (new inputs): only its page is written and read again; a page no
    # longer made is removed; the entries keep the pages' order
    edited = [("facts/a.html", "A", "<p>75,870</p>"), pages[1]]
    kept.set_aside(site, [""])
    made, wrote, read, entries = _make(tmp_path, site, "v2", edited)
    assert made == ["facts/a.html", "facts/b.html"] and wrote == read == ["facts/a.html"]
    assert [e["text"] for e in entries] == ["<p>75,870</p>", "<p>1</p>"]
    assert (site / "facts" / "a.html").read_text(encoding="utf-8") == "<h1>A</h1><p>75,870</p>"
    assert not (site / "facts" / "gone.html").exists()
    # a page touched by hand: nothing of the folder is trusted, every page is written
    edit_keeping_size_and_time(site / "facts" / "b.html", "<p>1</p>", "<p>9</p>")
    kept.set_aside(site, [""])
    made, wrote, _, _ = _make(tmp_path, site, "v2", edited)
    assert wrote == made
    assert (site / "facts" / "b.html").read_text(encoding="utf-8") == "<h1>B</h1><p>1</p>"
    # another frame (the theme or the navigation changed): every page is written
    kept.set_aside(site, [""])
    made, wrote, _, _ = _make(tmp_path, site, "v3", edited, frame="another shell")
    assert wrote == made


def test_parts_are_told_apart():
    assert kept.digest("ab", "c") != kept.digest("a", "bc")
    assert kept.digest(None) != kept.digest("")


def _counting(env: jinja2.Environment) -> list[str]:
    compiled: list[str] = []
    compile_ = env.compile

    def counted(source, *args, **kwargs):
        compiled.append(source)
        return compile_(source, *args, **kwargs)

    env.compile = counted
    return compiled


def test_a_page_is_compiled_once_and_renders_the_values_of_each_build(tmp_path):
    source = "Deliveries: {{ fact('q1') }}"
    first = jinja2.Environment()
    compiled = _counting(first)
    templates.keep_compiled(first, tmp_path)
    assert first.from_string(source).render(fact=lambda _: "75,869") == "Deliveries: 75,869"
    assert compiled == [source]
    later = jinja2.Environment()  # the next build: a new process, a new environment
    compiled = _counting(later)
    templates.keep_compiled(later, tmp_path)
    assert later.from_string(source).render(fact=lambda _: "75,870") == "Deliveries: 75,870"
    assert compiled == []  # the compiled code came from the cache; the macro ran again
    edited = "Deliveries: {{ fact('q2') }}"
    assert later.from_string(edited).render(fact=lambda i: i) == "Deliveries: q2"
    assert compiled == [edited]


def test_compiled_pages_are_not_shared_between_other_delimiters(tmp_path):
    source = "[[ x ]] {{ x }}"
    plain = jinja2.Environment()
    templates.keep_compiled(plain, tmp_path)
    assert plain.from_string(source).render(x=1) == "[[ x ]] 1"
    square = jinja2.Environment(variable_start_string="[[", variable_end_string="]]")
    templates.keep_compiled(square, tmp_path)
    assert square.from_string(source).render(x=1) == "1 {{ x }}"


def test_the_zip_is_reused_only_for_the_same_files(tmp_path):
    site = tmp_path / "site"
    (site / "facts").mkdir(parents=True)
    (site / "index.html").write_text("<p>75,869</p>", encoding="utf-8")
    (site / "facts" / "a.html").write_text("fact", encoding="utf-8")
    archive = site / "factbook-offline.zip"
    write_zip(site, archive, "2026-01-01", cache_root=tmp_path, vouched={"facts/": "k1"})
    first = archive.read_bytes()
    write_zip(site, archive, "2026-01-01", cache_root=tmp_path, vouched={"facts/": "k1"})
    assert archive.read_bytes() == first
    edit_keeping_size_and_time(site / "index.html", "75,869", "75,870")
    write_zip(site, archive, "2026-01-01", cache_root=tmp_path, vouched={"facts/": "k1"})
    assert _zip_text(site, "index.html") == "<p>75,870</p>"
    (site / "facts" / "a.html").write_text("FACT", encoding="utf-8")
    write_zip(site, archive, "2026-01-01", cache_root=tmp_path, vouched={"facts/": "k2"})
    assert _zip_text(site, "facts/a.html") == "FACT"
    made = archive.read_bytes()
    write_zip(site, archive, "2026-01-01")  # no cache: zipped anew
    assert archive.read_bytes() == made


def test_data_files_are_copied_only_from_a_whole_kept_folder(tmp_path, make_store):
    """The data files of the same inputs come from the cache without the store; a kept folder
    that lost a file (another build removing it) is a miss: every file is made anew."""
    from factbook.export import EXPORTS, write_all

    store = open_project(make_store({})).store
    asked = []

    def given():
        asked.append(1)
        return store

    def write(into: str) -> dict:
        write_all(given, tmp_path / into, "https://example.org/", cache_root=tmp_path,
                  inputs="inputs")
        return {p.name: p.read_bytes() for p in (tmp_path / into).iterdir()}

    made = write("first")
    assert sorted(made) == sorted(e.name for e in EXPORTS) and len(asked) == 1
    assert write("kept") == made and len(asked) == 1  # copied: the store was not asked
    (kept_folder,) = (tmp_path / cache.FOLDER).glob("exports-*")
    (kept_folder / "facts.csv").unlink()
    assert write("partial") == made and len(asked) == 2  # made anew, every file


def test_the_checked_project_is_kept_without_its_value_checks(make_store):
    root = make_store({})
    first = open_project(root, TODAY)
    again = open_project(root, TODAY)
    assert again.cached and again.context.checkers is None
    assert again.context.checks == first.context.checks
    assert again.context.verdicts == first.context.verdicts
    assert again.context.store is again.store
    fresh = open_project(root, TODAY, checkers=True)
    assert fresh.context.checkers
    from factbook.check import coverage  # the x10 test checks afresh when given a kept report
    assert coverage(again.store, again.context) == coverage(fresh.store, fresh.context)
    edit_keeping_size_and_time(root / "facts" / "base.yaml", "value: 75869", "value: 75870")
    assert open_project(root, TODAY).store.facts["base.q1"].value == 75870


def test_a_record_keeps_only_the_lines_it_cannot_tell_otherwise():
    from factbook.model import Loc

    written = {(): 10, ("id",): 10, ("sources",): 12, ("sources", 0): 13,
               ("sources", 0, "source"): 13, ("sources", 0, "states"): 14, ("note",): 16}
    loc = Loc("facts/a.yaml", 10, dict(written))
    for keys, line in written.items():
        assert loc.of(*keys) == line
    assert loc.of("sources", 0, "locator") == 13 and loc.of("label") == 10
    assert set(loc.fields) == {("sources",), ("sources", 0), ("sources", 0, "states"),
                               ("note",)}
    other = Loc("facts/a.yaml", 30, {("note",): 31})
    assert next(iter(other.fields)) is next(k for k in loc.fields if k == ("note",))


def test_files_the_generator_put_in_facts_are_left_alone(tmp_path):
    site = tmp_path / "site"
    _make(tmp_path, site, "v1", [("facts/a.html", "A", "<p>1</p>")])
    kept.set_aside(site, [""])
    (site / "facts").mkdir()  # docs/facts/map.svg, copied by the generator before the pages
    (site / "facts" / "map.svg").write_text("<svg/>", encoding="utf-8")
    made, wrote, _, _ = _make(tmp_path, site, "v1", [("facts/a.html", "A", "<p>1</p>")])
    assert wrote == made == ["facts/a.html"]
    assert (site / "facts" / "map.svg").read_text(encoding="utf-8") == "<svg/>"
    _, key = kept.make(tmp_path, site, "", "v1", "shell", [], lambda *a: None, None, None)
    assert key is None  # facts/ holds a file not made here: the zip reads its bytes


def test_a_page_written_again_never_writes_through_a_link(tmp_path):
    site = tmp_path / "site"
    _make(tmp_path, site, "v1", [("facts/a.html", "A", "<p>1</p>"),
                                 ("facts/b.html", "B", "<p>2</p>")])
    victim = tmp_path / "victim.txt"
    victim.write_text("not the site's", encoding="utf-8")
    (site / "facts" / "a.html").unlink()
    (site / "facts" / "a.html").symlink_to(victim)
    backup = tmp_path / "backup.html"
    os.link(site / "facts" / "b.html", backup)  # a hard-linked copy, as rsync --link-dest
    kept.set_aside(site, [""])
    _make(tmp_path, site, "v2", [("facts/a.html", "A", "<p>1</p>"),
                                 ("facts/b.html", "B", "<p>3</p>")])
    assert victim.read_text(encoding="utf-8") == "not the site's"
    assert not (site / "facts" / "a.html").is_symlink()
    assert (site / "facts" / "a.html").read_text(encoding="utf-8") == "<h1>A</h1><p>1</p>"
    assert backup.read_text(encoding="utf-8") == "<h1>B</h1><p>2</p>"
    assert (site / "facts" / "b.html").read_text(encoding="utf-8") == "<h1>B</h1><p>3</p>"


def test_an_edit_of_the_adapter_is_an_edit_of_the_site(make_store):
    from factbook import adapter

    root = make_store({})
    conf = {"site_url": "https://example.org/", "extra": {}}
    first = adapter.open_sites(conf, root, b"macros.py as it was")[""]
    again = adapter.open_sites(conf, root, b"macros.py as it was")[""]
    edited = adapter.open_sites(conf, root, b"macros.py edited")[""]
    assert again is first
    assert edited.inputs != first.inputs  # so no page, data file or zip is kept
    limited = adapter.open_sites({**conf, "extra": {"facts_index_limit": 1}}, root,
                                 b"macros.py as it was")[""]
    assert limited.inputs not in (first.inputs, edited.inputs) and limited.index_limit == 1


def test_the_search_settings_are_part_of_what_fact_pages_are_made_of(tmp_path):
    from factbook.adapter import search_settings

    class Search:
        search_index = object()
        config = {"lang": ["zh"], "jieba_dict_user": str(tmp_path / "words.txt")}

    (tmp_path / "words.txt").write_text("成立年份 100\n", encoding="utf-8")
    first = search_settings(Search)
    (tmp_path / "words.txt").write_text("成立年份 100000\n", encoding="utf-8")
    assert search_settings(Search) != first
    Search.config = {"lang": ["en"]}
    assert search_settings(Search) != first


def test_a_compiled_page_holds_no_answer_of_a_filter_for_another_page(tmp_path):
    where = {"page": "a.md"}
    source = "{{ fact('x' | here) }}"
    for page in ("a.md", "b.md"):  # two pages with the same source, one compiled code
        env = jinja2.Environment()
        env.filters["here"] = lambda _: where["page"]
        templates.keep_compiled(env, tmp_path)
        where["page"] = page
        assert env.from_string(source).render(fact=lambda s: s) == page


def test_every_edition_of_one_build_shares_one_set_of_sites(make_store):
    from factbook import adapter

    root = make_store({})
    english = {"site_url": "https://example.org/", "extra": {"alternate": ["en", "zh"]}}
    chinese = {"site_url": "https://example.org/",  # as mkdocs-static-i18n gives the zh build
               "extra": {"alternate": ["zh", "en"], "language_selector": "中文"}}
    assert adapter.open_sites(chinese, root) is adapter.open_sites(english, root)


def test_a_checked_project_in_the_cache_is_read_only_when_something_asks_for_it(make_store,
                                                                                tmp_path):
    """A kept build needs only the project's summary (its problems and languages): the
    project is read from the cache on first use; an edited store is read and checked anew."""
    from factbook import adapter
    from factbook.project import Deferred, Project, digest_of, open_deferred

    root = make_store({})
    conf = {"site_url": "https://example.org/", "extra": {}}
    spec = importlib.util.spec_from_file_location("factbook_macros_kept", ROOT / "macros.py")
    macros = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(macros)

    def sites():
        cache._MEMO.clear()  # as a new build process starts
        return adapter.open_sites(conf, root, b"macros")[""]

    def data_files(site, into: str) -> bytes:  # as the macros plugin asks for them
        macros.on_post_build(SimpleNamespace(
            variables={"factbook_folder": "", "factbook_sites": {"": site}},
            conf={"site_dir": str(tmp_path / into)}, project_dir=str(root)))
        return (tmp_path / into / "data" / "facts.json").read_bytes()

    first = sites()
    assert isinstance(first.project, Project)  # nothing kept yet: loaded and checked
    made = data_files(first, "first")
    kept_site = sites()
    assert isinstance(kept_site.project, Deferred)
    assert kept_site.project.errors == [] and kept_site.project.languages == ()
    # What a build whose pages were all kept asks of its site reads nothing.
    assert "Site" in repr(kept_site) and kept_site.inputs == first.inputs
    assert kept_site.chart_files() == []
    assert data_files(kept_site, "kept") == made  # copied from the cache
    assert kept_site.project._project is None
    assert kept_site.store.facts["base.q1"].value == 75869  # asked: read now
    assert kept_site.project._project is not None and kept_site.checks == first.checks
    assert repr(kept_site.project) == repr(kept_site.project._project)  # printed as itself
    digests = (digest_of(root, "facts"), digest_of(root, "docs"))
    assert isinstance(open_deferred(root, digests, TODAY), Project)  # another day: anew
    assert isinstance(open_deferred(root, digests, TODAY), Deferred)
    edited = root / "facts" / "base.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("75869", "75870"),
                      encoding="utf-8")
    anew = sites()
    assert isinstance(anew.project, Project) and anew.store.facts["base.q1"].value == 75870


def test_a_summary_in_the_cache_stops_a_broken_store_as_the_store_itself_did(make_store,
                                                                            monkeypatch):
    """The errors that stopped a build stop the next one of the same files too, read from the
    summary alone; with the cache off, nothing is deferred."""
    from factbook import adapter, project
    from factbook.project import Deferred, digest_of, open_deferred

    root = make_store({"dup.yaml": (FIXTURES / "bad" / "duplicate-id" / "case.yaml").read_text()})
    conf = {"site_url": "", "extra": {}}
    said = []
    for _ in range(2):
        cache._MEMO.clear()
        with pytest.raises(adapter.SiteError) as stop:
            adapter.open_sites(conf, root)
        said.append(str(stop.value))
        # The second time from the summary alone: the project is not read at all.
        monkeypatch.setattr(project, "open_project", None)
    assert said[0] == said[1] and "1 errors" in said[0]
    monkeypatch.undo()
    monkeypatch.setenv("FACTBOOK_CACHE", "off")
    digests = (digest_of(root, "facts"), digest_of(root, "docs"))
    assert not isinstance(open_deferred(root, digests), Deferred)
