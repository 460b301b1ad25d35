"""Shared helpers: small stores written into tmp_path, and the real project's root."""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import shutil
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 26)  # checks run as of a fixed day, so fixtures do not age


@pytest.fixture
def make_store(tmp_path):
    """Write YAML texts into tmp_path/facts (with the base store) and return the root."""

    def make(files: dict[str, str], base: bool = True) -> Path:
        facts = tmp_path / "facts"
        facts.mkdir(exist_ok=True)
        if base:
            shutil.copy(FIXTURES / "base.yaml", facts / "base.yaml")
        for name, text in files.items():
            (facts / name).write_text(text, encoding="utf-8")
        return tmp_path

    return make


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="record the current fact ids as published (tests/golden/fact-ids.txt)")


CHROMIUM = os.environ.get("FACTBOOK_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what}: CI must run the browser tests (.ci/run installs them)")
    pytest.skip(f"{what}; install Debian's chromium and run `npm ci` to run the browser tests")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of a worker (Playwright allows one per process)."""
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM}")
    if not AXE.exists():
        _missing("axe-core is not installed in node_modules")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


VIEWPORT = {"width": 1280, "height": 900}


class Tab:
    """One browser tab that a worker's browser tests take in turn: a new context costs Chromium
    a second of CPU, a page load in an open tab half that. Between two tests the tab is left
    as a new context would be: blank, with no cookies, storage, permissions or listeners, at
    VIEWPORT, with no route but one that lets every request through."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.route = None  # a test's handler of every request (test_browser.Watch)
        self._listeners: list[tuple[str, object]] = []
        self._origins = {"file://"}
        self.context.route("**/*", self._route)

    def _route(self, r):
        parts = urlsplit(r.request.url)
        if parts.scheme in ("http", "https"):
            self._origins.add(f"{parts.scheme}://{parts.netloc}")
        return self.route(r) if self.route else r.continue_()

    def on(self, event: str, handler) -> None:
        """page.on(event, handler) for this test only."""
        self.page.on(event, handler)
        self._listeners.append((event, handler))

    def reset(self) -> None:
        for event, handler in self._listeners:
            self.page.remove_listener(event, handler)
        self._listeners.clear()
        self.route = None
        self.page.goto("about:blank")
        cdp = self.context.new_cdp_session(self.page)
        for origin in sorted(self._origins):
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        cdp.detach()
        self.context.clear_cookies()
        self.context.clear_permissions()
        self.page.set_viewport_size(VIEWPORT)


