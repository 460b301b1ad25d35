"""schema.org JSON-LD: a Dataset for the downloads page, a ClaimReview for each audited claim."""

from __future__ import annotations

import json
import re

from .cite import LICENCE_URL, SITE_NAME
from .export import FILES
from .format import claim_figure_text, value_text
from .model import Claim, Store
from .periods import PeriodError, parse_date, parse_period

RATINGS = {"consistent": 5, "mislabelled": 3, "unsupported": 2, "misstated": 1}
VERDICT_NAMES = {
    "consistent": "Consistent with the sources",
    "misstated": "Misstated",
    "mislabelled": "Mislabelled metric",
    "unsupported": "Unsupported",
    "opinion": "Opinion, not checkable",
}
MEDIA = {".json": "application/json", ".csv": "text/csv", ".bib": "application/x-bibtex"}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
ORG = {"@type": "Organization", "name": "factbook"}


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


def dataset(store: Store, site_url: str, issued: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": SITE_NAME,
        "description": "Checked, cited figures on Xiaomi's electric-vehicle business: deliveries, "
                       "finances, plants, models, export plans and market context, each with "
                       "its unit, period, status and sources.",
        "url": f"{site_url}downloads.html",
        "license": LICENCE_URL,
        "creator": ORG,
        "publisher": ORG,
        "isAccessibleForFree": True,
        "dateModified": issued,
        "temporalCoverage": temporal_coverage(store),
        "keywords": ["Xiaomi", "electric vehicles", "SU7", "YU7", "deliveries", "fact-check"],
        "variableMeasured": sorted({f.label for f in store.facts.values()})[:50],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "description": what,
                "encodingFormat": MEDIA.get("." + name.rsplit(".", 1)[-1], "application/json"),
                "contentUrl": f"{site_url}data/{name}",
            }
            for name, what in FILES.items()
        ],
    }


def claim_text(store: Store, c: Claim) -> str:
    """The paraphrase as plain text, with the claim's figure and any fact figures filled in."""

    def fill(m: re.Match) -> str:
        key = m.group(1).strip()
        if key == "states" and c.states is not None:
            return claim_figure_text(store, c)
        if key in store.facts:
            return value_text(store.facts[key], unit=True)
        return m.group(0)

    return PLACEHOLDER.sub(fill, c.says)


def claim_review(store: Store, c: Claim, page_url: str, issued: str) -> dict:
    src = store.sources.get(c.source)
    appearance = {"@type": "CreativeWork"}
    if src is not None:
        appearance |= {"headline": src.title,
                       "publisher": {"@type": "Organization", "name": src.publisher}}
        if src.url:
            appearance["url"] = src.url
    rating = {"@type": "Rating", "alternateName": VERDICT_NAMES[c.verdict]}
    if c.verdict in RATINGS:
        rating |= {"ratingValue": RATINGS[c.verdict], "bestRating": 5, "worstRating": 1}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{page_url}#{c.id}",
        "claimReviewed": claim_text(store, c),
        "author": ORG,
        "datePublished": issued,
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": src.publisher if src else "unknown"},
            "appearance": appearance,
        },
    }


def claim_reviews(store: Store, page_url: str, issued: str) -> list[dict]:
    return [claim_review(store, c, page_url, issued) for c in store.claims.values()]
