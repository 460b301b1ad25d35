"""The locale layer: every word and format a reader sees, in one object per language.

The engine (format, render, factpage, cite, jsonld, periods, export) writes no reader-facing word
of its own: it asks a `Locale` for numbers, units, dates, periods, bound, status and verdict
words, headings, fixed phrases and the data dictionary. `EN` is the default; `ZH` is a first
draft of the Chinese edition (issue #13) that proves the engine holds no English.

Babel (CLDR) supplies what it covers the same way in every language: month and quarter names,
day and month dates, quarters (`format_date` with a pattern the locale holds). The engine keeps
the rest: numbers are rounded by Python's own formatting (Babel rounds the decimal repr half to
even, 2.675 -> 2.68, where the site and its audit read 2.67, and writes "-" where the site writes
U+2212 minus), scale words (million; 万, 亿, 万亿) are not CLDR data, nor are halves, ranges and
bounds. A figure shortened to a scale word is rounded half up from the decimal it is written as
(四舍五入: 45,500 is 4.6万), which the division by the scale would otherwise blur.

Phrases are `str.format` templates. `say` fills one as plain text (titles, citations, JSON);
`html` escapes the template's own words and inserts the given values as finished HTML, so a
phrase is inert text wherever it lands and values are never escaped twice.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cached_property

from babel.dates import format_date, get_month_names

from .text import esc
from .units import UNITS

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


def scaled_half_up(v: float, scale: float, decimals: int) -> float:
    """v / scale to so many decimals, rounded from the decimal v is written as, a half up
    (四舍五入): 45,500 is 4.6万 and 1.25亿 is 1.3亿, where binary division and Python's
    half-to-even formatting would write 4.5万 and 1.2亿."""
    if not math.isfinite(v):
        return v / scale
    with localcontext() as context:
        context.prec = 400  # every digit of any float (up to 309 before the point) and more
        exact = Decimal(repr(float(v))) / Decimal(repr(float(scale)))
        return float(exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


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
    short_decimals: tuple[int, int]  # most decimals of a scaled figure from 10 up, and below 10
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
    enum: str = ", "  # between the items of a list ("、" in Chinese)
    semicolon: str = "; "
    colon: str = ": "
    stop: str = "."
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    parens: tuple[str, str] = ("(", ")")
    # Between a figure or a name and what follows it in brackets or after a label's colon:
    # English spaces words, Chinese runs them together ("约1131亿元（约159亿美元）").
    space: str = " "
    # A record's text in this language (label, note, says, reason, publisher…); None: as stored.
    texts: Callable[[object, str], str | None] | None = None
    # From this size up (below short_from), "auto" scales a figure only when the scale keeps
    # it whole: Chinese writes 50万辆 but 108,796辆. None: the same as short_from.
    exact_short_from: float | None = None
    # How a fact page's plain citation is written: "site" (the site's own: sources, quoted
    # figure, site, permalink) or "gbt7714" (GB/T 7714-2015, as Chinese readers cite).
    citation: str = "site"

    # The month names come from Babel's data for the locale, read on first use (a build whose
    # pages were all kept never reads them).
    @cached_property
    def months(self) -> tuple[str, ...]:
        wide = get_month_names("wide", locale=self.babel)
        return ("", *(wide[i] for i in range(1, 13)))

    @cached_property
    def months_short(self) -> tuple[str, ...]:
        short = get_month_names("abbreviated", locale=self.babel)
        return ("", *(short[i] for i in range(1, 13)))

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
        """Text in this language's parentheses."""
        return f"{self.parens[0]}{text}{self.parens[1]}"

    def quote(self, text: str) -> str:
        """Text in this language's quotation marks."""
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
        exact_from = self.short_from if self.exact_short_from is None else self.exact_short_from
        if style == "short" or (style == "auto" and abs(v) >= exact_from):
            at = next((i for i, (scale, _) in enumerate(self.scales) if abs(v) >= scale), None)
            if at is not None:
                x, d = self._fit(v, at, digits)
                if at and abs(x) * self.scales[at][0] >= self.scales[at - 1][0]:
                    at -= 1  # rounds up into the next scale: shown there
                    x, d = self._fit(v, at, digits)
                # Between exact_short_from and short_from, only a figure the scale keeps whole
                # is scaled (50万辆), never one it would round (108,796辆, not 约10.9万辆).
                if style != "auto" or abs(v) >= self.short_from or x * \
                        self.scales[at][0] == v:
                    return x, d, self.scales[at][0], self.scales[at][1]
        d = digits if digits is not None else decimals_of(v)
        # Half up too (29,166.5 is 29,167); a whole figure is what it is.
        return (v if float(v).is_integer() else scaled_half_up(v, 1, d)), d, 1, ""

    def _fit(self, v: float, at: int, digits: int | None) -> tuple[float, int]:
        """The figure before scale word `at`, already rounded, and its decimals."""
        x = v / self.scales[at][0]
        # Shortened figures keep a few significant digits: 113.1 billion, 2.75 trillion.
        most = self.short_decimals[0 if abs(x) >= 10 else 1]
        d = digits if digits is not None else min(decimals_of(x), most)
        return scaled_half_up(v, self.scales[at][0], d), d

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
        """A share already multiplied by 100: '22.3%'."""
        return self.percent.format(n=self.group(pct, decimals))

    def with_unit(self, number: str, unit: str, one: bool) -> str:
        """'40,000 vehicles', 'US$15.9 billion', '800 km': a number with its unit."""
        u = self.units[unit]
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
        """The factor a scale word stands for: 'billion' -> 1e9; none -> 1."""
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
        """'H1 2025', '2025年上半年'."""
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
    "clock": "{minutes}:{seconds}",
    "copied": "Copied",
    "copy_by_hand": "Select and copy",
    "cite_files": "The sources of every fact are in {bib} and {csl}.",
    "report": "Report an error in this fact",
    "report_how": ": say what is wrong and give a source.",
    "report_title": "Fact {id}: ",
    "retired_heading": "Retired: {id}",
    "retired_body": "This id is no longer used. {note}",
    "retired_target": "It was replaced by {link}: {figure}.",
    "col_fact": "Fact", "col_status": "Status", "col_checked": "Checked",
    "retired_ids": "Retired ids",
    "index_topics": "Topics", "index_topic_title": "Facts index: {topic}",
    "index_split": "The store holds too many facts for one page: each topic has pages of its own.",
    "index_range": "{first} to {last}",
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
    "et_al": "et al.",  # after the third author of a GB/T 7714 citation
    # structured data (jsonld)
    "dataset_description": "Checked, cited figures on Xiaomi's electric-vehicle business: "
                           "deliveries, finances, plants, models, export plans and market "
                           "context, each with its unit, period, status and sources.",
    "unknown": "unknown",
    # site.py: downloads list, retired page title, data dictionary
    "offline_zip": "the whole site to read without a connection: unzip it and open {index} in "
                   "a browser. Search works there too.",
    "retired_title": "A retired fact id",
    "dictionary_both": "{json} and {csv}",
    "col_field": "Field", "col_type": "Type", "col_meaning": "Meaning",
    # charts, cards and the timeline (charts)
    "chart_named": "{name}: {label}",
    "chart_mark": "{value}. {tooltip}",
    "chart_unit": "In {unit}",
    "chart_table": "The figures in this chart as a table",
    "chart_description": "A chart of {what}, {order}, each labelled with its figure: {groups}. "
                         "Hatched bars are bounds, such as more than a figure, not exact counts."
                         "{lines} Each bar links to its figure's page; the table below lists "
                         "every figure with its source.",
    "chart_columns": "columns", "chart_rows": "rows of bars",
    "chart_in_date_order": "in date order", "chart_one_per_figure": "one per figure",
    "chart_lines": " Dashed lines mark targets or averages across several periods.",
    "legend_line": "dashed line: {name}",
    "legend_threshold": "hatched: a bound (more than, at least), not an exact count",
    "legend_single": "one source only",
    "legend_soft": "estimate, plan or our arithmetic, not a reported count",
    "chart_checked": "Figures checked up to {date}. ",
    "chart_sources": "Sources: {refs}. ",
    "chart_no_sources": "our arithmetic on other figures",
    "chart_download": "Download this chart's data (CSV)",
    "card_against": "against {figure}: {label}",
    "card_more": " and more",
    "card_no_sources": "our arithmetic",
    "event_company": "Company", "event_plant": "Plants", "event_launch": "Launches",
    "event_delivery": "Deliveries", "event_production": "Production", "event_target": "Targets",
    "event_finance": "Finance", "event_export": "Exports", "event_recall": "Recalls",
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
    short_decimals=(1, 2),
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


