"""schema.org JSON-LD: a Dataset for the downloads page, a ClaimReview for each audited claim."""

from __future__ import annotations

import json
import re

from .cite import LICENCE_URL
from .export import EXPORTS
from .format import claim_figure_text, value_text
from .locale import EN, Locale
from .model import Claim, Store
from .periods import PeriodError, parse_date, parse_period

RATINGS = {"consistent": 5, "mislabelled": 3, "unsupported": 2, "misstated": 1}
VERDICT_NAMES = EN.verdict_names  # the English names, kept for callers that read them
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
ORG = {"@type": "Organization", "name": "factbook"}  # the project's name, in every language


def script(data: dict | list) -> str:
    """A <script type="application/ld+json"> block. <, > and & are written as JSON escapes, so
    no text from the data can close the element or open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def temporal_coverage(store: Store) -> str:
    """The stretch of time the observed facts cover, as an ISO 8601 interval."""
    starts, ends = [], []
    for f in store.facts.values():
        if f.status == "plan":
            continue
        try:
            if f.period is not None:
                span = parse_period(str(f.period))
            elif f.as_of is not None:
                span = parse_date(f.as_of)
            elif f.unit == "date":
                span = parse_date(str(f.value))
            else:
                continue
        except PeriodError:
            continue
        starts.append(span.start)
        ends.append(span.end)
    return f"{min(starts).isoformat()}/{max(ends).isoformat()}" if starts else ""


def dataset(store: Store, site_url: str, issued: str, locale: Locale = EN) -> dict:
    """The schema.org Dataset of the downloads page: the data files and what they cover."""
    L = locale
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": L.say("site_name"),
        "description": L.say("dataset_description"),
        "url": f"{site_url}downloads.html",
        "license": LICENCE_URL,
        "creator": ORG,
        "publisher": ORG,
        "isAccessibleForFree": True,
        "dateModified": issued,
        "temporalCoverage": temporal_coverage(store),
        "keywords": list(L.keywords),
        "variableMeasured": sorted({L.text(f, "label") for f in store.facts.values()})[:50],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": e.name,
                "description": e.description(L),
                "encodingFormat": e.media_type,
                "contentUrl": f"{site_url}data/{e.name}",
            }
            for e in EXPORTS
        ],
    }


def claim_text(store: Store, c: Claim, locale: Locale = EN) -> str:
    """The paraphrase as plain text, with the claim's figure and any fact figures filled in."""

    def fill(m: re.Match) -> str:
        key = m.group(1).strip()
        if key == "states" and c.states is not None:
            return claim_figure_text(store, c, locale)
        if key in store.facts:
            return value_text(store.facts[key], unit=True, locale=locale)
        return m.group(0)

    return PLACEHOLDER.sub(fill, locale.text(c, "says"))


def claim_review(store: Store, c: Claim, page_url: str, issued: str,
                 locale: Locale = EN) -> dict:
    """One audited claim as a schema.org ClaimReview."""
    L = locale
    src = store.sources.get(c.source)
    publisher = L.text(src, "publisher") if src is not None else L.say("unknown")
    appearance = {"@type": "CreativeWork"}
    if src is not None:
        appearance |= {"headline": L.text(src, "title"),
                       "publisher": {"@type": "Organization", "name": publisher}}
        if src.url:
            appearance["url"] = src.url
    rating = {"@type": "Rating", "alternateName": L.verdict_names[c.verdict]}
    if c.verdict in RATINGS:
        rating |= {"ratingValue": RATINGS[c.verdict], "bestRating": 5, "worstRating": 1}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{page_url}#{c.id}",
        "claimReviewed": claim_text(store, c, L),
        "author": ORG,
        "datePublished": issued,
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": publisher},
            "appearance": appearance,
        },
    }


def claim_reviews(store: Store, page_url: str, issued: str, locale: Locale = EN) -> list[dict]:
    """Every audited claim as a ClaimReview, for the audit page."""
    return [claim_review(store, c, page_url, issued, locale) for c in store.claims.values()]
