"""The store's words in other languages (facts/zh.yaml): loaded with their lines, checked, and
served to a Locale; every fact on a Chinese page has its Chinese label."""

from __future__ import annotations

import dataclasses
import re

from factbook import open_project
from factbook.load import load_store
from factbook.locale import EN, ZH
from factbook.model import Store
from factbook.pages import scan
from factbook.translations import for_locale, texts

from .conftest import ROOT, TODAY

WORDS = """translations:
  language: zh
  entities:
    su7:
      name: 小米SU7
      aliases: [新一代SU7]
  facts:
    base.q1:
      label: 电动汽车交付量
  sources:
    S05: {publisher: 示例通讯社}
"""


def _problems(make_store, files: dict[str, str], pages: dict[str, str] | None = None):
    root = make_store(files)
    for name, text in (pages or {}).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return open_project(root, TODAY).problems


# ---------------------------------------------------------------- loading


def test_words_are_records_with_the_line_of_each_field(make_store):
    root = make_store({"zh.yaml": WORDS})
    store = load_store(root / "facts", base=root)
    assert store.problems == []
    zh = store.translations["zh"]
    assert (zh.language, zh.loc.path, zh.loc.line) == ("zh", "facts/zh.yaml", 1)
    q1 = zh.facts["base.q1"]
    text = (root / "facts" / "zh.yaml").read_text(encoding="utf-8").splitlines()
    assert q1.label == "电动汽车交付量" and q1.note is None
    assert text[q1.loc.line - 1].strip() == "base.q1:"
    assert text[q1.loc.of("label") - 1].strip() == "label: 电动汽车交付量"
    assert zh.entities["su7"].aliases == ["新一代SU7"]
    assert zh.sources["S05"].publisher == "示例通讯社"


def test_a_language_in_two_files_is_one_set_of_words_and_a_record_is_given_once(make_store):
    problems = _problems(make_store, {"zh.yaml": WORDS, "zz.yaml": """translations:
  language: zh
  facts:
    base.q2: {label: 电动汽车交付量}
    base.q1: {label: 交付量}
"""})
    assert [str(p) for p in problems] == [
        "facts/zz.yaml:5: base.q1: words given twice in 'zh' (first at facts/zh.yaml:8) "
        "(keep one of the two)"]


def test_a_translations_section_with_records_of_its_own_loads_both(make_store):
    root = make_store({"x.yaml": """entities:
  - {id: newco, name: Newco, kind: company}
translations:
  language: zh
  entities:
    newco: {name: 新公司}
"""})
    store = open_project(root, TODAY).store
    assert store.entities["newco"].name == "Newco"
    assert store.translations["zh"].entities["newco"].name == "新公司"


# ---------------------------------------------------------------- each bad input, where and what


def test_bad_words_are_named_with_their_file_line_and_fix(make_store):
    problems = _problems(make_store, {"zh.yaml": """translations:
  language: zh
  facts:
    base.q9:
      label: 未知
    base.q1:
      label: 交付量
      unit: 辆
    base.q2:
      label: "  "
  gadgets: {}
"""})
    assert [str(p) for p in problems] == [
        "facts/zh.yaml:8: base.q1: 'unit' of a fact is not translatable (translate label, note; "
        "figures, dates and ids are the English record's)",
        "facts/zh.yaml:10: base.q2: label is empty (write the text, or leave the field out to "
        "show the English)",
        "facts/zh.yaml:11: gadgets: unknown section 'gadgets' of the translations (use entities, "
        "sources, facts, series, claims, rules, retired)",
        "facts/zh.yaml:4: base.q9: words for an unknown fact (fix the id, or remove the words: "
        "facts in facts/ holds no such id)",
    ]
    assert [p.code for p in problems] == ["translation.not-translatable", "translation.empty",
                                          "translation.unknown-section",
                                          "translation.unknown-id"]


def test_placeholders_must_be_the_english_texts(make_store):
    problems = _problems(make_store, {"x.yaml": """facts:
  - id: x.h1
    subject: xiaomi-ev
    label: EV deliveries in a half
    value: 157171
    unit: vehicles
    period: 2025-H1
    status: derived
    checked: 2026-11-26
    derive: {formula: "{base.q1} + {base.q2}"}
    note: "The sum of {base.q1} and {base.q2}."
translations:
  language: zh
  facts:
    x.h1:
      label: 上半年交付量
      note: "{base.q1}与{x.h1}之和。"
    base.q1:
      label: "{base.q1}"
"""})
    assert [str(p) for p in problems] == [
        "facts/x.yaml:17: x.h1: note's placeholders differ from the English note's: it lacks "
        "{base.q2} and adds {x.h1} (keep exactly the English text's {placeholders})",
        "facts/x.yaml:19: base.q1: label's placeholders differ from the English label's: it adds "
        "{base.q1} (keep exactly the English text's {placeholders})",
    ]
    assert {p.code for p in problems} == {"translation.placeholders"}


