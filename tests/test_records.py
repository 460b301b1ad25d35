"""Records are kept small (a store of 10,000 facts is held by every build): where each was
written lives in a slot, with the lines of its fields as offsets shared by records written
alike; pickled, copied or made in code, a record keeps its place."""

from __future__ import annotations

import copy
import pickle

from factbook.load import load_store
from factbook.model import NOWHERE, Fact, Loc


def _store(tmp_path, n: int = 3):
    text = ["facts:"]
    for i in range(n):
        text += [f"  - id: a.f{i}", "    subject: e", "    label: A figure", f"    value: {i}",
                 "    unit: vehicles", "    status: confirmed",
                 "    sources:", "      - {source: S01, states: 1}",
                 "      - source: S02", "        states: 2"]
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "a.yaml").write_text("\n".join(text) + "\n", encoding="utf-8")
    return load_store(tmp_path / "facts", tmp_path)


def test_records_written_alike_share_the_lines_of_their_fields(tmp_path):
    facts = list(_store(tmp_path).facts.values())
    assert [f.loc.line for f in facts] == [2, 12, 22]
    assert [f.loc.of("sources", 1, "states") for f in facts] == [11, 21, 31]
    assert facts[0].loc._layout is facts[2].loc._layout
    assert [r.loc.line for r in facts[1].sources] == [19, 20]
    assert facts[1].sources[1].loc.of("states") == 21
    assert all(f.__pydantic_private__ is None for f in facts)  # no dictionary each


def test_a_record_pickled_or_copied_keeps_its_place(tmp_path):
    store = _store(tmp_path)
    again = pickle.loads(pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL))
    for fid, fact in store.facts.items():
        kept = again.facts[fid]
        assert kept == fact and kept.loc == fact.loc and kept.loc.fields == fact.loc.fields
        assert [r.loc for r in kept.sources] == [r.loc for r in fact.sources]
    a, b = again.facts["a.f0"], again.facts["a.f1"]
    assert a.loc._layout is b.loc._layout and a.loc.path is b.loc.path
    for made in (copy.copy(a), copy.deepcopy(a), a.model_copy(), a.model_copy(deep=True)):
        assert made.loc == a.loc and made == a


def test_a_record_made_in_code_is_nowhere():
    fact = Fact(id="a.b", subject="e", label="x", value=1, unit="vehicles", status="estimate")
    assert fact.loc is NOWHERE and (fact.loc.path, fact.loc.line) == ("?", 0)
    assert fact.loc.of("value") == 0
    assert pickle.loads(pickle.dumps(fact)).loc == NOWHERE
    assert Loc("x.yaml", 3) == Loc("x.yaml", 3, {("id",): 3}) != Loc("x.yaml", 4)
