"""The load cache serves a store only for the very same files and engine: never a stale figure."""

from __future__ import annotations

import os

from factbook import cache, open_project

from .conftest import TODAY


def edit_keeping_size_and_time(path, old: str, new: str) -> None:
    """Change a file's text without changing its length or modification time."""
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_the_second_open_is_served_from_the_cache(make_store):
    root = make_store({})
    first = open_project(root, TODAY)
    again = open_project(root, TODAY)
    assert (first.cached, again.cached) == (False, True)
    assert again.store.facts.keys() == first.store.facts.keys()
    assert again.store.facts["base.q1"].value == 75869
    assert again.store.facts["base.q1"].loc.line == first.store.facts["base.q1"].loc.line


def test_an_edited_figure_is_never_served_from_a_stale_entry(make_store):
    root = make_store({})
    assert open_project(root, TODAY).store.facts["base.q1"].value == 75869
    edit_keeping_size_and_time(root / "facts" / "base.yaml", "value: 75869", "value: 75870")
    project = open_project(root, TODAY)
    assert not project.cached
    assert project.store.facts["base.q1"].value == 75870
    # and the edit's checks run: the quarter no longer matches what its source states
    assert any(p.subject == "base.q1" for p in project.errors)


def test_a_new_or_removed_file_changes_the_key(make_store):
    root = make_store({})
    open_project(root, TODAY)
    (root / "facts" / "extra.yaml").write_text("entities:\n  - {id: newco, name: Newco, "
                                               "kind: company}\n", encoding="utf-8")
    project = open_project(root, TODAY)
    assert not project.cached and "newco" in project.store.entities
    (root / "facts" / "extra.yaml").unlink()
    assert "newco" not in open_project(root, TODAY).store.entities


def test_a_change_in_the_engine_changes_the_key(make_store, monkeypatch):
    root = make_store({})
    before = cache.tree_digest(root / "facts", "facts")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another engine")
    assert cache.tree_digest(root / "facts", "facts") != before


def test_a_broken_entry_is_recomputed(make_store):
    root = make_store({})
    open_project(root, TODAY)
    for entry in (root / cache.FOLDER).glob("*.pickle"):
        entry.write_bytes(b"\x80\x05 not a pickle")
    project = open_project(root, TODAY)
    assert not project.cached and project.store.facts["base.q1"].value == 75869


def test_a_cache_that_cannot_be_written_is_skipped(make_store):
    root = make_store({})
    (root / ".cache").write_text("a file where the cache folder would go")
    for _ in range(2):
        project = open_project(root, TODAY)
        assert not project.cached and project.store.facts["base.q1"].value == 75869


def test_the_cache_can_be_turned_off(make_store, monkeypatch):
    monkeypatch.setenv("FACTBOOK_CACHE", "off")
    root = make_store({})
    open_project(root, TODAY)
    assert not open_project(root, TODAY).cached
    assert not (root / cache.FOLDER).exists()


def _check(root, capsys, *flags):
    from factbook.__main__ import main

    status = main(["--root", str(root), "check", "--today", TODAY.isoformat(), *flags])
    return status, capsys.readouterr().out


def test_a_check_served_from_the_cache_says_what_a_fresh_check_says(make_store, capsys):
    root = make_store({})
    fresh = _check(root, capsys)
    assert fresh[0] == 0 and list((root / cache.FOLDER).glob("check-*.pickle"))
    assert _check(root, capsys) == fresh
    coded = _check(root, capsys, "--codes")
    assert coded[1].splitlines()[-1] == fresh[1].splitlines()[-1]


def test_an_edit_is_never_answered_by_a_stale_check(make_store, capsys):
    root = make_store({})
    assert _check(root, capsys)[0] == 0
    edit_keeping_size_and_time(root / "facts" / "base.yaml", "value: 75869", "value: 75870")
    status, out = _check(root, capsys)
    assert status == 1 and "base.q1" in out and out.splitlines()[-1].endswith(
        "1 errors, 0 warnings")
    # a page's edit too: the check reads docs/ as well
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "p.md").write_text('{{ fact("no.such.fact") }}\n', encoding="utf-8")
    status, out = _check(root, capsys)
    assert "docs/p.md:1: no.such.fact" in out


def test_the_day_is_part_of_a_checks_key(make_store, capsys):
    from factbook.__main__ import main

    root = make_store({})
    main(["--root", str(root), "check", "--today", "2026-01-01"])
    main(["--root", str(root), "check", "--today", "2026-01-02"])
    capsys.readouterr()
    assert len(list((root / cache.FOLDER).glob("check-*.pickle"))) == 2


def test_a_project_made_afresh_is_the_copy_the_cache_keeps(make_store):
    root = make_store({})
    first = open_project(root, TODAY)
    again = open_project(root, TODAY)
    assert not first.cached and again.cached
    # read back from the kept bytes: one store, shared by the report, without value checks
    assert first.context.store is first.store and first.context.checkers is None
    assert first.context.checks == again.context.checks
    fact, kept = first.store.facts["base.q1"], again.store.facts["base.q1"]
    assert fact == kept and fact.loc == kept.loc and fact.sources[0].loc == kept.sources[0].loc
    assert open_project(root, TODAY, checkers=True).context.checkers


def test_a_value_the_cache_cannot_keep_is_returned_as_it_is(tmp_path, monkeypatch):
    value = {"f": lambda: 1}  # not picklable
    assert cache.renewed(tmp_path, "x-1", value) is value
    monkeypatch.setenv("FACTBOOK_CACHE", "off")
    other = {"a": [1]}
    assert cache.renewed(tmp_path, "x-2", other) is other
    assert not (tmp_path / cache.FOLDER).exists()
