"""Citations: plain text, BibTeX and CSL-JSON for facts and for the sources they rest on.

The plain text follows the locale: the site's own form in English, GB/T 7714-2015 in Chinese
(an electronic resource, [EB/OL], cited as a part of the site with "//"). BibTeX and CSL-JSON
are the same in every language but for their words.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from .format import date_text, period_text, source_line, value_text
from .locale import EN, Locale
from .model import Fact, Source, Store
from .periods import PeriodError, iso_start, parse_date

SITE_NAME = EN.say("site_name")  # the English name, kept for callers that read it
# The licence's own name and address: the same in every language.
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ACCESSED_SLOT = EN.say("accessed_slot")  # filled in by the page script with the reader's date

CSL_TYPES = {
    "filing": "report",
    "press_release": "article",
    "industry_data": "dataset",
    "news": "article-newspaper",
    "analysis": "report",
    "aggregator": "webpage",
    "blog": "post-weblog",
    "audited": "article-newspaper",
}


def _parts(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        span = parse_date(text)
    except PeriodError:
        return None
    parts = [span.start.year, span.start.month, span.start.day]
    return parts[: {"year": 1, "month": 2, "day": 3}[span.precision]]


def reporters(store: Store, f: Fact) -> list[Source]:
    """The sources that state a fact, one per independent origin, in the order recorded."""
    from .check import origin

    seen: set[str] = set()
    out = []
    for r in f.sources:
        s = store.sources.get(r.source)
        if s is None or origin(store, s.id) in seen:
            continue
        seen.add(origin(store, s.id))
        out.append(s)
    return out


def attribution(store: Store, f: Fact, locale: Locale = EN) -> str:
    """Who says it, first: 'Yicai Global, 19 November 2025; electrive, 21 November 2025'."""
    names = [source_line(s, locale) for s in reporters(store, f)]
    return locale.semicolon.join(names) if names else locale.say("attribution_derived")


def _title(f: Fact, locale: Locale) -> str:
    """'EV deliveries, Q3 2025': the label, with the period when there is one."""
    when = period_text(f, locale=locale)
    label = locale.text(f, "label")
    return locale.say("title", label=label, when=when) if when else label


def fact_text(store: Store, f: Fact, permalink: str, issued: str, locale: Locale = EN) -> str:
    """How to cite a fact in plain text, crediting the sources that state it before this site."""
    L = locale
    if L.citation == "gbt7714":
        return gbt7714_text(store, f, permalink, issued, L)
    checked = L.say("cite_checked", date=date_text(f.checked, L)) if f.checked else ""
    quoted = L.quote(L.say("cite_quoted", title=_title(f, L),
                           value=value_text(f, unit=True, locale=L)))
    return L.say("cite_fact", attribution=attribution(store, f, L), quoted=quoted,
                 site=L.say("site_name"), id=f.id, status=L.statuses[f.status],
                 checked=checked, permalink=permalink, accessed=L.say("accessed_slot"))


GBT_MAX_AUTHORS = 3  # GB/T 7714-2015 8.1.2: the first three, then ", 等"


def gbt_part(text: str) -> str:
    """Data text as one element of a GB/T 7714 entry: on one line, its square brackets (the
    entry's own marks for type and access date) made full-width, no closing full stop of its
    own (the entry adds '. ')."""
    text = " ".join(str(text).split()).replace("[", "［").replace("]", "］")
    return text.rstrip(" .。")


def _iso_day(text: str | None) -> str | None:
    try:
        span = parse_date(str(text))
    except PeriodError:
        return None
    return iso_start(span)


def gbt7714_text(store: Store, f: Fact, permalink: str, issued: str,
                 locale: Locale = EN) -> str:
    """A fact as GB/T 7714-2015 cites an electronic resource (8.8; a part of a larger work as
    in 8.4, with "//"): 作者. 题名: 数值[EB/OL]//网站. (更新日期)[引用日期]. 网址.

    The authors are the publishers that state the fact (the site's compilers when it is
    derived); the date is the day the figure was last checked, else the build's; the access
    date is the slot the page script fills in. Dates are YYYY-MM-DD, as the standard writes."""
    L = locale
    site = gbt_part(L.say("site_name"))
    names = [gbt_part(L.text(s, "publisher")) for s in reporters(store, f)]
    names = [n for n in names if n]
    if len(names) > GBT_MAX_AUTHORS:
        names = [*names[:GBT_MAX_AUTHORS], L.say("et_al")]
    title = f"{gbt_part(_title(f, L))}: {gbt_part(value_text(f, unit=True, locale=L))}"
    head = f"{', '.join(names)}. {title}[EB/OL]//{site}" if names else \
        f"{site}. {title}[EB/OL]"
    day = _iso_day(f.checked) or _iso_day(issued)
    when = f"({day})" if day else ""
    return f"{head}. {when}[{L.say('accessed_slot')}]. {permalink}."


_BIB_ESCAPE = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
               "\n": " ", "\r": " ", "&": r"\&", "%": r"\%",
               "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
               "^": r"\textasciicircum{}"}


def bib_escape(text: str) -> str:
    """Text for a BibTeX field: its special characters written as commands."""
    return "".join(_BIB_ESCAPE.get(ch, ch) for ch in text)


def bib_url(url: str) -> str:
    """An address for a verbatim BibTeX field: braces, backslashes, spaces and quotes encoded,
    so the field cannot close early (the check refuses such addresses in the store too)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def bib_key(text: str) -> str:
    """An id as a BibTeX key: characters BibTeX reads as syntax become hyphens."""
    return re.sub(r"[^A-Za-z0-9:.-]", "-", text)


def _bib_entry(kind: str, key: str, fields: dict[str, str | None],
               raw: tuple[str, ...] = ()) -> str:
    lines = [f"@{kind}{{{bib_key(key)},"]
    for name, value in fields.items():
        if value:
            # URLs keep their characters: BibTeX url fields are verbatim. Braces around an
            # author keep a corporate or single-string name from being split; raw fields are
            # escaped by their caller.
            body = value if name in raw else bib_url(value) if name == "url" else \
                bib_escape(value)
            if name == "author" and name not in raw:
                body = "{" + body + "}"
            lines.append(f"  {name} = {{{body}}},")
    lines.append("}")
    return "\n".join(lines)


def source_bibtex(s: Source) -> str:
    """One source as a BibTeX @misc entry keyed by its id."""
    parts = _parts(s.published) or []
    return _bib_entry("misc", s.id, {
        "author": s.author,
        "title": s.title,
        "howpublished": s.publisher,
        "organization": s.publisher,
        "year": str(parts[0]) if parts else None,
        "month": str(parts[1]) if len(parts) > 1 else None,
        "date": s.published,
        "url": s.url,
        "urldate": s.accessed,
        "note": s.note,
    })


def fact_bibtex(store: Store, f: Fact, permalink: str, issued: str,
                locale: Locale = EN) -> str:
    """One entry for the fact, keyed by its id; its authors are the outlets that state it."""
    L = locale
    day = f.checked or issued
    names = [L.text(s, "publisher") for s in reporters(store, f)]
    return _bib_entry("misc", f.id, {
        "title": _title(f, L),
        "author": " and ".join("{" + bib_escape(n) + "}" for n in names) or None,
        "howpublished": L.say("bib_howpublished", site=L.say("site_name")),
        "year": day[:4],
        "date": day,
        "url": permalink,
        "note": L.say("bib_note", value=value_text(f, unit=True, locale=L),
                      status=L.statuses[f.status], id=f.id, licence=LICENCE),
    }, raw=("author",))


def source_csl(s: Source, locale: Locale = EN) -> dict:
    """A source as a CSL-JSON item, keyed by its id."""
    item: dict = {
        "id": s.id,
        "type": CSL_TYPES.get(s.kind, "webpage"),
        "title": s.title,
        "publisher": s.publisher,
        "container-title": s.publisher,
    }
    if s.author:
        item["author"] = [{"literal": s.author}]
    if s.url:
        item["URL"] = s.url
    parts = _parts(s.published)
    item["issued"] = {"date-parts": [parts]} if parts else {"literal": locale.say("no_date_csl")}
    accessed = _parts(s.accessed)
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    if s.language:
        item["language"] = s.language
    if s.note:
        item["note"] = s.note
    return item


def fact_csl(store: Store, f: Fact, permalink: str, issued: str, locale: Locale = EN) -> dict:
    """The fact as a CSL-JSON dataset item; its authors are the outlets that state it."""
    L = locale
    item: dict = {
        "id": f.id,
        "type": "dataset",
        "title": _title(f, L),
        "publisher": L.say("site_name"),
        "URL": permalink,
        "issued": {"date-parts": [_parts(f.checked or issued)]},
        "note": L.say("csl_note", value=value_text(f, unit=True, locale=L),
                      status=L.statuses[f.status], licence=LICENCE),
    }
    if L is not EN:
        item["language"] = L.code
    names = [L.text(s, "publisher") for s in reporters(store, f)]
    if names:
        item["author"] = [{"literal": n} for n in names]
    return item


def sources_bib(store: Store) -> str:
    """Every source as BibTeX (sources.bib)."""
    return "\n\n".join(source_bibtex(s) for s in store.sources.values()) + "\n"


def sources_csl_json(store: Store, locale: Locale = EN) -> str:
    """Every source as CSL-JSON (sources.csl.json)."""
    return json.dumps([source_csl(s, locale) for s in store.sources.values()], ensure_ascii=False,
                      indent=1) + "\n"
