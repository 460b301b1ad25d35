"""Build the real site into a temporary folder and read it as a reader and an auditor would."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest

from factbook import open_project
from factbook.audit import audit_site
from factbook.export import facts_csv, facts_json, sources_json
from factbook.format import machine_value

from .conftest import ROOT, build_again, once_per_run, once_per_run_pickled
from .sitekit import is_internal, mini_site, mkdocs_build, read, read_config


@pytest.fixture(scope="session")
def project():
    return open_project(ROOT)


def nav_pages() -> list[str]:
    config = read_config(ROOT / "mkdocs.yml")
    out = []

    def walk(items):
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(value, list):
                    walk(value)
                else:
                    out.append(value)

    walk(config["nav"])
    return out


def test_build_is_strict_and_quiet(built):
    _, run = built
    noise = [ln for ln in (run.stdout + run.stderr).splitlines()
             if "WARNING" in ln or "ERROR" in ln]
    assert not noise


def test_every_page_is_built(built):
    site, _ = built
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs").as_posix()
        if rel.endswith(".zh.md"):  # the Chinese edition, under zh/
            rel = "zh/" + rel.removesuffix(".zh.md") + ".md"
        html = site / (rel[:-3] + ".html")
        assert html.is_file(), html
    for entry in nav_pages():
        assert (site / entry).with_suffix(".html").is_file(), entry


def test_every_figure_is_traced(built, project):
    site, _ = built
    problems, pages = audit_site(site, project.store, ROOT)
    assert pages >= len(list((ROOT / "docs").rglob("*.md")))
    assert [str(p) for p in problems] == []


@pytest.fixture(scope="module")
def parsed(built, tmp_path_factory):
    """Every built page, read once in a test run for the tests below that read them all (a
    couple of seconds: with pytest-xdist, a worker reads what another has read)."""
    site, _ = built

    def read_all():
        return {p: SimpleNamespace(ids=links.ids, links=links.links, facts=links.facts)
                for p, links in ((p, read(p)) for p in site.rglob("*.html"))}

    return once_per_run_pickled(tmp_path_factory, "parsed-site", read_all)


def test_every_internal_link_and_anchor_resolves(built, parsed):
    site, _ = built
    pages = parsed
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue  # served at any depth, so the theme links it from the site root
        for href in parsed.links:
            if not is_internal(href) or href.startswith("#") and href == "#":
                continue
            parts = urlsplit(href)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} -> {href} (no anchor)")
    assert broken == []


def test_figures_carry_existing_ids_and_exact_values(built, parsed, project):
    site, _ = built
    exported = {row["id"]: row for row in json.loads((site / "data" / "facts.json").read_text())}
    seen = 0
    for page, links in parsed.items():
        for el in links.facts:
            seen += 1
            assert el["data-fact"] in exported, (page, el)
            if el["tag"] == "data":
                value = exported[el["data-fact"]]["value"]
                assert float(el["value"]) == float(value), (page, el)
    assert seen > len(project.store.facts)


def test_every_fact_has_its_page_and_old_anchors_still_land(built, project):
    site, _ = built
    index = read(site / "facts.html")
    # facts.html#<id>, the permalinks of the first version, land on the fact's row.
    assert set(project.store.facts) | set(project.store.retired) <= index.ids
    for fid in [*project.store.facts, *project.store.retired]:
        page = site / "facts" / f"{fid}.html"
        assert page.is_file(), fid
        assert f"facts/{fid}.html" in index.links, fid
    q3 = read(site / "facts" / "xiaomi.ev.deliveries.2025-q3.html")
    stored = machine_value(project.store.facts["xiaomi.ev.deliveries.2025-q3"])
    assert any(f["data-fact"] == "xiaomi.ev.deliveries.2025-q3" and f.get("value") == stored
               for f in q3.facts)


def test_pages_stay_small(built):
    site, _ = built
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert sizes["facts.html"] < 150_000, sizes["facts.html"]
    assert max(sizes.values()) < 200_000, max(sizes, key=sizes.get)


def test_exports_agree_with_the_store(built, project):
    site, _ = built
    data = site / "data"
    first = json.loads((data / "facts.json").read_text())[0]
    site_url = first["permalink"].removesuffix(f"facts/{first['id']}.html")
    assert site_url.startswith("https://")
    assert (data / "facts.json").read_text() == facts_json(project.store, site_url)
    assert (data / "facts.csv").read_text() == facts_csv(project.store, site_url)
    assert (data / "sources.json").read_text() == sources_json(project.store)
    rows = json.loads((data / "facts.json").read_text())
    table = list(csv.DictReader(io.StringIO((data / "facts.csv").read_text())))
    assert [r["id"] for r in rows] == [r["id"] for r in table] == list(project.store.facts)
    for row, line in zip(rows, table, strict=True):
        assert float(line["value"]) == float(row["value"]) if row["unit"] != "date" \
            else line["value"] == row["value"]
        assert row["period"] or row["as_of"] or row["unit"] == "date"
        assert row["sources"] or row["derive"]


# ------------------------------------------------------------------ small sites with faults


def test_unknown_fact_id_on_a_page_fails_naming_page_and_line(tmp_path):
    root = mini_site(tmp_path, "# Home\n\nFine: {{ fact('base.q1') }}\n\n"
                     "Broken: {{ fact('base.q9') }}\n{{ fact('base.q2') }}\n")
    run = mkdocs_build(root, root / "site")
    assert run.returncode != 0
    assert "docs/index.md:5: base.q9: unknown fact id on page" in run.stdout + run.stderr


def test_a_broken_store_stops_the_build_listing_every_error(tmp_path):
    bad = """