def test_a_placeholder_may_move_and_repeat(make_store):
    problems = _problems(make_store, {"x.yaml": """retired:
  - {id: x.old, replaced_by: base.q1, note: "Merged into {base.q1}, after {base.q2}."}
translations:
  language: zh
  retired:
    x.old: {note: "在{base.q2}之后，并入{base.q1}；{base.q1}保留。"}
"""})
    assert problems == []


def test_a_text_where_the_english_has_none_is_refused(make_store):
    problems = _problems(make_store, {"zh.yaml": """translations:
  language: zh
  facts:
    base.q1: {label: 交付量, note: 只有中文备注。}
"""})
    assert [(str(p), p.code) for p in problems] == [(
        "facts/zh.yaml:4: base.q1: note is given, but the English record has none (remove it, "
        "or write the English note first)", "translation.no-original")]


def test_figures_are_placeholders_in_chinese_too(make_store):
    problems = _problems(make_store, {"zh.yaml": """translations:
  language: zh
  entities:
    su7: {name: 小米SU7, aliases: [新一代SU7]}
  facts:
    base.q1:
      label: 第三季度交付量
    base.q2:
      label: 新一代SU7交付量（八万一千三百零二辆）
  sources:
    S05: {publisher: 第一财经, note: 另见新一代SU7。}
"""})
    # A lone numeral is a word (第三, 第一); declared names hold theirs (SU7); a run is a figure.
    assert [(str(p), p.code, p.severity) for p in problems] == [(
        "facts/zh.yaml:9: base.q2: warning: label holds the numerals '八万一千三百零二', which "
        "read as a figure (rephrase without them, or list the label in i18n/zh/NOTES.md)",
        "translation.label-numerals", "warning"),
        ("facts/zh.yaml:11: S05: note is given, but the English record has none (remove it, or "
         "write the English note first)", "translation.no-original", "error")]


def test_digits_in_a_label_are_a_typed_figure(make_store):
    problems = _problems(make_store, {"zh.yaml": """translations:
  language: zh
  facts:
    base.q1: {label: 交付量（2025年）}
"""})
    assert [(str(p), p.code) for p in problems] == [(
        "facts/zh.yaml:4: base.q1: label types a figure ('2025') (refer to a fact as {fact.id}, "
        "or declare the name in the entity's words)", "text.typed-figure")]


def test_invisible_characters_are_refused_in_texts_and_keys(make_store):
    problems = _problems(make_store, {"zh.yaml": """translations:
  language: zh
  facts:
    base.q1: {label: "交付\\u200b量"}
    "base.q2\\u202e": {label: 交付量}
"""})
    assert [(str(p), p.code) for p in problems] == [
        ("facts/zh.yaml:4: base.q1: text holds the invisible or control character U+200B "
         "(delete it: retype the text around it)", "text.invisible-character"),
        ("facts/zh.yaml:5: base.q2\\u202e: key holds the invisible or control character U+202E "
         "(retype the key)", "text.invisible-character"),
    ]


def test_names_stay_their_entitys_own(make_store):
    problems = _problems(make_store, {"zh.yaml": """translations:
  language: zh
  entities:
    su7:
      name: 小米SU7
      aliases: [小米汽车, SU7]
    xiaomi-ev:
      name: 小米汽车
"""})
    # SU7 is su7's own English name: no clash. 小米汽车 is claimed by two entities.
    assert [(str(p), p.code) for p in problems] == [(
        "facts/zh.yaml:8: xiaomi-ev: name '小米汽车' is also a name of entity 'su7' (give each "
        "entity its own names)", "translation.name-shared")]


