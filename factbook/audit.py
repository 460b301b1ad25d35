"""Audit of built HTML pages: every digit a reader sees in the article must be traced.

A digit is traced when it sits inside an element carrying data-fact or data-source (or
data-claim, or data-version for the date of the data), or inside a name the store declares
(SU7, Phase 2). Every data-fact id must exist, and the value attribute of <data> must equal the
stored value.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .format import machine_value
from .model import Problem, Store

# data-version marks the date of this version of the data, which comes from the last commit.
TRACE_ATTRS = ("data-fact", "data-source", "data-claim", "data-version")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Code listings show formats and commands; inline code is read like text unless it is marked as
# an identifier or a format example by the macros.
SKIP = {"script", "style", "svg", "pre"}
SKIP_CLASSES = {"headerlink", "fact-id", "example"}
READ_ATTRS = ("alt", "title", "aria-label")


class _Article(HTMLParser):
    """Collects (line, text, traced) runs inside <article>, and every data-fact element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, traced, skipped)
        self.depth_article = 0
        self.runs: list[tuple[int, str, bool]] = []
        self.facts: list[tuple[int, str, str | None, str]] = []  # line, id, value attr, tag

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth_article += 1
        if "data-fact" in a:
            self.facts.append((self.getpos()[0], a["data-fact"] or "", a.get("value"), tag))
        parent_traced = self.stack[-1][1] if self.stack else False
        parent_skipped = self.stack[-1][2] if self.stack else False
        classes = set((a.get("class") or "").split())
        traced = parent_traced or any(k in a for k in TRACE_ATTRS)
        skipped = parent_skipped or tag in SKIP or bool(classes & SKIP_CLASSES)
        if self.depth_article > 0 and not traced and not skipped and "fact-figure" not in classes:
            # Text a reader meets in a tooltip or in place of an image counts too.
            for key in READ_ATTRS:
                if a.get(key):
                    self.runs.append((self.getpos()[0], a[key], False))
        if tag in VOID:
            return
        self.stack.append((tag, traced, skipped))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag == "article":
            self.depth_article -= 1

    def handle_data(self, data):
        if self.depth_article <= 0 or not data.strip():
            return
        traced = self.stack[-1][1] if self.stack else False
        skipped = self.stack[-1][2] if self.stack else False
        if not skipped:
            self.runs.append((self.getpos()[0], data, traced))


def _strip_names(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def audit_page(html: str, rel: str, store: Store, names: list[str] | None = None,
               source: tuple[Path, str] | None = None) -> list[Problem]:
    """Problems of one built page: untraced digits and data-fact markup that does not match.

    source is the page's Markdown file and the name to show for it, to point editors at the line.
    """
    names = names if names is not None else sorted(store.names(), key=len, reverse=True)
    parser = _Article()
    parser.feed(html)
    parser.close()
    problems: list[Problem] = []
    for line, text, traced in parser.runs:
        if traced:
            continue
        bare = _strip_names(text, names)
        for m in re.finditer(r"\S*\d\S*", bare):
            figure = m.group(0).strip(".,;:()")
            where, at = _locate(source, figure) if source else (rel, line)
            problems.append(Problem(
                where, at, "page", f"untraced figure '{figure}' in \"{text.strip()[:60]}\"",
                "render figures through a macro such as {{ fact(\"some.id\") }}, "
                "or declare the name in facts/entities.yaml",
            ))
    for line, fid, value, tag in parser.facts:
        f = store.facts.get(fid)
        if f is None:
            problems.append(Problem(rel, line, fid or "page", "data-fact names an unknown fact",
                                    "the page was built from another store: rebuild"))
        elif tag == "data" and value is not None and value != machine_value(f):
            problems.append(Problem(rel, line, fid,
                                    f"value attribute {value} differs from the stored value "
                                    f"{machine_value(f)}", "rebuild the site"))
    return problems


def _locate(source: tuple[Path, str], figure: str) -> tuple[str, int]:
    path, shown = source
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return shown, 0
    for i, line in enumerate(lines, 1):
        if figure in re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", line):
            return shown, i
    return shown, 0


def audit_site(site: Path, store: Store, root: Path | None = None) -> tuple[list[Problem], int]:
    """Audit every built page; return the problems and the number of pages read.

    With root, problems point at root/docs/<page>.md (the file an editor changes).
    """
    names = sorted(store.names(), key=len, reverse=True)
    problems: list[Problem] = []
    # 404.html is the theme's error page, not an article of ours.
    pages = sorted(p for p in site.rglob("*.html")
                   if "assets" not in p.relative_to(site).parts and p.name != "404.html")
    for page in pages:
        rel = page.relative_to(site).as_posix()
        source = None
        if root is not None:
            md = root / "docs" / (rel[:-5] + ".md")
            if md.is_file():
                source = (md, md.relative_to(root).as_posix())
        shown = f"{site.name}/{rel}"
        problems.extend(audit_page(page.read_text(encoding="utf-8"), shown, store, names, source))
    return problems, len(pages)