facts:
  - id: bad.one
    subject: nobody
    label: X
    value: 1
    unit: vehicles
    period: 2025
    status: single_source
    sources: [{source: S05, states: 2}]
"""
    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }} {{ fact('base.q2') }}\n", bad)
    run = mkdocs_build(root, root / "site")
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "facts/extra.yaml:4: bad.one: unknown subject 'nobody'" in out
    assert "facts/extra.yaml:10: bad.one: value 1 disagrees with S05, which states 2" in out
    assert "Traceback" not in out


def test_a_typed_figure_fails_the_audit_naming_the_page(tmp_path, project):
    root = mini_site(tmp_path, "# Home\n\nIt sold 46,249 cars; "
                     "{{ fact('base.q1') }} {{ fact('base.q2') }}.\n")
    run = mkdocs_build(root, root / "site")
    assert run.returncode == 0, run.stderr
    store = open_project(root).store
    problems, _ = audit_site(root / "site", store, root)
    assert [str(p).split(" (")[0] for p in problems] == [
        "docs/index.md:3: page: untraced figure '46,249' in \"It sold 46,249 cars;\""
    ]


def test_two_builds_of_one_commit_are_byte_identical(built, tmp_path_factory):
    first, _ = built
    run = once_per_run(tmp_path_factory, "again", build_again)
    assert run["returncode"] == 0, run["stderr"]
    again = Path(run["site"])
    files_a = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert files_a == files_b
    differ = [str(p) for p in files_a if (first / p).read_bytes() != (again / p).read_bytes()]
    assert differ == []


def test_hosting_files(built):
    site, _ = built
    assert "Sitemap: https://" in (site / "robots.txt").read_text()
    assert "<loc>https://" in (site / "sitemap.xml").read_text()
    assert (site / "404.html").is_file()
    assert 'rel="canonical"' in (site / "index.html").read_text()


def test_a_retired_id_keeps_its_permalink(tmp_path):
    retired = """
retired:
  - id: base.first-quarter
    replaced_by: base.q1
    note: Renamed so that the id names its period.
"""
    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }} {{ fact('base.q2') }}\n", retired)
    run = mkdocs_build(root, root / "site")
    assert run.returncode == 0, run.stderr
    page = read(root / "site" / "facts.html")
    assert {"base.first-quarter", "base.q1"} <= page.ids
    html = (root / "site" / "facts.html").read_text()
    entry = html[html.index('id="base.first-quarter"'):]
    assert 'href="facts/base.first-quarter.html"' in entry[:300]
    retired = (root / "site" / "facts" / "base.first-quarter.html").read_text()
    assert 'href="../facts/base.q1.html"' in retired
    assert "Renamed so that the id names its period." in retired


def test_figures_hidden_in_code_or_attributes_are_found(tmp_path):
    hidden = ["It sold `46,249` cars.", "![It sold 46,250 cars](missing.png)",
              '<abbr title="sold 46,251">sold</abbr> cars.']
    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }} {{ fact('base.q2') }}\n\n"
                     + "\n\n".join(hidden) + "\n")
    mkdocs_build(root, root / "site")
    problems, _ = audit_site(root / "site", open_project(root).store, root)
    found = {(p.line, p.message.split(" in ")[0]) for p in problems if p.path == "docs/index.md"}
    assert found == {(5, "untraced figure '46,249'"), (7, "untraced figure '46,250'"),
                     (9, "untraced figure '46,251'")}, found


def test_provenance_markup_typed_by_hand_is_refused(tmp_path):
    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }} {{ fact('base.q2') }}\n\n"
                     'It sold 46,249 cars.\n{: data-source="S05" }\n')
    run = mkdocs_build(root, root / "site")
    assert run.returncode != 0
    assert "docs/index.md:6: page: data-source attribute typed by hand" in run.stdout + run.stderr


def test_a_macro_error_fails_the_build_naming_page_and_line(tmp_path):
    # The style comes from a variable, so only the build can see it is wrong.
    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }} {{ fact('base.q2') }}\n\n"
                     "{% set s = 'bogus' %}\nIt was {{ fact('base.q1', style=s) }}.\n")
    run = mkdocs_build(root, root / "site")
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "docs/index.md:6: fact: style 'bogus' is not one of auto, full, short, clock" in out
    assert "Traceback" not in out
    assert not (root / "site" / "index.html").exists()


def test_a_macro_the_check_can_judge_fails_before_rendering(tmp_path):
    root = mini_site(tmp_path, "# Home\n\n{{ fact('base.q1') }} {{ fact('base.q2') }}\n\n"
                     "It was {{ fact(123) }}.\n")
    run = mkdocs_build(root, root / "site")
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "docs/index.md:5: page: fact(): 123 is not an id" in out
    assert "Traceback" not in out


def test_the_audit_opens_with_a_scorecard_of_every_claim(built, project):
    site, _ = built
    html = (site / "audit.html").read_text()
    counts = [int(n) for n in re.findall(r'class="verdict-count" value="(\d+)"', html)]
    assert sum(counts) == len(project.store.claims)
    listed = re.findall(r'<a href="#(A\d+[a-z]?)" data-claim=', html)
    assert sorted(listed) == sorted(project.store.claims)


def test_sources_are_grouped_by_kind_and_link_the_facts_they_support(built, project):
    site, _ = built
    page = read(site / "sources.html")
    kinds = {s.kind for s in project.store.sources.values()}
    assert {f"kind-{k.replace('_', '-')}" for k in kinds} <= page.ids
    assert set(project.store.sources) <= page.ids
    for fid in {f.id for f in project.store.facts.values() if f.sources}:
        assert f"facts/{fid}.html" in page.links, fid
