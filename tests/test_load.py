import json
import subprocess
import sys

from factbook.load import load_store
from factbook.model import StoreFile

from .conftest import ROOT


def test_records_remember_their_file_and_the_line_of_each_field(make_store):
    root = make_store({})
    store = load_store(root / "facts", base=root)
    q2 = store.facts["base.q2"]
    text = (root / "facts" / "base.yaml").read_text().splitlines()
    assert q2.loc.path == "facts/base.yaml"
    assert text[q2.loc.line - 1].strip() == "- id: base.q2"
    assert text[q2.loc.of("unit") - 1].strip() == "unit: vehicles"
    assert text[q2.sources[0].loc.line - 1].strip().startswith("sources:")


def test_numbers_in_e_notation_are_numbers_and_dates_stay_text(make_store):
    root = make_store({"x.yaml": """
sources:
  - {id: S07, title: T, publisher: P, published: 2025-11-19, kind: news}
facts:
  - id: x.rev
    subject: xiaomi-ev
    label: Revenue
    value: 113.1e9
    unit: CNY
    bound: approx
    period: 2025-Q3
    status: single_source
    sources: [{source: S07, states: 113.1e+9, bound: approx}]
"""})
    store = load_store(root / "facts", base=root)
    assert store.facts["x.rev"].value == 113_100_000_000
    assert store.sources["S07"].published == "2025-11-19"
    assert not store.problems


def test_committed_schema_is_up_to_date():
    committed = json.loads((ROOT / "schema" / "factbook.schema.json").read_text())
    assert committed == StoreFile.model_json_schema(), "run `make schema` and commit the result"


def test_every_store_file_is_bound_to_the_schema():
    for path in sorted((ROOT / "facts").glob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/factbook.schema.json", path


def test_show_and_where_answer_for_a_fact(make_store):
    root = make_store({})
    show = subprocess.run([sys.executable, "-m", "factbook", "--root", str(root), "show",
                           "base.q2"], capture_output=True, text=True, cwd=ROOT)
    assert show.returncode == 0
    assert "facts/base.yaml:" in show.stdout and "value: 81302" in show.stdout
    where = subprocess.run([sys.executable, "-m", "factbook", "--root", str(root), "where",
                            "S05"], capture_output=True, text=True, cwd=ROOT)
    assert "fact base.q1" in where.stdout and "fact base.q2" in where.stdout
    missing = subprocess.run([sys.executable, "-m", "factbook", "--root", str(root), "show",
                              "no.such"], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_a_store_file_name_that_could_become_markup_is_refused(tmp_path):
    from factbook import load_store

    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "a onclick=alert(this).yaml").write_text("facts: []\n")
    (facts / "ok_file-2.yaml").write_text("facts: []\n")
    store = load_store(facts, tmp_path)
    assert [str(p) for p in store.problems] == [
        "facts/a onclick=alert(this).yaml: file: a store file's name may hold only lowercase "
        "letters, digits, dashes and underscores (rename it: the name becomes a heading on the "
        "site)"]