# ====================================================================== Chinese (draft, #13)
# A first draft for the Chinese edition: numbers scale by 万, 亿 and 万亿 (1131亿元, 4.6万辆), dates
# and quarters come from Babel's zh data (2025年11月20日, 2025年第三季度), punctuation is
# full-width. The words want a native reader's review against i18n/zh/GLOSSARY.md (the verdict
# words are the glossary's) before the edition is published.

_ZH_UNITS = {
    "vehicles": UnitWords("辆", "辆"),
    "vehicles_per_year": UnitWords("辆/年", "辆/年"),
    "vehicles_per_month": UnitWords("辆/月", "辆/月"),
    "vehicles_per_day": UnitWords("辆/天", "辆/天"),
    "orders": UnitWords("单", "单"),
    "outlets": UnitWords("家", "家"),
    "cities": UnitWords("个城市", "个城市"),
    "units": UnitWords("台", "台"),
    "people": UnitWords("人", "人"),
    "CNY": UnitWords("元", "元"),
    "USD": UnitWords("美元", "美元"),
    "CNY_per_USD": UnitWords("元/美元", "元/美元"),
    "percent": UnitWords("%", "%", symbol="%"),
    "weeks": UnitWords("周", "周"),
    "days": UnitWords("天", "天"),
    "months": UnitWords("个月", "个月"),
    "years": UnitWords("年", "年"),
    "seconds": UnitWords("秒", "秒"),
    "km": UnitWords("公里", "公里"),
    "mm": UnitWords("毫米", "毫米"),
    "km_per_h": UnitWords("公里/小时", "公里/小时", symbol="km/h"),
    "kWh": UnitWords("千瓦时", "千瓦时", symbol="kWh"),
    "kW": UnitWords("千瓦", "千瓦", symbol="kW"),
    "PS": UnitWords("马力", "马力"),
    "hp": UnitWords("英制马力", "英制马力"),
    "m2": UnitWords("平方米", "平方米"),
    "year": UnitWords("年", "年"),
    "date": UnitWords("日期", "日期"),
}

