"""Shared helpers: small stores written into tmp_path, and the real project's root."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

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


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real site, built once per test session into a temporary folder."""
    from .sitekit import mkdocs_build

    site = tmp_path_factory.mktemp("site")
    run = mkdocs_build(ROOT, site)
    assert run.returncode == 0, run.stdout + run.stderr
    return site, run


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


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    from .sitekit import mini_site, mkdocs_build

    # A page whose heading shows a label, listed without a title (so the heading becomes the
    # page's title), and a page whose title hides behind front matter, comments and macros.
    detail = ("---\n# TODO(internal): embargoed\n---\n<!--\n# internal draft\n-->\n"
              "# {{ label('base.q2') }} in detail\n\n"
              "{{ fact('base.q2') }} {{ fact('share.md') }}\n")
    root = mini_site(tmp_path_factory.mktemp("hostile"),
                     "# Home\n\n{{ fact('evil.one') }} {{ label('evil.one') }} "
                     "{{ source('S07') }} {{ fact('base.q1') }} {{ fact('base.q2') }} "
                     "{{ fact('x.y') }}\n\n{{ facts_table('evil.one') }}\n", HOSTILE,
                     {"audit.md": "# Audit\n\n{{ claims_table() }}\n\n{{ claims_jsonld() }}\n",
                      "deliv.md": "# {{ label('x.y') }} by year\n\nText.\n",
                      "detail.md": detail})
    config = (root / "mkdocs.yml").read_text().replace("- Deliv: deliv.md", "- deliv.md")
    (root / "mkdocs.yml").write_text(config)
    run = mkdocs_build(root, root / "site")
    assert run.returncode == 0, run.stdout + run.stderr
    return root
