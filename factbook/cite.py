"""Citations: plain text, BibTeX and CSL-JSON for facts and for the sources they rest on."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from .format import STATUS_WORDS, date_text, period_text, source_line, value_text
from .model import Fact, Source, Store
from .periods import PeriodError, parse_date

SITE_NAME = "factbook: Xiaomi EV facts"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ACCESSED_SLOT = "[date accessed]"  # filled in by the page script with the reader's date

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


def source_text(s: Source) -> str:
    """Publisher-first citation of a source: Author. "Title." Publisher, date. URL."""
    bits = []
    if s.author:
        bits.append(f"{s.author}.")
    bits.append(f"\u201c{s.title.rstrip('.')}.\u201d")
    bits.append(f"{source_line(s)}.")
    if s.url:
        bits.append(s.url)
    return " ".join(bits)


def fact_text(store: Store, f: Fact, permalink: str, issued: str) -> str:
    """How to cite a fact of this site in plain text."""
    when = period_text(f)
    when = f" ({when})" if when else ""
    return (f"{SITE_NAME}. \u201c{f.label}{when}: {value_text(f, unit=True)}.\u201d "
            f"Fact {f.id}, status {STATUS_WORDS[f.status]}, version of {date_text(issued)}. "
            f"{permalink} (accessed {ACCESSED_SLOT}).")


# BibTeX counts braces whatever precedes them, so a brace from data becomes a command; every
# brace left in a field is part of a balanced pair.
_BIB_ESCAPE = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
               "\n": " ", "\r": " ", "&": r"\&", "%": r"\%",
               "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
               "^": r"\textasciicircum{}"}


def bib_escape(text: str) -> str:
    return "".join(_BIB_ESCAPE.get(ch, ch) for ch in text)


def bib_url(url: str) -> str:
    """An address for a verbatim BibTeX field: braces, backslashes, spaces and quotes encoded,
    so the field cannot close early (the check refuses such addresses in the store too)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def bib_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9:.-]", "-", text)


def _bib_entry(kind: str, key: str, fields: dict[str, str | None]) -> str:
    lines = [f"@{kind}{{{bib_key(key)},"]
    for name, value in fields.items():
        if value:
            # URLs keep their characters: BibTeX url fields are verbatim. Braces around an
            # author keep a corporate or single-string name from being split.
            body = bib_url(value) if name == "url" else bib_escape(value)
            if name == "author":
                body = "{" + body + "}"
            lines.append(f"  {name} = {{{body}}},")
    lines.append("}")
    return "\n".join(lines)


def source_bibtex(s: Source) -> str:
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


def fact_bibtex(f: Fact, permalink: str, issued: str) -> str:
    when = period_text(f)
    return _bib_entry("misc", f"factbook:{f.id}", {
        "title": f"{f.label}{' (' + when + ')' if when else ''}",
        "author": "factbook",
        "howpublished": SITE_NAME,
        "year": issued[:4],
        "date": issued,
        "url": permalink,
        "note": f"Fact {f.id}; status: {STATUS_WORDS[f.status]}; licence {LICENCE}",
    })


def source_csl(s: Source) -> dict:
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
    item["issued"] = {"date-parts": [parts]} if parts else {"literal": "no date"}
    accessed = _parts(s.accessed)
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    if s.language:
        item["language"] = s.language
    if s.note:
        item["note"] = s.note
    return item


def fact_csl(f: Fact, permalink: str, issued: str) -> dict:
    when = period_text(f)
    return {
        "id": f"factbook:{f.id}",
        "type": "dataset",
        "title": f"{f.label}{' (' + when + ')' if when else ''}",
        "author": [{"literal": "factbook"}],
        "publisher": SITE_NAME,
        "URL": permalink,
        "issued": {"date-parts": [_parts(issued)]},
        "note": f"Value: {value_text(f, unit=True)}. Status: {STATUS_WORDS[f.status]}. "
                f"Licence: {LICENCE}.",
    }


def sources_bib(store: Store) -> str:
    return "\n\n".join(source_bibtex(s) for s in store.sources.values()) + "\n"


def sources_csl_json(store: Store) -> str:
    return json.dumps([source_csl(s) for s in store.sources.values()], ensure_ascii=False,
                      indent=1) + "\n"