_ZH_PHRASES = {
    "derived_origin": "由其他事实推算",
    "tooltip": "{label}。{when}来源：{origin}。状态：{status}。",
    "tooltip_when": "{when}。",
    "as_of": "截至{date}",
    "source_line": "{publisher}，{date}",
    "derived": "推算",
    "col_what": "项目", "col_figure": "数字", "col_when": "时间", "col_sources": "来源",
    "states": "称{figure}",
    "copy_of_source": "转载自{source}，不能单独作为证实。",
    "and_more": "另有{n}项",
    "supports": "支持的事实：",
    "scorecard": "该文共有{total}条可核查的说法。核查结论：",
    "figure_fits": "该数字对应{label}：{figure}",
    "see_first": "见{source}", "see_more": "另见{source}",
    "verdict_computed": "结论由数字计算得出",
    "verdict_editorial": "编辑判断",
    "the_sources": "来源：", "why": "理由：",
    "no_date": "未记录日期",
    "series_complete": "截至{date}，所有已声明的序列均完整。",
    "gap": "{series}：{periods}尚无数字。",
    "title": "{label}，{when}",
    "page_title": "{title}：{value}",
    "description": "{title}。{attribution}。状态：{status}。",
    "stored_value": "存储值", "status": "状态", "checked": "核对日期", "id": "编号",
    "sources": "来源",
    "source_entry": "{source}：{title}{when}。称{states}{where}。{copy}",
    "copy_of": "转载自{source}。",
    "derived_by": "由公式{formula}推算",
    "history": "沿革",
    "replaced_earlier": "取代了此前的数值：{figure}",
    "replaced_by_later": "已被后来的数值取代：{figure}",
    "in_series": "所属序列",
    "checks": "校验",
    "no_check": "没有校验将此数字与其他数字比较；它仅以其来源为依据。",
    "checked_by": "每次构建都会将此数字与{words}比较；数值录入有误时，网站无法发布。",
    "shown_on": "出现于",
    "cite_this": "引用本条",
    "cite_text": "建议引用格式", "cite_bibtex": "BibTeX", "cite_csl": "CSL-JSON",
    "copy": "复制",
    "clock": "{minutes}分{seconds}秒",
    "copied": "已复制",
    "copy_by_hand": "请选中后复制",
    "cite_files": "所有事实的来源见{bib}和{csl}。",
    "report": "报告此条事实的错误",
    "report_how": "：请说明错在何处，并提供来源。",
    "report_title": "事实 {id}：",
    "retired_heading": "已停用：{id}",
    "retired_body": "此编号已不再使用。{note}",
    "retired_target": "已由{link}取代：{figure}。",
    "col_fact": "事实", "col_status": "状态", "col_checked": "核对日期",
    "retired_ids": "已停用的编号",
    "index_topics": "主题", "index_topic_title": "事实索引：{topic}",
    "index_split": "事实数量太多，无法在一页中列出：每个主题各有单独的页面。",
    "index_range": "从{first}到{last}",
    "site_name": "factbook：小米汽车事实手册",
    "accessed_slot": "引用日期",  # in GB/T 7714's brackets: [引用日期]
    "attribution_derived": "由编者根据其他事实推算",
    "cite_checked": "，核对于{date}",
    "cite_fact": "{attribution}。{quoted}收录于{site}（事实 {id}，{status}{checked}）。"
                 "{permalink}（{accessed}）。",  # the site's own form, if chosen
    "cite_quoted": "{title}：{value}。",
    "bib_howpublished": "收录于{site}",
    "bib_note": "数值：{value}；状态：{status}；事实 {id}；许可 {licence}",
    "csl_note": "数值：{value}。状态：{status}。许可：{licence}。",
    "no_date_csl": "无日期",
    "et_al": "等",
    "dataset_description": "经核对、注明出处的小米电动汽车业务数据：交付量、财务、工厂、车型、"
                           "出口计划和市场背景，每项都有单位、时间、状态和来源。",
    "unknown": "未知",
    "offline_zip": "可离线阅读的整个网站：解压后在浏览器中打开{index}。搜索同样可用。",
    "retired_title": "已停用的事实编号",
    "dictionary_both": "{json}和{csv}",
    "col_field": "字段", "col_type": "类型", "col_meaning": "含义",
    "chart_named": "{name}：{label}",
    "chart_mark": "{value}。{tooltip}",
    "chart_unit": "单位：{unit}",
    "chart_table": "以表格查看本图的数字",
    "chart_description": "一幅{what}，{order}，每个条形都标有其数字：{groups}。带斜线的条形表示"
                         "范围值（如“超过某数”），并非确切数量。{lines}每个条形都链接到其数字"
                         "的页面；下方表格列出每个数字及其来源。",
    "chart_columns": "柱状图", "chart_rows": "条形图",
    "chart_in_date_order": "按时间顺序排列", "chart_one_per_figure": "每个数字一个条形",
    "chart_lines": "虚线表示跨越多个时期的目标或平均值。",
    "legend_line": "虚线：{name}",
    "legend_threshold": "斜线：范围值（超过、至少），并非确切数量",
    "legend_single": "仅有一个来源",
    "legend_soft": "估计、计划或本站推算，并非公布的数量",
    "chart_checked": "数字核对至{date}。",
    "chart_sources": "来源：{refs}。",
    "chart_no_sources": "本站根据其他数字推算",
    "chart_download": "下载本图数据（CSV）",
    "card_against": "对比{figure}：{label}",
    "card_more": "等",
    "card_no_sources": "本站推算",
    "event_company": "公司", "event_plant": "工厂", "event_launch": "发布",
    "event_delivery": "交付", "event_production": "生产", "event_target": "目标",
    "event_finance": "财务", "event_export": "出口", "event_recall": "召回",
}

