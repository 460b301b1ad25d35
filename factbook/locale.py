"""The locale layer: every word and format a reader sees, in one object per language.

The engine (format, render, factpage, cite, jsonld, periods, export) writes no reader-facing word
of its own: it asks a `Locale` for numbers, units, dates, periods, bound, status and verdict
words, headings, fixed phrases and the data dictionary. `EN` is the default; `ZH` is a first
draft of the Chinese edition (issue #13) that proves the engine holds no English.

Babel (CLDR) supplies what it covers the same way in every language: month and quarter names,
day and month dates, quarters (`format_date` with a pattern the locale holds). The engine keeps
the rest: numbers are rounded by Python's own formatting (Babel rounds the decimal repr half to
even, 2.675 -> 2.68, where the site and its audit read 2.67, and writes "-" where the site writes
U+2212 minus), scale words (million; 万, 亿) are not CLDR data, nor are halves, ranges and bounds.

Phrases are `str.format` templates. `say` fills one as plain text (titles, citations, JSON);
`html` escapes the template's own words and inserts the given values as finished HTML, so a
phrase is inert text wherever it lands and values are never escaped twice.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from babel.dates import format_date, get_month_names

from .model import UNITS
from .text import esc

STYLES = ("auto", "full", "short", "clock")


class FormatError(ValueError):
    """A formatting request that does not fit the fact (a bad style, a date asked as money)."""


@dataclass(frozen=True)
class UnitWords:
    """How one unit of the registry reads in a language."""

    singular: str
    plural: str
    symbol: str = ""  # written after the number ("km"); wins over the names
    prefix: str = ""  # written before the number ("US$"); wins over the symbol


def decimals_of(v: float, cap: int = 3) -> int:
    """How many decimals a value needs to be shown as written (at most cap)."""
    for d in range(cap + 1):
        if math.isclose(round(v, d), v, rel_tol=0, abs_tol=1e-9):
            return d
    return cap


@dataclass(frozen=True, eq=False)
class Locale:
    """Every reader-facing word and format of one language; methods assemble them."""

    code: str  # BCP 47 tag for lang attributes
    babel: str  # the Babel (CLDR) locale its names and dates come from
    # numbers
    group_sep: str
    decimal_sep: str
    minus: str
    scales: tuple[tuple[float, str], ...]  # largest first: (1e9, "billion")
    short_from: float  # the "auto" style scales figures from this size up
    scale_join: str  # between a figure and its scale word: "113.1 billion", "1131亿"
    group_scaled: bool  # whether the figure before a scale word is grouped (1,131亿 or 1131亿)
    percent: str  # "{n}%"
    units: Mapping[str, UnitWords]
    name_join: str  # between a number and a unit name: "40,000 vehicles", "40,000辆"
    symbol_join: str  # between a number and a unit symbol: "800 km"
    bound_join: str  # between a bound word and the figure: "about 113.1 billion", "约1131亿"
    # dates and periods
    date_patterns: Mapping[str, str]  # CLDR patterns by precision (+ "_short"), for Babel
    periods: Mapping[str, str]  # templates: half, ranges, as_of
    halves: tuple[str, str]
    # words
    bounds: Mapping[str, str]
    statuses: Mapping[str, str]
    status_explained: Mapping[str, str]
    verdicts: Mapping[str, str]  # as headings and the scorecard show them
    verdicts_inline: Mapping[str, str]  # inside a sentence
    verdict_names: Mapping[str, str]  # schema.org ClaimReview rating names
    check_words: Mapping[str, str]
    source_kinds: Mapping[str, str]  # bibliography headings, in this order
    topics: Mapping[str, str]  # facts index headings by topic file; others: the file name
    phrases: Mapping[str, str]
    exports: Mapping[str, str]  # what each data file holds, by file name
    dictionary: Mapping[str, Mapping[str, tuple[str, str]]]  # table -> field -> (type, meaning)
    keywords: tuple[str, ...]  # the dataset's schema.org keywords
    # punctuation that joins parts the code assembles
    comma: str = ", "
    semicolon: str = "; "
    colon: str = ": "
    stop: str = "."
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    parens: tuple[str, str] = ("(", ")")
    # A record's text in this language (label, note, says, reason, publisher…); None: as stored.
    texts: Callable[[object, str], str | None] | None = None
    months: tuple[str, ...] = field(init=False)
    months_short: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        wide = get_month_names("wide", locale=self.babel)
        short = get_month_names("abbreviated", locale=self.babel)
        object.__setattr__(self, "months", ("", *(wide[i] for i in range(1, 13))))
        object.__setattr__(self, "months_short", ("", *(short[i] for i in range(1, 13))))

    # ------------------------------------------------------------ phrases

    def say(self, key: str, **values: object) -> str:
        """A phrase as plain text, its {slots} filled."""
        return self.phrases[key].format(**values)

    def html(self, key: str, **values: object) -> str:
        """A phrase as HTML: its own words escaped, the values inserted as given (finished HTML)."""
        out = []
        for literal, name, spec, _conv in string.Formatter().parse(self.phrases[key]):
            out.append(esc(literal))
            if name is not None:
                out.append(format(values[name], spec or ""))
        return "".join(out)

    def text(self, record: object, name: str) -> str:
        """A text field of a store record in this language (as stored when none is given)."""
        if self.texts is not None:
            found = self.texts(record, name)
            if found is not None:
                return found
        value = getattr(record, name)
        return "" if value is None else str(value)

    def topic(self, stem: str) -> str:
        """The heading of a topic of the facts index, from its file name."""
        return self.topics.get(stem) or stem.replace("-", " ").capitalize()

    def paren(self, text: str) -> str:
        return f"{self.parens[0]}{text}{self.parens[1]}"

    def quote(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"

    # ------------------------------------------------------------ numbers

    def group(self, n: float, decimals: int = 0, grouped: bool = True) -> str:
        """46249 -> '46,249'; 2.78 with decimals=2 -> '2.78'; trailing zeros dropped."""
        text = f"{abs(n):{',' if grouped else ''}.{decimals}f}"
        if decimals:
            text = text.rstrip("0").rstrip(".")
        negative = n < 0 and text.strip("0.,")
        text = text.translate({ord(","): self.group_sep, ord("."): self.decimal_sep})
        return (self.minus + text) if negative else text

    def scaled(self, v: float, style: str = "auto", digits: int | None = None,
               ) -> tuple[float, int, float, str]:
        """(figure, decimals, scale, word): how a number is shown. A figure that rounds up to
        the next scale moves there (999,999,999 is '1 billion', not '1,000 million')."""
        if style not in STYLES:
            raise FormatError(f"style '{style}' is not one of {', '.join(STYLES)}")
        if style == "short" or (style == "auto" and abs(v) >= self.short_from):
            at = next((i for i, (scale, _) in enumerate(self.scales) if abs(v) >= scale), None)
            if at is not None:
                x, d = self._fit(v, at, digits)
                if at and abs(round(x, d)) * self.scales[at][0] >= self.scales[at - 1][0]:
                    at -= 1  # rounds up into the next scale: shown there
                    x, d = self._fit(v, at, digits)
                return x, d, self.scales[at][0], self.scales[at][1]
        d = digits if digits is not None else decimals_of(v)
        return v, d, 1, ""

    def _fit(self, v: float, at: int, digits: int | None) -> tuple[float, int]:
        x = v / self.scales[at][0]
        # Shortened figures keep three significant digits or so: 113.1 billion, 2.75 trillion.
        return x, digits if digits is not None else min(decimals_of(x), 1 if abs(x) >= 10 else 2)

    def number(self, v: float, style: str = "auto", digits: int | None = None) -> str:
        """A number in words: full ('46,249') or short ('113.1 billion'); auto picks by size."""
        x, d, _, word = self.scaled(v, style, digits)
        if not word:
            return self.group(x, d)
        return f"{self.group(x, d, self.group_scaled)}{self.scale_join}{word}"

    def shown(self, v: float, style: str = "auto", digits: int | None = None) -> float:
        """The value `number` shows for v: 67674745 -> 67700000.0 ('67.7 million')."""
        x, d, scale, _ = self.scaled(v, style, digits)
        return round(x, d) * scale

    def percent_text(self, pct: float, decimals: int) -> str:
        return self.percent.format(n=self.group(pct, decimals))

    def with_unit(self, number: str, unit: str, one: bool) -> str:
        """'40,000 vehicles', 'US$15.9 billion', '800 km': a number with its unit."""
        u = self.units.get(unit) or _registry_words(unit)
        if u.prefix:
            return f"{u.prefix}{number}"
        if u.symbol:
            return f"{number}{self.symbol_join}{u.symbol}"
        return f"{number}{self.name_join}{u.singular if one else u.plural}"

    def bounded(self, bound: str, body: str) -> str:
        """'more than 40,000': the bound word, if any, with the figure."""
        word = self.bounds[bound]
        return f"{word}{self.bound_join}{body}" if word else body

    @cached_property  # the audit reads every figure of every page with it
    def shown_re(self) -> re.Pattern:
        """A number as this locale writes it, for reading a figure back: sign, digits, scale."""
        g, d = re.escape(self.group_sep), re.escape(self.decimal_sep)
        words = "|".join(re.escape(w) for _, w in self.scales)
        join = r"\s+" if self.scale_join.strip() == "" and self.scale_join else r"\s*"
        return re.compile(rf"({re.escape(self.minus)}|-)?(\d[\d{g}]*(?:{d}\d+)?)"
                          rf"(?:{join}({words}))?")

    def scale_of(self, word: str | None) -> float:
        return dict((w, s) for s, w in self.scales).get(word or "", 1)

    def plain_digits(self, digits: str) -> str:
        """'1,234.5' as this locale writes it -> '1234.5' for float()."""
        return digits.replace(self.group_sep, "").replace(self.decimal_sep, ".")

    # ------------------------------------------------------------ dates and periods

    def day(self, when: date, precision: str, short: bool = False) -> str:
        """A day, month or year (or quarter) through Babel: '20 November 2025', 'Q3 2025'."""
        pattern = (short and self.date_patterns.get(precision + "_short")) or \
            self.date_patterns[precision]
        return format_date(when, pattern, locale=self.babel)

    def period(self, kind: str, **parts: object) -> str:
        """A half, a range or an as-of date from its template: 'H1 2025', 'Jan–Nov 2025'."""
        return self.periods[kind].format(**parts)

    def half(self, year: int, first: bool) -> str:
        return self.period("half", y=year, h=self.halves[0 if first else 1])


def _registry_words(unit: str) -> UnitWords:
    u = UNITS[unit]
    return UnitWords(u.singular, u.plural, u.symbol, u.prefix)


# ====================================================================== English

_EN_PHRASES = {
    # figures (format)
    "derived_origin": "derived from other facts",
    "tooltip": "{label}. {when}Source: {origin}. Status: {status}.",
    "tooltip_when": "{when}. ",
    "as_of": "as of {date}",
    "source_line": "{publisher}, {date}",
    # tables and lists (render)
    "derived": "derived",
    "col_what": "What", "col_figure": "Figure", "col_when": "When", "col_sources": "Sources",
    "states": "states {figure}",
    "copy_of_source": " A copy of {source}; it confirms nothing alone.",
    "and_more": "and {n} more",
    "supports": "Supports:",
    "scorecard": "The article makes {total} checkable claims. Their verdicts:",
    "figure_fits": "The figure fits {label}: {figure}",
    "see_first": "See {source}", "see_more": "see {source}",
    "verdict_computed": "verdict computed from the figures",
    "verdict_editorial": "an editorial verdict",
    "the_sources": "The sources:", "why": "Why:",
    "no_date": "no date recorded",
    "series_complete": "Every declared series is complete up to {date}.",
    "gap": "{series}: no figure recorded for {periods}.",
    # fact pages (factpage)
    "title": "{label}, {when}",
    "page_title": "{title}: {value}",
    "description": "{title}. {attribution}. Status: {status}.",
    "stored_value": "Stored value", "status": "Status", "checked": "Checked", "id": "Id",
    "sources": "Sources",
    "source_entry": "{source}: {title}{when}. States {states}{where}.{copy}",
    "copy_of": "A copy of {source}.",
    "derived_by": "Derived by the formula {formula}",
    "history": "History",
    "replaced_earlier": "It replaced an earlier value: {figure}",
    "replaced_by_later": "It was replaced by a later value: {figure}",
    "in_series": "In its series",
    "checks": "Checks",
    "no_check": "No check compares this figure with another; it rests on its sources alone.",
    "checked_by": "Every build compares this figure with {words}; a mistyped value stops the "
                  "site from being published.",
    "shown_on": "Shown on",
    "cite_this": "Cite this",
    "cite_text": "Suggested citation", "cite_bibtex": "BibTeX", "cite_csl": "CSL-JSON",
    "copy": "Copy",
    "cite_files": "The sources of every fact are in {bib} and {csl}.",
    "report": "Report an error in this fact",
    "report_how": ": say what is wrong and give a source.",
    "report_title": "Fact {id}: ",
    "retired_heading": "Retired: {id}",
    "retired_body": "This id is no longer used. {note}",
    "retired_target": "It was replaced by {link}: {figure}.",
    "col_fact": "Fact", "col_status": "Status", "col_checked": "Checked",
    "retired_ids": "Retired ids",
    # citations (cite)
    "site_name": "factbook: Xiaomi EV facts",
    "accessed_slot": "[date accessed]",
    "attribution_derived": "derived by the compilers from other facts",
    "cite_checked": ", checked {date}",
    "cite_fact": "{attribution}. {quoted} Compiled in {site} (fact {id}, {status}{checked}). "
                 "{permalink} (accessed {accessed}).",
    "cite_quoted": "{title}: {value}.",
    "bib_howpublished": "As compiled in {site}",
    "bib_note": "Value: {value}; status: {status}; fact {id}; licence {licence}",
    "csl_note": "Value: {value}. Status: {status}. Licence: {licence}.",
    "no_date_csl": "no date",
    # structured data (jsonld)
    "dataset_description": "Checked, cited figures on Xiaomi's electric-vehicle business: "
                           "deliveries, finances, plants, models, export plans and market "
                           "context, each with its unit, period, status and sources.",
    "unknown": "unknown",
    # site.py (wired in by its owner): downloads list, retired page title, data dictionary
    "offline_zip": "the whole site to read without a connection: unzip it and open {index} in "
                   "a browser. Search works there too.",
    "retired_title": "A retired fact id",
    "dictionary_both": "{json} and {csv}",
    "col_field": "Field", "col_type": "Type", "col_meaning": "Meaning",
}

_EN_DICTIONARY = {
    "facts": {
        "id": ("text", "Stable identifier of the fact; its permalink anchor. Never reused."),
        "label": ("text", "What is measured, in words."),
        "subject": ("text", "Id of the entity the fact is about (company, model, plant…)."),
        "value": ("number or date", "The value in base units: a sum of money as its full number "
                                    "(`113100000000`), a share as a fraction of one (`0.223`), "
                                    "a date as `YYYY-MM-DD`."),
        "unit": ("text", "Unit of the value, from the unit registry (vehicles, CNY, USD, percent "
                         "as a fraction, km, kWh, date, …)."),
        "bound": ("text", "exact, approx, at_least, more_than, at_most or less_than: how the "
                          "value bounds the true figure."),
        "period": ("text", "The stretch of time measured: `2025`, `2025-H1`, `2025-Q3`, "
                           "`2025-11`, a day, or a range `start/end`. Empty when as_of is used."),
        "as_of": ("date", "The moment a stock or status was observed. Empty when period is used."),
        "status": ("text", "confirmed, single_source, company_claim, estimate, derived, disputed "
                           "or plan."),
        "sources": ("list", "Each source with the figure as it states it (states) and how "
                            "(bound); in the CSV, one cell: `S05: 108796; S04 (approx): …`."),
        "derive": ("text", "For derived facts, the formula over other fact ids."),
        "supersedes": ("text", "Id of the earlier value this one replaced (a raised target)."),
        "checked": ("date", "The day someone last compared the value with its sources "
                            "(`YYYY-MM-DD`)."),
        "note": ("text", "Remarks; {fact.id} marks a reference to another fact."),
        "permalink": ("URL", "The fact's stable address: its own page."),
    },
    "sources": {
        "id": ("text", "Source id (`S01`…, `N01`…), the BibTeX and CSL-JSON key."),
        "title": ("text", "Title of the page or document."),
        "publisher": ("text", "Who published it."),
        "author": ("text", "Author, where known."),
        "url": ("URL", "Address (http or https)."),
        "published": ("date", "Publication date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, where known."),
        "accessed": ("date", "When it was read, where recorded."),
        "kind": ("text", "filing, press_release, industry_data, news, analysis, aggregator, blog, "
                         "or audited (an article whose claims the site checks)."),
        "language": ("text", "Language code, where recorded."),
        "archived": ("URL", "Address of an archived copy, where one is known."),
        "copy_of": ("text", "Id of the source this one copies (a syndicated or rewritten "
                            "article); a copy never counts as independent confirmation."),
        "note": ("text", "Remarks on the source's grade or provenance."),
    },
}

EN = Locale(
    code="en",
    babel="en",
    group_sep=",",
    decimal_sep=".",
    minus="\u2212",  # a real minus sign, not the hyphen Babel writes
    scales=((1e12, "trillion"), (1e9, "billion"), (1e6, "million")),
    short_from=1e6,
    scale_join=" ",
    group_scaled=True,
    percent="{n}%",
    units={k: _registry_words(k) for k in UNITS},  # the registry is written in English
    name_join=" ",
    symbol_join=" ",
    bound_join=" ",
    date_patterns={"day": "d MMMM y", "month": "MMMM y", "year": "y", "quarter": "QQQ y",
                   "day_short": "d MMM y", "month_short": "MMM y"},
    periods={
        "half": "H{h} {y}",
        "month_range": "{m1}–{m2} {y}",
        "day_range": "{d1}–{d2} {month} {y}",
        "year_range": "{y1}–{y2}",
        "range": "{a} – {b}",
        "as_of": "as of {date}",
    },
    halves=("1", "2"),
    bounds={"exact": "", "approx": "about", "at_least": "at least", "more_than": "more than",
            "at_most": "at most", "less_than": "less than"},
    statuses={"confirmed": "confirmed", "single_source": "single source",
              "company_claim": "company claim", "estimate": "estimate", "derived": "derived",
              "disputed": "disputed", "plan": "plan or target"},
    status_explained={
        "confirmed": "Confirmed: at least two independent sources state this figure.",
        "single_source": "Single source: only one source read so far states this figure; quote "
                         "it with that source named.",
        "company_claim": "Company claim: the figure is the company's own statement, not checked "
                         "independently.",
        "estimate": "Estimate: a forecast or a modelled figure, not a measurement.",
        "derived": "Derived: computed from other facts by the formula shown, and checked against "
                   "it on every build.",
        "disputed": "Disputed: sources disagree; the note says how.",
        "plan": "Plan or target: a stated aim, not an outcome.",
    },
    verdicts={"consistent": "Consistent", "misstated": "Misstated",
              "mislabelled": "Mislabelled metric", "unsupported": "Unsupported",
              "opinion": "Opinion"},
    verdicts_inline={"consistent": "consistent", "misstated": "misstated",
                     "mislabelled": "mislabelled metric", "unsupported": "unsupported",
                     "opinion": "opinion"},
    verdict_names={"consistent": "Consistent with the sources", "misstated": "Misstated",
                   "mislabelled": "Mislabelled metric", "unsupported": "Unsupported",
                   "opinion": "Opinion, not checkable"},
    check_words={"source": "the figures its sources state",
                 "derivation": "a formula over other facts",
                 "rule": "a rule across facts", "claim": "an audited claim"},
    source_kinds={"filing": "Filings", "press_release": "Press releases",
                  "industry_data": "Industry data", "news": "News", "analysis": "Analysis",
                  "aggregator": "Aggregators and copies", "blog": "Blogs",
                  "audited": "The audited article"},
    topics={},  # English headings are the file names in words
    phrases=_EN_PHRASES,
    exports={
        "facts.json": "Every fact: id, label, subject, value in base units, unit, bound, period "
                      "or as-of date, status, sources with what each states, formula, permalink.",
        "facts.csv": "The same facts as a table, one row a fact; sources in one cell.",
        "sources.json": "Every source: publisher, title, address, dates, kind.",
        "sources.bib": "The sources as BibTeX entries, keyed by source id.",
        "sources.csl.json": "The sources as CSL-JSON items, for Zotero, Pandoc and citeproc.",
    },
    dictionary=_EN_DICTIONARY,
    keywords=("Xiaomi", "electric vehicles", "SU7", "YU7", "deliveries", "fact-check"),
)
