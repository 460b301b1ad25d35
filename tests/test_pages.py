"""Pages as the check reads them: macro calls it can judge without building, provenance markup
typed by hand in any form, and pages that cannot be read. Each problem names the page and line."""

from __future__ import annotations

import os

import pytest

from factbook import open_project

from .conftest import TODAY


def page_errors(make_store, text: bytes | str, name: str = "index.md") -> list[str]:
    root = make_store({})
    (root / "docs").mkdir(exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "docs" / name).write_bytes(data)
    return [str(p) for p in open_project(root, TODAY).errors]


@pytest.mark.parametrize("call,words", [
    ("{{ fact(123) }}", "fact(): 123 is not an id"),
    ('{{ fact("base.q1", style="bogus") }}', "style='bogus' is not one of"),
    ('{{ fact("base.q1", unit="yes") }}', "unit='yes' is not True, False or None"),
    ('{{ fact("base.q1", digits=99) }}', "digits=99 is not a whole number from 0 to 6"),
    ('{{ fact("base.q1", colour="red") }}', "fact() has no option 'colour'"),
    ('{{ fact("base.q1", "base.q2") }}', "fact() takes 1 argument, not 2"),
    ("{{ fact_range('base.q1') }}", "fact_range() takes 2 arguments, not 1"),
    ('{{ facts_table("base.q1", 7) }}', "facts_table(): 7 is not an id"),
    ('{{ figure("base.q1") }}', "unknown macro 'figure'"),
    ("{{ undefined_thing }}", "unknown macro or variable 'undefined_thing'"),
])
def test_macro_calls_the_check_can_judge(make_store, call, words):
    errors = page_errors(make_store, f"# Home\n\n{{{{ fact('base.q1') }}}}\n\n{call}\n")
    assert any(e.startswith("docs/index.md:5: page: ") and words in e for e in errors), errors


def test_good_calls_pass(make_store):
    text = ("# Home\n\n{{ fact('base.q1', style='full', unit=true, bound=False, digits=1) }} "
            "{{ fact_range('base.q1', 'base.q2') }} {{ facts_table(*facts_with('base.'), "
            "caption='Both') }} {{ updated() }}\n")
    assert page_errors(make_store, text) == []


@pytest.mark.parametrize("typed", [
    '<span data-fact="base.q1">75,869</span>',
    '<span DATA-SOURCE="S05">75,869</span>',
    "<span data-fact>75,869</span>",
    '{{ "<span data-claim=A01>75,869</span>" }}',
    "It sold 75,869. {: data-version }",
    '<span class="example">75,869</span>',
    "<span class='fact-id'>75,869</span>",
])
def test_provenance_typed_by_hand_is_refused_in_any_form(make_store, typed):
    errors = page_errors(make_store, f"# Home\n\n{{{{ fact('base.q1') }}}}\n\n{typed}\n")
    assert any(e.startswith("docs/index.md:5: page: ") and "typed by hand" in e
               for e in errors), errors


def test_a_page_that_is_not_utf8_is_named(make_store):
    errors = page_errors(make_store, b"# Home\n\nCaf\xe9\n")
    assert errors == ["docs/index.md:3: page: the page is not UTF-8 text "
                      "(save the page as UTF-8 Markdown, or remove it)"]


def test_a_folder_or_a_broken_link_named_md_is_named(make_store):
    root = make_store({})
    docs = root / "docs"
    (docs / "chapter.md").mkdir(parents=True)
    os.symlink(docs / "nowhere.md", docs / "dangling.md")
    errors = [str(p) for p in open_project(root, TODAY).errors]
    assert "docs/chapter.md: page: is a folder, not a page (save the page as UTF-8 Markdown, " \
           "or remove it)" in errors
    assert any(e.startswith("docs/dangling.md: page: is a broken link") for e in errors), errors