_ZH_DICTIONARY = {
    "facts": {
        "id": ("文本", "事实的固定编号，也是其永久链接的锚点；永不重复使用。"),
        "label": ("文本", "所衡量的内容。"),
        "subject": ("文本", "该事实所涉实体（公司、车型、工厂等）的编号。"),
        "value": ("数字或日期", "以基本单位表示的数值：金额写全数（`113100000000`），比例写成小数"
                               "（`0.223`），日期写成`YYYY-MM-DD`。"),
        "unit": ("文本", "数值的单位，取自单位登记表（vehicles、CNY、USD、以小数表示的 percent、"
                         "km、kWh、date等）。"),
        "bound": ("文本", "exact、approx、at_least、more_than、at_most 或 less_than：数值与真实"
                          "数字的关系。"),
        "period": ("文本", "所衡量的时间段：`2025`、`2025-H1`、`2025-Q3`、`2025-11`、某一天，或"
                           "区间`start/end`。使用 as_of 时为空。"),
        "as_of": ("日期", "观察存量或状态的时点。使用 period 时为空。"),
        "status": ("文本", "confirmed、single_source、company_claim、estimate、derived、disputed "
                           "或 plan。"),
        "sources": ("列表", "各来源及其所述数字（states）和表述方式（bound）；CSV中合为一格："
                            "`S05: 108796; S04 (approx): …`。"),
        "derive": ("文本", "推算所得事实的公式，基于其他事实编号。"),
        "supersedes": ("文本", "此数值所取代的早先数值的编号（如上调的目标）。"),
        "checked": ("日期", "最近一次将数值与其来源核对的日期（`YYYY-MM-DD`）。"),
        "note": ("文本", "备注；{fact.id}表示引用另一条事实。"),
        "permalink": ("网址", "事实的固定地址：其专属页面。"),
    },
    "sources": {
        "id": ("文本", "来源编号（`S01`…、`N01`…），也是 BibTeX 和 CSL-JSON 的键。"),
        "title": ("文本", "页面或文件的标题。"),
        "publisher": ("文本", "发布者。"),
        "author": ("文本", "作者（如已知）。"),
        "url": ("网址", "地址（http 或 https）。"),
        "published": ("日期", "发布日期：`YYYY-MM-DD`、`YYYY-MM`或`YYYY`（如已知）。"),
        "accessed": ("日期", "阅读日期（如有记录）。"),
        "kind": ("文本", "filing、press_release、industry_data、news、analysis、aggregator、blog "
                         "或 audited（本站核查其说法的文章）。"),
        "language": ("文本", "语言代码（如有记录）。"),
        "archived": ("网址", "存档副本的地址（如已知）。"),
        "copy_of": ("文本", "此来源所转载的来源编号；转载永远不算独立证实。"),
        "note": ("文本", "关于来源等级或出处的备注。"),
    },
}

