"""The real store: it checks clean, every claim of the audited article is recorded, and a number
typed ten times too big or too small is caught for nearly every fact."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from factbook import open_project
from factbook.check import coverage

from .conftest import ROOT


@pytest.fixture(scope="module")
def project():
    return open_project(ROOT)


def test_the_store_checks_clean(project):
    # The warnings allowed are a known gap in a series (the site says what it does not know) and
    # a Chinese label whose numerals have no other wording (i18n/zh/NOTES.md lists each one;
    # tests/test_translations.py holds the list to the warnings).
    gaps = [p for p in project.problems if p.severity == "warning" and "no figure for" in p.message
            and p.path == "facts/series.yaml"]
    numerals = [p for p in project.problems if p.code == "translation.label-numerals"]
    assert [str(p) for p in project.problems if p not in gaps + numerals] == []


def test_every_fact_records_when_it_was_checked(project):
    assert [f.id for f in project.store.facts.values() if not f.checked] == []


def test_every_source_has_a_full_address(project):
    # A full article address names the article (a path or a query), not just a site.
    from urllib.parse import urlsplit

    bare = [s.id for s in project.store.sources.values()
            if not s.url or (urlsplit(s.url).path.strip("/") == "" and not urlsplit(s.url).query)]
    assert bare == [], "give these sources their article's address"


def test_a_tenfold_error_is_caught_for_at_least_nine_facts_in_ten(project):
    cov = coverage(project.store, project.context)
    assert cov.numeric > 150
    assert cov.share >= 0.9, f"not caught: {cov.uncovered}"


def test_the_command_line_summary(project):
    # The ×10 count runs every value check twice per fact: plain check leaves it out.
    for flags, counted in (((), False), (("--coverage",), True)):
        run = subprocess.run([sys.executable, "-m", "factbook", "check", *flags], cwd=ROOT,
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout
        last = run.stdout.strip().splitlines()[-1]
        s = project.store
        assert last.startswith(f"factbook: {len(s.facts)} facts, {len(s.sources)} sources, "
                               f"{len(s.claims)} claims, {len(s.rules)} rules")
        assert bool(re.search(r"\d+ of \d+ numeric facts \(\d+%\) are caught", last)) is counted


def test_every_claim_of_the_dossier_is_recorded(project):
    recorded = {re.match(r"A\d+", cid).group(0) for cid in project.store.claims}
    assert {f"A{n:02d}" for n in range(1, 31)} <= recorded


ARTICLE = ROOT.parent / "shared" / "sources" / "source-article.txt"
# The article's eight-word runs, hashed: the test needs no copy of the article's text.
SHINGLES = ROOT / "tests" / "golden" / "article-shingles.txt"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _runs(words: list[str]) -> set[str]:
    import hashlib

    return {hashlib.sha1(" ".join(words[i:i + 8]).encode()).hexdigest()[:16]
            for i in range(len(words) - 7)}


def test_the_article_fingerprint_is_current(request):
    known = set(SHINGLES.read_text().split())
    if ARTICLE.exists():
        runs = _runs(_words(ARTICLE.read_text()))
        if request.config.getoption("--update-golden"):
            SHINGLES.write_text("\n".join(sorted(runs)) + "\n")
            known = runs
        assert known == runs, "the article changed: run pytest --update-golden"
    assert len(known) > 500


def test_paraphrases_do_not_copy_the_article(project):
    """No paraphrase, reason or page shares a run of eight words with the audited article."""
    runs = set(SHINGLES.read_text().split())
    texts = [(c.id, t) for c in project.store.claims.values() for t in (c.says, c.reason)]
    texts += [(str(p.relative_to(ROOT)), p.read_text()) for p in (ROOT / "docs").rglob("*.md")]
    for where, text in texts:
        mine = _words(text)
        shared = [" ".join(mine[i:i + 8]) for i in range(len(mine) - 7)
                  if _runs(mine[i:i + 8]) & runs]
        assert not shared, (where, shared)