def test_shapes_and_languages(make_store):
    problems = _problems(make_store, {
        "a.yaml": "translations:\n  facts: {}\n",
        "b.yaml": "translations:\n  language: zh\n  facts: [base.q1]\n",
        "c.yaml": "translations:\n  language: zh\n  facts:\n    base.q1: 交付量\n"
                  "    base.q2: {label: [a]}\n",
        "d.yaml": "translations: zh\n",
        "e.yaml": "translations:\n  language: EN\n",
        "f.yaml": "translations:\n  language: fr\n  facts:\n    base.q1: {label: livraisons}\n",
    })
    assert [(str(p), p.code) for p in problems] == [
        ("facts/a.yaml:1: translations: language is missing or not another language's code "
         "(write the language's code, as in 'language: zh'; the records are English)",
         "translation.language"),
        ("facts/b.yaml:3: facts: 'facts' must be a mapping of ids to their words (write "
         "'some.id:' and its fields under it)", "translation.bad-shape"),
        ("facts/c.yaml:4: base.q1: the words of a record must be a mapping of fields to texts "
         "(write 'label: …' (or note, name …) under the id)", "translation.bad-shape"),
        ("facts/c.yaml:5: base.q2: label must be text, not list (quote it; figures are never "
         "translated: they come from the fact)", "translation.bad-shape"),
        ("facts/d.yaml:1: translations: 'translations' must be a mapping (write 'language: zh' "
         "and the sections (facts, entities …) under it)", "translation.bad-shape"),
        ("facts/e.yaml:2: translations: language 'EN' is not a code of a language other than "
         "English (write the language's code, as in 'language: zh'; the records are English)",
         "translation.language"),
        ("facts/f.yaml:2: translations: language 'fr' has no edition (the site has zh) (write "
         "the code the site's editions use, as in 'language: zh')", "translation.language"),
    ]


def test_hostile_shapes_give_problems_not_tracebacks(make_store):
    for text in ["translations:\n  language: zh\n  facts:\n    1: {label: x}\n",
                 "translations:\n  language: [zh]\n",
                 "translations:\n  language: zh\n  facts:\n    base.q1: {label: no}\n",
                 "translations:\n  language: zh\n  entities:\n    su7: {aliases: [x, 7, '']}\n",
                 "translations:\n  language: zh\n  facts:\n    base.q1:\n",
                 "translations:\n  language: zh\n  facts:\n"]:
        root = make_store({"zh.yaml": text})
        problems = open_project(root, TODAY).problems
        assert all(p.code for p in problems), text


# ---------------------------------------------------------------- Chinese pages


def test_a_fact_on_a_chinese_page_needs_its_chinese_label(make_store):
    problems = _problems(make_store, {"zh.yaml": WORDS}, pages={
        "index.md": '{{ fact("base.q1") }} {{ fact("base.q2") }}\n',
        "deliveries.zh.md": '# 交付\n\n{{ fact("base.q1") }}\n\n{{ fact("base.q2") }}\n'
                            '{{ fact("base.q2") }}\n',
        "models/su7.zh.md": '{{ facts_table(*facts_with("base.")) }}\n',
    })
    errors = [p for p in problems if p.severity == "error"]
    assert [(str(p), p.code) for p in errors] == [
        ("docs/deliveries.zh.md:5: base.q2: no Chinese label (add facts.base.q2.label to "
         "facts/zh.yaml)", "translation.no-label"),
        ("docs/models/su7.zh.md:1: base.q2: no Chinese label (add facts.base.q2.label to "
         "facts/zh.yaml)", "translation.no-label"),
    ]


def test_a_chinese_page_with_no_chinese_words_at_all_names_the_file_to_write(make_store):
    problems = _problems(make_store, {}, pages={"index.zh.md": '{{ label("base.q1") }}\n'})
    assert [str(p) for p in problems if p.severity == "error"] == [
        "docs/index.zh.md:1: base.q1: no Chinese label (add facts.base.q1.label to facts/zh.yaml)"]


def test_a_page_named_like_a_language_it_is_not_is_english(make_store):
    problems = _problems(make_store, {}, pages={"how.to.md": '{{ fact("base.q1") }}\n'})
    assert [p for p in problems if p.severity == "error"] == []


# ---------------------------------------------------------------- the Locale hook


def test_texts_answers_a_records_words_or_none(make_store):
    root = make_store({"zh.yaml": WORDS})
    store = load_store(root / "facts", base=root)
    words = texts(store, "zh")
    assert words(store.facts["base.q1"], "label") == "电动汽车交付量"
    assert words(store.facts["base.q1"], "note") is None
    assert words(store.facts["base.q2"], "label") is None
    assert words(store.entities["su7"], "name") == "小米SU7"
    assert words(store.entities["su7"], "aliases") == ["新一代SU7"]
    assert words(store.entities["xiaomi-ev"], "aliases") is None
    assert words(store.sources["S05"], "publisher") == "示例通讯社"
    assert words(store.sources["S05"], "title") is None  # titles are never translated
    assert words("not a record", "label") is None
    assert texts(store, "fr")(store.facts["base.q1"], "label") is None


def test_for_locale_sets_the_hook_and_keeps_every_other_word(make_store):
    root = make_store({"zh.yaml": WORDS})
    store = load_store(root / "facts", base=root)
    zh = for_locale(store, ZH)
    assert zh.text(store.facts["base.q1"], "label") == "电动汽车交付量"
    assert zh.text(store.facts["base.q2"], "label") == "EV deliveries"  # falls back to English
    assert zh.text(store.sources["S05"], "title") == "A report"
    assert zh.code == ZH.code and zh.phrases is ZH.phrases and zh.months == ZH.months
    assert for_locale(store, EN) is EN
    same = dataclasses.replace(ZH, texts=texts(store, "zh"))
    assert same.text(store.entities["su7"], "name") == "小米SU7"
    assert for_locale(Store(), ZH) is ZH