@pytest.fixture(scope="session")
def _one_tab(browser):
    tab = Tab(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def tab(_one_tab, browser):
    """The worker's one tab, blank and clean (see Tab); a tab that crashed is replaced."""
    if _one_tab.page.is_closed():
        _one_tab.context.close()
        _one_tab.__init__(browser)
    yield _one_tab
    if _one_tab.page.is_closed():
        return
    try:
        _one_tab.reset()
    except Exception:  # noqa: BLE001 - a tab that cannot be reset is replaced by the next test
        _one_tab.page.close()


def once_per_run(tmp_path_factory, name: str, make) -> dict:
    """make(folder) once for the whole test run, even across pytest-xdist's workers: the first
    worker to take the lock runs it, the others read what it wrote (a build costs seconds).
    Under `make test` the site builds were started with the run (see pytest_configure)."""
    found = _prebuilt(name)
    if found is not None:
        return found
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, above each worker's
    folder, done = shared / f"once-{name}", shared / f"once-{name}.json"
    with open(shared / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(json.dumps(make(folder)))
    return json.loads(done.read_text())


def once_per_run_pickled(tmp_path_factory, name: str, make):
    """make() once for the whole test run, as once_per_run, for a result that JSON cannot hold
    (kept with pickle): what one worker worked out, another reads instead of working it out."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make()
    shared = tmp_path_factory.getbasetemp().parent
    done = shared / f"once-{name}.pickle"
    with open(shared / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            result = make()
            tmp = done.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(result))
            tmp.replace(done)
            return result
    return pickle.loads(done.read_bytes())  # written by this run, just above


# The builds that several test modules read, each a few seconds of one core. `make test` sets
# FACTBOOK_PREBUILD=1: the controlling process then starts them all at once, beside the
# workers' first (unit) tests, instead of one worker building while the others wait.
def _prebuild_real(folder: Path) -> dict:
    return _build(ROOT, folder)


def build_again(folder: Path) -> dict:
    """The real site built a second time, with every cache off (FACTBOOK_CACHE=off, for this
    build only): a full build from nothing, to compare byte for byte with the first."""
    return _build(ROOT, folder, FACTBOOK_CACHE="off")


PREBUILT = {"site": _prebuild_real, "again": build_again}


def pytest_configure(config):
    if hasattr(config, "workerinput") or os.environ.get("FACTBOOK_PREBUILD") != "1" or \
            os.environ.get("FACTBOOK_TEST_BUILDS"):
        return
    from . import sitekit

    sitekit.PRELOAD_CHINESE = True  # all three build Chinese pages
    sitekit.share_server()  # the workers' builds are forked from it too
    base = Path(tempfile.mkdtemp(prefix="factbook-test-builds-"))
    os.environ["FACTBOOK_TEST_BUILDS"] = str(base)  # the workers inherit it
    config._factbook_builds = base
    for name, make in {**PREBUILT, "hostile": _hostile_site}.items():
        folder = base / name
        folder.mkdir()
        threading.Thread(target=_record, args=(make, folder), daemon=True).start()


def _record(make, folder: Path) -> None:
    try:
        result = make(folder)
    except Exception as e:  # noqa: BLE001 - the fixture that reads it fails with the cause
        result = {"site": str(folder), "returncode": 1, "stdout": "", "stderr": repr(e)}
    tmp = folder.with_suffix(".tmp")
    tmp.write_text(json.dumps(result))
    tmp.replace(folder.with_suffix(".json"))


def _prebuilt(name: str) -> dict | None:
    base = os.environ.get("FACTBOOK_TEST_BUILDS")
    if not base or not (Path(base) / name).is_dir():
        return None
    done, deadline = Path(base) / f"{name}.json", time.monotonic() + 900
    while not done.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the {name} build started with this test run did not end in 15 minutes")
        time.sleep(0.2)
    return json.loads(done.read_text())


def _build(root: Path, site: Path, **env: str) -> dict:
    from .sitekit import mkdocs_build

    run = mkdocs_build(root, site, **env)
    return {"site": str(site), "returncode": run.returncode, "stdout": run.stdout,
            "stderr": run.stderr}


# The order of the tests, for pytest-xdist's worksteal distribution (`make test`), which hands
# each of the two workers one half of the list and lets a worker with nothing left take half of
# what the other has not started: each half starts with its share of the long tests, so that
# neither is left with a long test at the end. The long tests: first those that build sites or
# run commands (they need none of the builds started with the run), then the browser tests, then
# what reads the built sites; the rest are quick.
FIRST = {"test_buildcache.py", "test_site.py", "test_package.py", "test_fuzz.py", "test_cli.py",
         "test_index_split.py", "test_bad_inputs.py", "test_load.py", "test_check.py",
         "test_cite.py", "test_store.py"}
PREBUILT_FIXTURES = {"built", "hostile_site"}


def _tier(item) -> int:
    names = set(getattr(item, "fixturenames", ()))
    if "tab" in names or "browser" in names:
        return 1
    if names & PREBUILT_FIXTURES:
        return 2
    return 0 if item.path.name in FIRST else 3


def _unit(item):
    """The tests that must run in one worker, one after the other: those of a module that share
    a fixture of the module's scope (split, each worker would make it again, and pytest makes
    it again whenever another module's test comes between two of them)."""
    info = getattr(item, "_fixtureinfo", None)
    shared = sorted(name for name, defs in (info.name2fixturedefs.items() if info else ())
                    if defs and defs[-1].scope == "module")
    return (item.path, tuple(shared)) if shared else item


def pytest_collection_modifyitems(config, items):
    ordered = sorted(items, key=_tier)  # stable: within a tier, the order of the files
    units: dict = {}
    for item in ordered:
        if _tier(item) < 3:
            units.setdefault(_unit(item), []).append(item)
    quick = [item for item in ordered if _tier(item) == 3]
    first, second = [], []
    for unit in units.values():  # each unit to the half that has fewer long tests so far
        (first if len(first) <= len(second) else second).extend(unit)
    fill = max(0, len(items) // 2 - len(first))
    items[:] = first + quick[:fill] + second + quick[fill:]


def pytest_terminal_summary(terminalreporter, config):
    """Skipped browser tests are easy to miss among dots: count them for the last line."""
    reasons = [str(r.longrepr[-1]) if isinstance(r.longrepr, tuple) else str(r.longrepr)
               for r in terminalreporter.stats.get("skipped", [])]
    browser = [r for r in reasons if "browser tests" in r]
    if browser:
        why = browser[0].removeprefix("Skipped: ").split(";")[0]
        config._factbook_skips = (
            f"{len(browser)} browser tests skipped ({why}). To run them: "
            "sudo apt-get install chromium fonts-dejavu-core && npm ci")


def pytest_unconfigure(config):
    builds = getattr(config, "_factbook_builds", None)
    if builds is not None:
        shutil.rmtree(builds, ignore_errors=True)
    # After pytest's own summary, so the advice is the last line a reader sees.
    message = getattr(config, "_factbook_skips", None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if message and reporter is not None:
        reporter.write_line(message, yellow=True, bold=True)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real site, built once per test run into a temporary folder, and its build's output."""
    result = once_per_run(tmp_path_factory, "site", lambda folder: _build(ROOT, folder))
    run = SimpleNamespace(**{k: v for k, v in result.items() if k != "site"})
    assert run.returncode == 0, run.stdout + run.stderr
    return Path(result["site"]), run


# A store whose every string is an attack: Markdown links to javascript:, images, HTML,
# attr_list and Jinja. Built once into a site that several test modules read.
LINK = "[x](javascript:alert(document.domain))"
HOSTILE = f"""
sources:
  - id: S07
    title: "![pic](https://evil.example/p.png) *loud* _under_ `code`"
    publisher: "{LINK}"
    author: "{{: onmouseover=alert(document.cookie) }}"
    url: https://example.org/b
    kind: news
    note: "<img src=x onerror=alert(this)> | a | b | {{{{ config }}}}"
  - id: S08
    title: Audited
    publisher: "{LINK}"
    kind: audited
facts:
  - id: evil.one
    subject: xiaomi-ev
    label: "EV deliveries *starred* _under_ `tick` <b>bold</b> \\" onmouseover=\\"alert(this)"
    value: 5
    unit: vehicles
    period: 2025
    status: single_source
    sources: [{{source: S07, states: 5}}]
    note: "*emphasis* and [a link](javascript:alert(this))"
  - id: x.y
    subject: xiaomi-ev
    label: "EV deliveries </title><script>alert(document.domain)</script>"
    value: 5
    unit: vehicles
    period: 2025
    status: single_source
    sources: [{{source: S05, states: 5}}]
  - id: share.md
    subject: xiaomi-ev
    label: "Share \U0001F600 \U0001D400"
    value: 5
    unit: vehicles
    period: 2025
    status: single_source
    sources: [{{source: S05, states: 5}}]
    note: Compare {{base.q1}}.
series:
  - {{id: deliveries.md, label: By quarter, cadence: quarter, facts: [base.q1, base.q2]}}
claims:
  - id: A01
    source: S08
    says: "It claims [this](javascript:alert(this)) **loudly**."
    verdict: opinion
    reason: "An opinion <script>alert(this)</script>; see `this`."
"""


# The same attacks in the store's Chinese words, shown on the Chinese pages.
HOSTILE_ZH = f"""
translations:
  language: zh
  facts:
    evil.one:
      label: "交付量 *星号* `反引号` <b>粗体</b> \\" onmouseover=\\"alert(this)"
      note: "*强调* 与 [链接](javascript:alert(this))"
    x.y:
      label: "交付量 </title><script>alert(document.domain)</script>"
  sources:
    S07:
      publisher: "{LINK}"
  claims:
    A01:
      says: "它声称[这个](javascript:alert(this)) **大声**。"
      reason: "一个观点 <script>alert(this)</script>；见 `this`。"
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    result = once_per_run(tmp_path_factory, "hostile", _hostile_site)
    assert result["returncode"] == 0, result["stdout"] + result["stderr"]
    return Path(result["site"]).parent


def _hostile_site(folder: Path) -> dict:
    from .sitekit import mini_site

    # A page whose heading shows a label, listed without a title (so the heading becomes the
    # page's title), and a page whose title hides behind front matter, comments and macros.
    detail = ("---\n# TODO(internal): embargoed\n---\n<!--\n# internal draft\n-->\n"
              "# {{ label('base.q2') }} in detail\n\n"
              "{{ fact('base.q2') }} {{ fact('share.md') }}\n")
    root = mini_site(folder,
                     "# Home\n\n{{ fact('evil.one') }} {{ label('evil.one') }} "
                     "{{ source('S07') }} {{ fact('base.q1') }} {{ fact('base.q2') }} "
                     "{{ fact('x.y') }}\n\n{{ facts_table('evil.one') }}\n", HOSTILE,
                     {"audit.md": "# Audit\n\n{{ claims_table() }}\n\n{{ claims_jsonld() }}\n",
                      "deliv.md": "# {{ label('x.y') }} by year\n\nText.\n",
                      "detail.md": detail}, editions=True)
    (root / "facts" / "zh.yaml").write_text(HOSTILE_ZH, encoding="utf-8")
    config = (root / "mkdocs.yml").read_text().replace("- Deliv: deliv.md", "- deliv.md")
    (root / "mkdocs.yml").write_text(config)
    return _build(root, root / "site")
