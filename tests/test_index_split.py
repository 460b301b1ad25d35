"""A facts index too large for one page is split: facts.html lists the topics, and each topic
has pages of at most `index_limit` rows, so no page grows with the store."""

from __future__ import annotations

import re

import pytest

from factbook import open_project
from factbook.site import Site

from .conftest import TODAY

MORE = "facts:\n" + "".join(f"""  - id: more.f{i}
    subject: xiaomi-ev
    label: A figure of another topic
    value: {100 + i}
    unit: vehicles
    period: 2025-Q{i % 4 + 1}
    status: single_source
    checked: 2026-11-26
    sources: [{{source: S05, states: {100 + i}}}]
""" for i in range(5))


def site(make_store, limit: int) -> Site:
    project = open_project(make_store({"more.yaml": MORE}), TODAY)
    return Site(project, "https://example.org/", "2026-11-26", index_limit=limit)


def rows(html: str) -> list[str]:
    return re.findall(r'<tr id="([^"]+)">', html)


def test_a_limit_below_one_is_refused(make_store):
    for bad in (0, -5, True):
        with pytest.raises(ValueError, match="facts_index_limit"):
            site(make_store, bad)


def test_a_small_store_keeps_one_index_page(make_store):
    s = site(make_store, 800)
    index = s.at("facts.html").facts_index()
    assert sorted(rows(index)) == sorted(s.store.facts)
    assert not [src for src, _ in s.generated_pages() if "/topic-" in src]


def test_a_large_store_lists_topics_and_pages_each_topic(make_store):
    s = site(make_store, 2)
    index = s.at("facts.html").facts_index()
    assert rows(index) == []  # no row on the first page: it cannot grow with the store
    links = re.findall(r'href="(facts/topic-[a-z0-9-]+\.html)"', index)
    pages = {src[:-3] + ".html": md for src, md in s.generated_pages() if "/topic-" in src}
    assert sorted(links) == sorted(pages)
    assert "facts/topic-more.html" in pages and "facts/topic-more-3.html" in pages
    shown = [fid for md in pages.values() for fid in rows(md)]
    assert sorted(shown) == sorted(s.store.facts)  # every fact once, on one page
    assert all(len(rows(md)) <= 2 for md in pages.values())
    # a topic page links to each fact relative to its own folder
    assert 'href="../facts/more.f0.html"' in pages["facts/topic-more.html"]
    # no topic page can take a fact's address: fact ids hold a dot, topic slugs do not
    assert not set(pages) & {s.fact_address(fid) for fid in s.store.facts}


def test_a_split_site_builds_and_old_index_links_reach_the_fact(tmp_path, tab):
    import shutil

    import yaml

    from .sitekit import ROOT as REPO
    from .sitekit import mini_site, mkdocs_build

    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }}\n", MORE)
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["extra"]["facts_index_limit"] = 2
    config["extra_javascript"] = ["javascripts/factbook.js"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
    shutil.copy(REPO / "docs" / "javascripts" / "factbook.js",
                root / "docs" / "javascripts" / "factbook.js")
    run = mkdocs_build(root, root / "site")
    assert run.returncode == 0, run.stdout + run.stderr
    site = root / "site"
    assert rows((site / "facts.html").read_text()) == []
    assert (site / "facts" / "topic-extra-3.html").is_file()  # mini_site writes extra.yaml
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 720})  # a new page's
    page.goto((site / "facts.html").as_uri() + "#more.f4")
    page.wait_for_url("**/facts/more.f4.html")
    assert page.locator("article h1").count() == 1