# ---------------------------------------------------------------- the real store


def test_the_real_store_names_its_entities_in_chinese():
    store = open_project(ROOT).store
    name = texts(store, "zh")
    got = {e: name(store.entities[e], "name") for e in
           ("xiaomi", "xiaomi-ev", "su7", "yu7", "tesla-model-y", "cpca")}
    assert got == {"xiaomi": "小米集团", "xiaomi-ev": "小米汽车", "su7": "小米SU7",
                   "yu7": "小米YU7", "tesla-model-y": "特斯拉 Model Y", "cpca": "乘联会"}


def test_every_fact_an_english_page_shows_has_a_chinese_label():
    # The Chinese pages mirror the English ones: each fact they will show is labelled already.
    project = open_project(ROOT)
    labelled = project.store.translations["zh"].facts
    shown = {r.id for r in scan(ROOT / "docs", ROOT) if r.kind == "ref"
             and r.id in project.store.facts}
    assert sorted(f for f in shown if not (labelled.get(f) and labelled[f].label)) == []


def test_notes_md_lists_exactly_the_labels_the_check_warns_about():
    project = open_project(ROOT)
    warned = {f"facts.{p.subject}.label" for p in project.problems
              if p.code == "translation.label-numerals"}
    notes = (ROOT / "i18n" / "zh" / "NOTES.md").read_text(encoding="utf-8")
    table = notes.split("## Numerals that could not be avoided", 1)[1].split("Possible designs")[0]
    listed = set(re.findall(r"^\| (facts\.[^ |]+\.label) \|", table, re.M))
    assert listed == warned


# ---------------------------------------------------------------- attacks (a review's findings)


def test_an_outlet_whose_name_reads_as_a_figure_is_refused_and_hides_no_figure(make_store):
    words = WORDS.replace("S05: {publisher: 示例通讯社}", 'S05: {publisher: "75869"}')
    words = words.replace("      label: 电动汽车交付量\n",
                          "      label: 电动汽车交付量\n      note: 据报道为75869辆。\n")
    root = make_store({"zh.yaml": words})
    base = root / "facts" / "base.yaml"  # the English record needs a note for a Chinese one
    base.write_text(base.read_text(encoding="utf-8").replace(
        "    label: EV deliveries\n    value: 75869\n",
        "    label: EV deliveries\n    note: As reported.\n    value: 75869\n", 1),
        encoding="utf-8")
    lines = [str(p) for p in open_project(root, TODAY).problems if p.severity == "error"]
    assert any(re.fullmatch(r"facts/zh\.yaml:\d+: S05: publisher '75869' reads as a figure "
                            r"\(.*\)", line) for line in lines), lines
    assert any("base.q1: note types a figure ('75869" in line for line in lines), lines


PAGE = '{{ fact("base.q1") }}\n'


def test_a_language_with_no_edition_is_one_line_not_a_flood(make_store):
    words = WORDS.replace("language: zh", "language: zh-Hans")
    problems = _problems(make_store, {"zh.yaml": words}, {"index.zh.md": PAGE})
    lines = [str(p) for p in problems if p.severity == "error"]
    assert lines == ["facts/zh.yaml:2: translations: language 'zh-Hans' has no edition (the site "
                     "has zh) (write the code the site's editions use, as in 'language: zh')"]


def test_a_words_file_that_does_not_load_is_the_only_cause_reported(make_store):
    broken = WORDS.replace("  language: zh\n", "  language: zh\n  language: zh\n")
    problems = _problems(make_store, {"zh.yaml": broken}, {"index.zh.md": PAGE})
    lines = [str(p) for p in problems if p.severity == "error"]
    assert len(lines) == 1 and "duplicate key 'language'" in lines[0], lines


def test_an_english_outlet_named_by_a_figure_alone_is_refused(make_store):
    root = make_store({})
    base = root / "facts" / "base.yaml"
    text = base.read_text(encoding="utf-8")
    assert "publisher: Example Wire," in text
    base.write_text(text.replace("publisher: Example Wire,", "publisher: '108796',", 1),
                    encoding="utf-8")
    lines = [str(p) for p in open_project(root, TODAY).problems if p.severity == "error"]
    assert "facts/base.yaml:7: S05: publisher '108796' reads as a figure (write the outlet's " \
        "name, which holds letters; figures come from facts)" in lines, lines
