"""The built site in a real browser (Debian's Chromium driven by Playwright), over http and from
file://: navigation, figures to permalinks, search, copying a citation, no console errors, no
request to another origin, accessibility (axe-core), keyboard reach, screenshots.

In CI a missing browser fails the run; elsewhere these tests skip and say why.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlsplit

import pytest

from .conftest import AXE, ROOT, Tab

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def server(built):
    site, _ = built
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(params=["http", "file"])
def base(request, built, server):
    return server if request.param == "http" else built[0].as_uri() + "/"


class Watch:
    """A page that records console errors and blocks (and counts) requests to other origins:
    the worker's one tab (conftest.Tab), or a new page of the context given."""

    def __init__(self, where, base: str):
        self.errors: list[str] = []
        self.outside: list[str] = []
        own = urlsplit(base)

        def route(r):
            url = urlsplit(r.request.url)
            if url.scheme in ("file", "data", "blob") or (url.scheme, url.netloc) == (
                    own.scheme, own.netloc):
                return r.continue_()
            self.outside.append(r.request.url)
            return r.abort()

        def console(m):
            if m.type == "error":
                self.errors.append(m.text)

        def error(e):
            self.errors.append(str(e))

        if isinstance(where, Tab):
            where.route = route
            self.page = where.page
            on = where.on
        else:  # a context of its own
            where.route("**/*", route)
            self.page = where.new_page()
            on = self.page.on
        on("console", console)
        on("pageerror", error)

    def clean(self):
        assert self.errors == [], self.errors
        assert self.outside == [], f"requests to other origins: {self.outside}"


def _watched(tab, base):
    yield Watch(tab, base)


@pytest.fixture
def watch(tab, base):
    yield from _watched(tab, base)


# The same HTML is served either way: what does not depend on how the pages are reached (layout,
# accessibility, keyboard, links) runs once, from file://, the stricter of the two.
@pytest.fixture
def file_base(built):
    return built[0].as_uri() + "/"


@pytest.fixture
def file_watch(tab, file_base):
    yield from _watched(tab, file_base)


PAGES = ["index.html", "brand.html", "plants.html", "models/su7.html", "models/su7-ultra.html",
         "models/yu7.html", "deliveries.html", "finances.html", "market.html", "exports.html",
         "audit.html", "facts.html", "sources.html", "method.html", "downloads.html"]
# Kept whole as screenshots, at each size.
PICTURED = ["index.html", "models/yu7.html", "facts.html", "audit.html",
            "facts/xiaomi.ev.deliveries.2025-q3.html"]
# Read by axe-core (the last four for their charts and the timeline).
AXE_PAGES = ["index.html", "models/su7.html", "facts.html", "audit.html",
             "facts/xiaomi.ev.deliveries.2025-q3.html",
             "deliveries.html", "finances.html", "timeline.html", "models/yu7.html"]
