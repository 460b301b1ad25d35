"""Documentation keeps up with the code: every macro is in the README, every Make target has
help, and every unit of the registry is listed for editors."""

from __future__ import annotations

import re

import pytest

from factbook import schemadoc
from factbook.model import UNITS
from factbook.pages import MACROS
from factbook.site import Page

from .conftest import ROOT


def test_every_macro_is_documented_in_the_readme():
    # The site layer's page methods are the macros; the check judges calls against MACROS.
    macros = [n for n, v in vars(Page).items() if callable(v) and not n.startswith("_")
              and n != "link"]
    assert sorted(macros) == sorted(MACROS)
    readme = (ROOT / "README.md").read_text()
    missing = [m for m in macros if f"`{m}(" not in readme]
    assert missing == [], "document these macros in README.md"


def test_every_make_target_has_help():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, re.M)
    undocumented = [t for t in targets if not re.search(rf"^{t}:.*## ", makefile, re.M)]
    assert undocumented == []


def test_every_unit_is_listed_for_editors():
    fmt = (ROOT / "facts" / "FORMAT.md").read_text()
    assert [u for u in UNITS if u not in fmt] == []


def _yaml_blocks(path):
    text = path.read_text()
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_every_yaml_example_in_the_docs_is_a_valid_record(tmp_path):
    """The examples editors copy from README.md and FORMAT.md pass the store's own schema."""
    from factbook.load import read_yaml
    from factbook.model import Claim, Entity, Fact, Retired, Rule, Series, Source, Translations

    def model_of(record: dict):
        if "says" in record:
            return Claim
        if "cadence" in record:
            return Series
        if "replaced_by" in record:
            return Retired
        if "publisher" in record:
            return Source
        if "unit" in record and "value" in record:
            return Fact
        if "name" in record:
            return Entity
        return Rule

    checked = 0
    for path in (ROOT / "README.md", ROOT / "facts" / "FORMAT.md"):
        for block in _yaml_blocks(path):
            example = tmp_path / "example.yaml"
            example.write_text(block.replace("…", "x"), encoding="utf-8")
            issues: dict = {}
            data, _ = read_yaml(example, issues)  # read as the loader reads the store
            assert not issues, (path.name, block[:80])
            records = []
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and set(item) == {"translations"}:
                    Translations.model_validate(item["translations"])
                    checked += 1
                elif isinstance(item, dict) and set(item) <= {"retired"}:
                    records += item["retired"]
                elif isinstance(item, dict):
                    records.append(item)
            for record in records:
                # Examples elide long texts and addresses; the fields themselves must be real.
                record = {k: ("https://example.org/a" if k in ("url", "archived") else v)
                          for k, v in record.items()}
                model_of(record).model_validate(record)
                checked += 1
    assert checked >= 10


def test_the_field_tables_of_format_md_are_written_from_the_schema():
    text = (ROOT / "facts" / "FORMAT.md").read_text(encoding="utf-8")
    assert schemadoc.update(text) == text, "the field tables are stale: run make schema"
    tabled = set(re.findall(r"<!-- fields: (\w+) -->", text))
    assert tabled == set(schemadoc.schema()["$defs"]), "give every record kind a fields block"


def test_a_new_field_in_the_schema_changes_its_table():
    text = "intro\n<!-- fields: Thing -->\nold table\n<!-- /fields -->\nafter\n"
    thing = {"properties": {"size": {"type": "integer", "description": "how big | how wide"},
                            "kind": {"enum": ["a", "b"], "default": "a"}},
             "required": ["size"]}
    out = schemadoc.update(text, {"Thing": thing})
    assert "old table" not in out and out.startswith("intro\n") and out.endswith("after\n")
    assert "| `size` | yes | whole number |  | how big \\| how wide |" in out
    assert '| `kind` | no | `a` \\| `b` | `"a"` |  |' in out
    with pytest.raises(KeyError, match="Thing"):
        schemadoc.update(text, {"Other": thing})