def test_a_folder_or_a_broken_link_named_yaml_is_named(make_store):
    root = make_store({})
    (root / "facts" / "more.yaml").mkdir()
    os.symlink(root / "facts" / "gone.yaml", root / "facts" / "dangling.yaml")
    errors = [str(p) for p in open_project(root, TODAY).errors]
    assert "facts/more.yaml: file: is a folder, not a store file (store files are YAML files: " \
           "rename or remove it)" in errors
    assert any(e.startswith("facts/dangling.yaml: file: is a broken link") for e in errors)


def test_facts_reached_through_facts_with_are_used_and_checked(make_store):
    root = make_store({})
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(
        '# Home\n\n{{ facts_table(*facts_with("base."), caption="All") }}\n\n'
        '{{ facts_table(*facts_with("nothing.here")) }}\n')
    project = open_project(root, TODAY)
    assert [str(p) for p in project.errors] == [
        "docs/index.md:5: page: facts_with('nothing.here') matches no fact (fix the prefix)"]
    assert "docs/index.md" in project.context.used["base.q1"]
    assert "docs/index.md" in project.context.used["base.q2"]


def test_a_jinja_syntax_error_is_named_with_its_line(make_store):
    errors = page_errors(make_store, "# Home\n\n{{ fact('base.q1') }}\n\n{{ fact('base.q2' }}\n")
    assert len(errors) == 1 and errors[0].startswith("docs/index.md:5: page: macro syntax error")


@pytest.mark.parametrize("built", [
    "<span {{ 'data-' ~ 'fact' }}=\"base.q1\">77777</span>",
    "<span data-{{ 'version' }}=\"x\">66666</span>",
])
def test_only_macro_calls_write_to_a_page(make_store, built):
    errors = page_errors(make_store, f"# Home\n\n{{{{ fact('base.q1') }}}}\n\n{built}\n")
    assert any(e.startswith("docs/index.md:5: page: only macro calls may write to a page")
               for e in errors), errors


def test_a_macro_defined_on_the_page_is_known(make_store):
    text = ("# Home\n\n{% macro both() %}{{ fact('base.q1') }} {{ fact('base.q2') }}"
            "{% endmacro %}\n{{ both() }}\n")
    assert page_errors(make_store, text) == []


def test_a_page_in_the_folder_of_the_generated_fact_pages_is_refused(make_store):
    errors = page_errors(make_store, "# A fact\n\n{{ fact('base.q1') }}\n", "facts/base.q1.md")
    assert errors == ["docs/facts/base.q1.md: page: docs/facts/ is where the fact pages are "
                      "generated; a page there would be replaced (move the page elsewhere in "
                      "docs/)"]


def test_a_series_is_named_only_by_the_sites_chart_and_card(make_store):
    """A macro of the page's own named chart draws nothing from the store; a 'series:'
    argument is the whole id (a newline after it is not a series id)."""
    errors = page_errors(make_store, '{% macro chart(a) %}{{ a }}{% endmacro %}\n'
                         '{{ chart("series:no.such") }}\n')
    assert not [e for e in errors if "series" in e], errors
    errors = page_errors(make_store, '{{ chart("base.q1", "series:base.q\n") }}\n')
    assert [e.split(" (")[0] for e in errors] == [
        "docs/index.md:1: page: chart() names no series in 'series:base.q\\n'"]



def test_only_a_page_that_credits_sources_is_held_to_credit_each_figure(make_store):
    root = make_store({})
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "bare.md").write_text("# Bare\n\n{{ fact('base.q1') }}\n")
    (root / "docs" / "credits.md").write_text(
        "# Credits\n\n{{ fact('base.q1') }}\n\nFrom {{ source('S01') }}.\n")
    found = [str(p) for p in open_project(root, TODAY).problems
             if p.code == "page.uncredited-figure"]
    assert [p.split(" (")[0] for p in found] == [
        "docs/credits.md:3: base.q1: warning: the page shows this figure but credits none of "
        "its sources"]
    assert "(credit S05 with source()" in found[0]