ZH = Locale(
    code="zh-Hans",
    babel="zh_Hans_CN",
    group_sep=",",
    decimal_sep=".",
    minus="\u2212",
    scales=((1e12, "万亿"), (1e8, "亿"), (1e4, "万")),  # 1.5万亿元, 1131亿元, 4.6万辆
    short_from=1e8,  # 1131亿元 scaled always; 108,796辆 in full; 50万辆 scaled as it is exact
    exact_short_from=1e4,
    scale_join="",
    group_scaled=False,  # 1131亿, not 1,131亿
    short_decimals=(1, 1),  # 4.6万, 1131亿
    percent="{n}%",
    units=_ZH_UNITS,
    name_join="",
    symbol_join="",  # 495kW, 265km/h, as Chinese specification sheets write them
    bound_join="",
    date_patterns={"day": "y年M月d日", "month": "y年M月", "year": "y年", "quarter": "y年QQQQ"},
    periods={
        "half": "{y}年{h}半年",
        "month_range": "{y}年{mn1}–{mn2}月",
        "day_range": "{y}年{mn}月{d1}–{d2}日",
        "year_range": "{y1}–{y2}年",
        "range": "{a}至{b}",
        "as_of": "截至{date}",
    },
    halves=("上", "下"),
    bounds={"exact": "", "approx": "约", "at_least": "至少", "more_than": "超过",
            "at_most": "最多", "less_than": "不到"},
    statuses={"confirmed": "已证实", "single_source": "单一来源", "company_claim": "公司说法",
              "estimate": "估计", "derived": "推算", "disputed": "有争议",
              "plan": "计划或目标"},
    status_explained={
        "confirmed": "已证实：至少两个独立来源给出此数字。",
        "single_source": "单一来源：目前所读来源中只有一个给出此数字；引用时请注明该来源。",
        "company_claim": "公司说法：数字出自公司本身，未经独立核实。",
        "estimate": "估计：预测或模型推算的数字，并非实测。",
        "derived": "推算：按所示公式由其他事实计算得出，每次构建都会据此核对。",
        "disputed": "有争议：各来源说法不一；备注说明分歧所在。",
        "plan": "计划或目标：所宣布的目标，而非结果。",
    },
    verdicts={"consistent": "相符", "misstated": "数据有误", "mislabelled": "指标错配",
              "unsupported": "缺乏依据", "opinion": "观点"},
    verdicts_inline={"consistent": "相符", "misstated": "数据有误", "mislabelled": "指标错配",
                     "unsupported": "缺乏依据", "opinion": "观点"},
    verdict_names={"consistent": "与来源相符", "misstated": "数据有误",
                   "mislabelled": "指标错配", "unsupported": "缺乏依据",
                   "opinion": "观点，无法核查"},
    check_words={"source": "各来源所述的数字", "derivation": "基于其他事实的公式",
                 "rule": "跨事实的规则", "claim": "经核查的说法"},
    source_kinds={"filing": "公告与财报", "press_release": "新闻稿",
                  "industry_data": "行业数据", "news": "新闻报道", "analysis": "分析",
                  "aggregator": "转载与聚合", "blog": "博客", "audited": "受核查的文章"},
    topics={"brand": "品牌", "deliveries": "交付", "exports": "出口", "finances": "财务",
            "market": "市场", "models": "车型", "plants": "工厂"},
    phrases=_ZH_PHRASES,
    exports={
        "facts.json": "所有事实：编号、名称、主体、以基本单位表示的数值、单位、范围、时间段或"
                      "时点、状态、各来源及其所述数字、公式、永久链接。",
        "facts.csv": "同样的事实，以表格形式，每行一条；来源合为一格。",
        "sources.json": "所有来源：发布者、标题、地址、日期、类别。",
        "sources.bib": "来源的 BibTeX 条目，以来源编号为键。",
        "sources.csl.json": "来源的 CSL-JSON 条目，供 Zotero、Pandoc 和 citeproc 使用。",
    },
    dictionary=_ZH_DICTIONARY,
    keywords=("小米", "小米汽车", "电动汽车", "SU7", "YU7", "交付量", "事实核查"),
    comma="，",
    enum="、",
    semicolon="；",
    colon="：",
    stop="。",
    quotes=("“", "”"),
    parens=("（", "）"),
    citation="gbt7714",
    space="",
)
