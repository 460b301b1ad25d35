"""Fact pages without a page build each: one page is rendered by the generator with slots in
place of its title, description, address and body, and every fact page is that shell filled in.

A store of 10,000 facts has 10,000 fact pages. Through MkDocs each costs a Markdown pass, a
theme render and a search parse (about 13 ms); filled into the shell it costs the string joins.
The result is the page the generator would have written: every fact page sits in the same
folder (so the theme's relative links are the same), has no table of contents of its own (its
headings are finished HTML) and differs from the others only in the slots.

A slot meets two transformations in the theme: written as given (the page's title in the
header, the description meta tag) and through `striptags | e` (overrides/main.html: the title
tag and Open Graph tags). The slot words hold a backtick, which `esc` writes as `&#96;` and
`striptags | e` writes back as "`", so each occurrence says which of the two it met and is
filled with the same transformation of the fact's text.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

from .text import esc

TITLE, DESCRIPTION = "FBSLOT`TITLE", "FBSLOT`DESCRIPTION"
# The page's content. It holds a heading of the first rank, as every fact page does, so the
# theme adds no heading of its own.
BODY = "<h1>FBSLOTBODY</h1>"
PAGE = "fbslot-page"  # the page's file name: facts/fbslot-page.html
SHELL_SRC = f"facts/{PAGE}.md"


class ShellError(ValueError):
    """The rendered shell does not hold the slots where a fact page needs them."""


def markdown_source(title: str, body: str, searchable: bool = True,
                    description: str | None = None) -> str:
    """A generated page: the title and description (escaped: the theme writes them into the
    page unescaped) and a body of finished HTML in one block, so Markdown has nothing to
    re-read."""
    # A fact page is what a search for its figure or label should find first. Its body is
    # finished HTML: no macro to render (render_macros: false spares the Jinja pass).
    search = "" if searchable else "search:\n  exclude: true\n"
    meta = (f"description: {json.dumps(esc(description), ensure_ascii=False)}\n"
            if description else "")
    return (f"---\ntitle: {json.dumps(esc(title), ensure_ascii=False)}\n{meta}{search}"
            "render_macros: false\n---\n\n"
            f'<div class="fact-page">{body}</div>\n')


def source() -> str:
    """The Markdown of the shell page: a fact page's (markdown_source) with slots, left out
    of search (each fact page's entry is added as it is filled)."""
    return markdown_source(TITLE, BODY, searchable=False, description=DESCRIPTION)


def _stripped(text: str) -> str:
    """What the theme's `striptags | e` makes of a text given as esc(text)."""
    return str(escape(Markup(esc(text)).striptags()))


class Shell:
    """A rendered shell page, split at its slots; `fill` gives one fact's page."""

    def __init__(self, html: str) -> None:
        slots = {esc(TITLE): ("title", esc), _stripped(TITLE): ("title", _stripped),
                 esc(DESCRIPTION): ("description", esc),
                 _stripped(DESCRIPTION): ("description", _stripped),
                 BODY: ("body", str), PAGE: ("page", str)}
        pattern = re.compile("|".join(re.escape(s) for s in sorted(slots, key=len, reverse=True)))
        self.parts: list[str] = []
        self.slots: list[tuple[str, object]] = []
        at = 0
        for m in pattern.finditer(html):
            self.parts.append(html[at:m.start()])
            self.slots.append(slots[m.group()])
            at = m.end()
        self.parts.append(html[at:])
        found = [name for name, _ in self.slots]
        if found.count("body") != 1 or "title" not in found:
            raise ShellError(f"the rendered shell page holds the body slot {found.count('body')} "
                             f"times and the title slot {found.count('title')} times (the theme "
                             "must write the page's title and content once)")

    def fill(self, page: str, title: str, description: str | None, body: str,
             site_description: str = "") -> str:
        """One page: `page` is its file name without .html, the texts plain, the body finished
        HTML. With no description the page has the site's, which the theme writes as the
        configuration gives it (trusted text, not data)."""
        values = {"title": title, "description": description, "body": body, "page": page}
        out = [self.parts[0]]
        for (name, how), part in zip(self.slots, self.parts[1:], strict=True):
            if name == "description" and description is None:
                out.append(site_description if how is esc else
                           str(escape(Markup(site_description).striptags())))
            else:
                out.append(how(values[name]))
            out.append(part)
        return "".join(out)


# Inline elements a search index reads only for their text: dropping their tags before the
# search plugin parses a page leaves its entries as they were (tests/test_shell.py compares
# both on every page of the store) and spares most of the parse. Headings, kept tags (p, code,
# pre, lists), excluded blocks and heading permalinks are left alone.
_INLINE = re.compile(r"</?(?:span|cite|time|data|strong|small|em|abbr|dl|dt|dd)\b[^>]*>"
                     r"|<a\b(?![^>]*headerlink)[^>]*>|</a>")


def for_search(html: str) -> str:
    """A page body as the search plugin reads it, without the tags that change nothing."""
    return _INLINE.sub("", html)
