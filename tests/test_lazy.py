"""Modules imported on first use (factbook.lazy): not before, and a failed import fails again
with its own cause at every use, as an import statement does."""

from __future__ import annotations

import sys

import pytest

from factbook import lazy


def test_a_module_is_imported_when_a_name_of_it_is_first_read(tmp_path, monkeypatch):
    (tmp_path / "later_ok.py").write_text("VALUE = 7\n\ndef twice(x):\n    return 2 * x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "later_ok", raising=False)
    later = lazy.module("later_ok")
    assert "later_ok" not in sys.modules
    assert later.twice(later.VALUE) == 14
    assert later.twice is sys.modules["later_ok"].twice
    monkeypatch.setattr(sys.modules["later_ok"], "VALUE", 8)  # the module's names, as they are
    assert later.VALUE == 8
    assert lazy.module("later_ok") is sys.modules["later_ok"]  # imported: the module itself


def test_a_module_that_fails_to_import_fails_again_with_its_cause(tmp_path, monkeypatch):
    (tmp_path / "later_bad.py").write_text("VALUE = 1\nraise ImportError('later_bad is broken')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    later = lazy.module("later_bad")
    for _ in range(2):
        with pytest.raises(ImportError, match="later_bad is broken"):
            later.VALUE  # noqa: B018 - the read is the test
        assert "later_bad" not in sys.modules
    (tmp_path / "later_bad.py").write_text("VALUE = 2\n")  # mended: the next use imports it
    assert later.VALUE == 2