# Every chart is kept as a picture of its own and must fit the page.
CHART_PAGES = ["index.html", "deliveries.html", "finances.html", "market.html", "plants.html",
               "models/su7.html", "models/yu7.html", "models/su7-ultra.html", "timeline.html"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


# What a reader only looks at is checked in one visit of each page, at a desktop's size and
# then, for the pages kept as pictures and those with charts, at a phone's (the window narrowed,
# as a phone's is from the start: the layout answers to the width, not to how it came): a page
# load costs Chromium about half a second of CPU, axe-core up to two seconds on a large page.
# The interactive tests below open the pages they act on themselves.
@pytest.mark.parametrize("page", sorted({*PAGES, *PICTURED, *AXE_PAGES, *CHART_PAGES}))
def test_a_page_on_a_desktop_and_a_phone(file_watch, file_base, page):
    """It opens with one heading, no console error and no request to another origin; it has no
    serious accessibility violation; its screenshot and its charts' are kept, at each size (on a
    phone in both colour schemes), and they fit: nothing is wider than a phone."""
    p = file_watch.page
    p.goto(file_base + page)
    if page in PAGES:
        assert p.locator("article h1").count() == 1, page
    if page in PICTURED:  # first, as the page opens
        _screenshot(p, page, SIZES["desktop"])
    if page in AXE_PAGES:
        assert serious_violations(p) == []
    if page in CHART_PAGES:  # on a desktop in the light scheme (the dark one is on the phone)
        _charts_fit(p, page, "desktop", ("default",))
    if page in PICTURED or page in CHART_PAGES:
        width, height = SIZES["phone"]
        p.set_viewport_size({"width": width, "height": height})
        p.evaluate("window.scrollTo(0, 0)")
        # The header's title slides back once the page is at its top again: a picture taken
        # during a transition would show both titles at once.
        p.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        assert p.evaluate("window.innerWidth") == width
        if page in PICTURED:
            _screenshot(p, page, SIZES["phone"])
        if page in CHART_PAGES:
            _charts_fit(p, page, "phone", ("default", "slate"))
        else:
            assert p.evaluate("document.documentElement.scrollWidth") <= width, page
    file_watch.clean()


def _screenshot(p, page: str, size: tuple[int, int]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = f"file-{size[0]}-{page.replace('/', '-').removesuffix('.html')}.png"
    p.screenshot(path=str(ARTIFACTS / name))
    assert (ARTIFACTS / name).stat().st_size > 5000


# The box of every chart's drawing, as Playwright's bounding_box gives it (CSS pixels from the
# viewport's corner), or null where a chart has none.
_CHART_BOXES = """() => [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg.chart-svg');
    if (!svg) return null;
    const r = svg.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
})"""


def _charts_fit(p, page: str, size: str, schemes: tuple[str, ...]) -> None:
    """Each chart of the open page kept as a picture of its own, in each of Material's colour
    schemes (as its toggle sets them); each drawing within the width and taller than 80 pixels,
    and the page no wider than the window."""
    width = SIZES[size][0]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = page.replace("/", "-").removesuffix(".html")
    for scheme in schemes:
        p.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        for i, fig in enumerate(p.locator("figure.chart").all()):
            fig.screenshot(path=str(ARTIFACTS / f"chart-{stem}-{i}-{size}-{scheme}.png"))
        for i, box in enumerate(p.evaluate(_CHART_BOXES)):
            assert box is not None, (page, i, "no svg.chart-svg")
            assert box["width"] <= width and box["x"] >= 0, (page, i)
            assert box["height"] > 80, (page, i)
        assert p.evaluate("document.documentElement.scrollWidth") <= width, page


@pytest.fixture
def http_watch(tab, server):
    yield from _watched(tab, server)


def test_pages_open_cleanly_over_http(http_watch, server):
    # Over http the pages fetch the same files by address rather than by path: a page of each
    # kind (a topic, a fact page, the index) shows any request that goes astray.
    watch = http_watch
    for page in ("index.html", "models/su7.html", "facts.html",
                 "facts/xiaomi.ev.deliveries.2025-q3.html"):
        watch.page.goto(server + page)
        assert watch.page.locator("article h1").count() == 1, page
    watch.clean()


def test_a_figure_leads_to_its_permalink(file_watch, file_base):
    watch, base = file_watch, file_base
    p = watch.page
    p.goto(base + "models/yu7.html")
    figure = p.locator("article a.fact-figure").first
    fid = figure.locator("[data-fact]").first.get_attribute("data-fact")
    assert "Source:" in figure.get_attribute("data-tip")
    assert figure.get_attribute("title") is None  # one preview, not two
    figure.click()
    p.wait_for_load_state()
    assert p.url.endswith(f"facts/{fid}.html")
    assert p.locator(f'h1[id="{fid}"]').is_visible()
    assert p.locator("#sources + ul.fact-sources li").count() >= 1
    watch.clean()


def test_an_old_permalink_lands_on_the_fact_row(file_watch, file_base):
    p = file_watch.page
    fid = "xiaomi.ev.deliveries.2025-q3"
    p.goto(file_base + f"facts.html#{fid}")
    row = p.locator(f'tr[id="{fid}"]')
    assert row.is_visible() and row.evaluate("e => e.matches(':target')")
    row.locator("a").first.click()
    p.wait_for_load_state()
    assert p.url.endswith(f"facts/{fid}.html")
    file_watch.clean()


def test_the_facts_index_filters_as_one_types(file_watch, file_base):
    p = file_watch.page
    p.goto(file_base + "facts.html")
    total = p.locator("table.facts-index tbody tr").count()
    box = p.get_by_label("Filter facts")
    box.fill("gross margin")
    visible = p.locator("table.facts-index tbody tr:visible")
    assert 0 < visible.count() < total
    for text in visible.all_inner_texts():
        assert "gross margin" in text.lower()
    box.fill("")
    assert p.locator("table.facts-index tbody tr:visible").count() == total
    file_watch.clean()


def test_search_finds_a_model(watch, base):
    p = watch.page
    p.goto(base + "index.html")
    box = p.locator("input.md-search__input")
    box.click()
    box.press_sequentially("YU7", delay=30)  # Material searches on key events, as a reader types
    results = p.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    # Results update as one types: wait for those of the whole word.
    p.wait_for_function("() => { const a = document.querySelector('.md-search-result__item a');"
                        " return a && a.href.endsWith('h=YU7') || a && a.href.endsWith('h=yu7') }",
                        timeout=15000)
    assert results.count() > 0
    # One result per page; the model's own page is among the first ten.
    hrefs = [item.locator("a").first.get_attribute("href") for item in results.all()[:10]]
    assert any("models/yu7.html" in h for h in hrefs), hrefs
    assert not any("retired" in h for h in hrefs)
    watch.clean()


def _shown(fid: str) -> str:
    """A figure as pages show it, from the store: '108,796'."""
    from factbook import open_project
    from factbook.format import value_text

    return value_text(open_project(ROOT).store.facts[fid], unit=False, bound=False)


def test_search_for_a_figure_lands_on_its_fact(file_watch, file_base):
    p = file_watch.page
    p.goto(file_base + "index.html")
    box = p.locator("input.md-search__input")
    box.click()
    figure = _shown("xiaomi.ev.deliveries.2025-q3")
    box.press_sequentially(figure, delay=30)
    first = p.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    p.wait_for_function("f => { const a = document.querySelector('.md-search-result__item a');"
                        " return a && a.href.includes('h=' + encodeURIComponent(f)) }",
                        arg=figure, timeout=15000)
    assert "facts/xiaomi.ev.deliveries.2025-q3.html" in first.locator("a").first.get_attribute(
        "href")
    file_watch.clean()


def test_copy_citation(tab, base, server):
    tab.page.set_viewport_size({"width": 1280, "height": 720})  # a new context's
    if base == server:
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server[:-1])
    w = Watch(tab, base)
    p = w.page
    fid = "xiaomi.ev.deliveries.2025-q3"
    p.goto(base + f"facts/{fid}.html")
    text = p.locator('pre[id="cite-text"]').inner_text()
    assert _shown(fid) in text and f"facts/{fid}.html" in text and "[date accessed]" not in text
    assert not text.startswith("factbook")  # the sources come first
    button = p.locator('button[data-copy="cite-text"]')
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    button.click()
    p.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
    if base == server:
        assert p.evaluate("navigator.clipboard.readText()") == text
    w.clean()


def serious_violations(p) -> list[dict]:
    """axe-core's serious and critical findings on the open page (a few nodes of each). Every
    rule runs; the selectors naming the nodes, a third of axe's time on a large page, are made
    only when there is something to name."""
    p.add_script_tag(path=str(AXE))
    found = [v for v in _axe(p, selectors=False) if v["impact"] in ("serious", "critical")]
    return [v for v in _axe(p, selectors=True) if v["impact"] in ("serious", "critical")] \
        if found else []


def _axe(p, selectors: bool) -> list[dict]:
    # preload: false stops axe fetching stylesheets itself, which file:// forbids.
    nodes = "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))" if selectors else "nodes: []"
    return p.evaluate("async () => (await axe.run(document, {resultTypes: ['violations'], "
                      f"preload: false, selectors: {str(selectors).lower()}}}))"
                      f".violations.map(v => ({{id: v.id, impact: v.impact, {nodes}}}))")


def test_keyboard_reaches_every_figure(file_watch, file_base):
    watch, base = file_watch, file_base
    p = watch.page
    p.goto(base + "models/su7-ultra.html")
    figures = p.locator("article a.fact-figure").count()
    assert figures > 0
    reached = set()
    for _ in range(figures + 200):
        p.keyboard.press("Tab")
        key = p.evaluate("() => { const a = document.activeElement;"
                         " return a && a.matches('article a.fact-figure') ?"
                         " [...document.querySelectorAll('article a.fact-figure')].indexOf(a)"
                         " : -1 }")
        if key >= 0:
            reached.add(key)
            preview = p.locator("#fact-preview")
            assert preview.is_visible() and "Source:" in preview.inner_text()
            assert p.evaluate("() => document.activeElement.getAttribute('aria-describedby')"
                              ) == "fact-preview"
        if len(reached) == figures:
            break
    assert len(reached) == figures
    watch.clean()


def test_a_preview_closes_with_escape_and_stays_in_the_window(file_watch, file_base):
    p = file_watch.page
    p.set_viewport_size({"width": 390, "height": 844})
    p.goto(file_base + "index.html")
    figures = p.locator("article a.fact-figure")
    for i in (0, figures.count() - 1):
        figures.nth(i).focus()
        preview = p.locator("#fact-preview")
        assert preview.is_visible()
        box = preview.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        p.keyboard.press("Escape")
        assert not preview.is_visible()
    file_watch.clean()


def test_a_first_tap_previews_and_a_second_opens(browser, file_base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    w = Watch(context, file_base)
    p = w.page
    p.goto(file_base + "deliveries.html")
    figure = p.locator("article a.fact-figure").first
    href = figure.get_attribute("href")
    figure.tap()
    preview = p.locator("#fact-preview")
    assert preview.is_visible() and p.url.endswith("deliveries.html")
    assert preview.locator("a").get_attribute("href") == p.evaluate(
        "h => new URL(h, location.href).href", href)
    figure.tap()
    p.wait_for_url("**/facts/**", timeout=10000)
    w.clean()
    context.close()


def test_offline_zip_opens(tmp_path, built):
    """The downloadable copy unpacks to a site that opens from the file system."""
    site, _ = built
    archive = site / "factbook-offline.zip"
    assert archive.is_file(), "make offline writes it; the build links to it"
    shutil.unpack_archive(archive, tmp_path)
    assert (tmp_path / "factbook" / "index.html").is_file()
    assert not list(tmp_path.rglob("*.map"))  # no source maps in the download
    error_page = (tmp_path / "factbook" / "404.html").read_text()
    assert 'href="facts.html"' in error_page and 'href="/' not in error_page


def test_the_error_page_works_inside_the_offline_copy(tab, tmp_path, built):
    site, _ = built
    shutil.unpack_archive(site / "factbook-offline.zip", tmp_path)
    tab.page.set_viewport_size({"width": 1280, "height": 720})  # a new context's
    base = (tmp_path / "factbook").as_uri() + "/"
    w = Watch(tab, base)
    w.page.goto(base + "404.html")
    w.page.get_by_role("link", name="facts index").click()
    w.page.wait_for_load_state()
    assert w.page.url.endswith("/factbook/facts.html")
    w.clean()


def test_a_hostile_store_runs_no_script_in_the_browser(tab, hostile_site):
    """Data written as Markdown links, HTML and attr_list stays text: no dialog opens, no link
    leads to javascript:, whatever a reader hovers, focuses or taps."""
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 720})  # a new context's
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for name in ("index.html", "facts/evil.one.html", "sources.html", "audit.html"):
        page.goto((hostile_site / "site" / name).as_uri())
        for link in page.locator("a").all()[:200]:
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith(("javascript:", "data:")), (name, href)
        for figure in page.locator(".fact-figure, .source-ref").all():
            figure.hover()
            figure.focus()
        shown = page.locator("article").inner_text()
        assert "javascript:alert" in shown, name  # the hostile text is there, as text
    assert dialogs == []
