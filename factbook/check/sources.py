"""Checks of sources (addresses, dates, copies) and which sources are independent of each other."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..model import Store, register
from ..text import FIGURE_CHAR
from .core import UNKNOWN_SOURCE, Context, observed
from .entities import NAME_FIGURE, check_mixed

NOT_HTTP = register("source.not-http", "a source's address is not a full http(s) address")
UNENCODED = register("source.unencoded-address", "a source's address holds a space or another "
                     "character that must be percent-encoded")
COPY_OF_COPY = register("source.copy-of-copy", "copy_of names a source that is itself a copy")

_URL_BAD = re.compile(r"[\s{}\\<>\"`^|]")


def _check_address(ctx: Context, s, key: str) -> None:
    url = getattr(s, key)
    if url is None:
        return
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https") or not urlparse(url).netloc:
        ctx.err(NOT_HTTP, s, s.id, f"address '{url}' is not an http(s) address",
                "use a full http:// or https:// address, or leave it out", key)
    elif _URL_BAD.search(url):
        ch = _URL_BAD.search(url).group(0)
        ctx.err(UNENCODED, s, s.id, f"address holds {ch!r}, which an address may not hold "
                "unencoded", "percent-encode it (a space is %20, { is %7B)", key)


def check_sources(ctx: Context) -> None:
    """Addresses, publication and access dates, and copies of other sources."""
    sources = ctx.store.sources
    for s in sources.values():
        if not any(ch.isalpha() and not FIGURE_CHAR.match(ch) for ch in s.publisher):
            # Outlets' names may hold digits (781203.com, 36Kr), never only digits.
            ctx.err(NAME_FIGURE, s, s.id, f"publisher '{s.publisher}' reads as a figure",
                    "write the outlet's name, which holds letters; figures come from facts",
                    "publisher")
        check_mixed(ctx, s, s.id, s.publisher, "publisher")
        _check_address(ctx, s, "url")
        _check_address(ctx, s, "archived")
        observed(ctx, s, s.id, "published", s.published)
        observed(ctx, s, s.id, "accessed", s.accessed)
        if s.copy_of is not None:
            if s.copy_of not in sources:
                ctx.unknown(UNKNOWN_SOURCE, s, s.id, s.copy_of, f"copy_of refers to unknown "
                            f"source '{s.copy_of}'", "fix the id", "copy_of")
            elif s.copy_of == s.id or sources[s.copy_of].copy_of is not None:
                ctx.err(COPY_OF_COPY, s, s.id, f"copy_of '{s.copy_of}' is itself a copy",
                        "name the original, which copies nothing", "copy_of")


def origin(store: Store, sid: str) -> str:
    """The independent origin of a source: the source it copies, or the first source with the
    same address, or with the same publisher and title (two ids for one article)."""
    s = store.sources.get(sid)
    if s is None:
        return sid
    if s.copy_of and s.copy_of in store.sources:
        s = store.sources[s.copy_of]
    return _origins(store).get(s.id, s.id)


def outlet(store: Store, sid: str) -> str:
    """The outlet a source's independent origin speaks for (its publisher, as compared): two
    articles of one outlet do not confirm each other."""
    s = store.sources.get(origin(store, sid))
    return "publisher:" + _same_text(s.publisher) if s is not None else sid


def _same_text(text: str) -> str:
    """Publisher or title as compared: case, spacing and end punctuation do not count."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _same_address(url: str) -> str:
    """An address as compared: scheme, www., default port, trailing slash, fragment and
    tracking parameters do not count."""
    parts = urlparse(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    query = "&".join(q for q in parts.query.split("&")
                     if q and not q.lower().startswith(("utm_", "fbclid", "gclid")))
    return f"{host}{port}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _origins(store: Store) -> dict[str, str]:
    cached = getattr(store, "_origins", None)
    if cached is not None:
        return cached
    first: dict[object, str] = {}
    out: dict[str, str] = {}
    for s in store.sources.values():
        keys = [("title", _same_text(s.publisher), _same_text(s.title))]
        if s.url:
            try:
                keys.append(("url", _same_address(s.url)))
            except ValueError:
                pass  # a malformed port: compared by publisher and title alone
        root = next((first[k] for k in keys if k in first), s.id)
        for k in keys:
            first.setdefault(k, root)
        out[s.id] = root
    store._origins = out  # type: ignore[attr-defined]
    return out
