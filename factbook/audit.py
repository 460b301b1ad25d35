"""Audit of built HTML pages: every figure a reader sees must be traced, and no page runs data.

A figure (any digit, superscript, circled or fullwidth digit, or Chinese numeral) is traced when
it sits inside an element carrying data-fact or data-source (or data-claim, or data-version for
the date of the data), or inside a name the store declares (SU7, Phase 2). The article, the page
title and the navigation labels are read, with the attributes a reader meets (alt, title,
aria-label, placeholder) and CSS `content`. Every data-fact id must exist; a <data> element shows
its fact's value and its value attribute equals it; a <time> element's datetime is its date.
No page may hold a javascript:/data: address or an on… event attribute.

Charts (factbook.charts) are read the same way: every mark (class chart-mark) carries data-fact,
its data-value is the stored value, a printed figure (class chart-value) shows its fact's value,
a category name shows its fact's period or label, and a <time data-fact> of a fact that is not a
date (a timeline event) carries the fact's as-of date or the start of its period.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .check.translations import declared_names
from .format import machine_value, period_text, shows_value
from .kept import digest
from .locale import EN, Locale
from .model import Problem, Store
from .periods import PeriodError, format_span, iso_start, parse_date, parse_period
from .site import LOCALES, edition_locale
from .text import FIGURE_CHAR, UNSAFE, figures, longest_first

# data-version marks the date of this version of the data, which comes from the last commit.
TRACE_ATTRS = ("data-fact", "data-source", "data-claim", "data-version")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Code listings show formats and commands; inline code is read like text unless it is marked as
# an identifier or a format example by the macros.
SKIP = {"script", "style", "pre", "template"}
SKIP_CLASSES = {"headerlink", "fact-id", "example"}
READ_ATTRS = ("alt", "title", "aria-label", "placeholder")
VALUE_SHOWN = {"input", "button", "option", "textarea", "output"}  # their value is on screen
ADDRESS_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset",
                 "background", "cite", "ping", "values", "to", "from", "by", "dynsrc", "lowsrc"}
SCRIPT_SCHEMES = re.compile(r"^(javascript|vbscript):", re.I)
DATA_SCHEME = re.compile(r"^data:", re.I)
# Browsers drop whitespace and control characters inside a scheme ("java\nscript:").
_SCHEME_NOISE = re.compile(r"[\s\x00-\x1f]+")
# SVG animation can set an attribute (an address) to anything: no page needs it.
ANIMATION = {"animate", "set", "animatemotion", "animatetransform"}
CSS_CONTENT = re.compile(r"content\s*:\s*(\"[^\"]*\"|'[^']*')", re.I)
CSS_ATTR = re.compile(r"attr\s*\(", re.I)
# Where a browser ends a comment early (<!-->, <!--->, --!>), Python's parser does not: make
# them plain comments, so what a browser shows is what is read.
_ABRUPT_COMMENT = re.compile(r"<!--->|<!-->")
# Outside the article, a reader meets the page title and the navigation labels.
NAV_CLASSES = {"md-nav__link", "md-header__topic", "md-footer__title", "md-tabs__link"}


class _Article(HTMLParser):
    """Collects (line, text, traced) runs a reader sees, every data-fact element with its text,
    and every address or attribute that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []  # (tag, traced, skipped, read)
        self.depth_article = 0
        # (line, text, traced, outside the article: the page title and navigation)
        self.runs: list[tuple[int, str, bool, bool]] = []
        # line, id, value attr, tag, datetime attr, the text shown inside
        self.facts: list[list] = []
        self.open_facts: list[tuple[str, list]] = []
        self.unsafe: list[tuple[int, str]] = []
        self.unsafe_marks: list[tuple[int, str]] = []  # chart marks with no data-fact
        self.in_style = False

    def _safe_attrs(self, tag: str, attrs, line: int) -> dict[str, str]:
        """The attributes as a dict; anything that could run script is recorded."""
        a: dict[str, str] = {}
        for key, value in attrs:
            key = key.lower()
            value = value or ""
            if key.startswith("on"):
                self.unsafe.append((line, f"<{tag}> has the event attribute {key}"))
            bare = _SCHEME_NOISE.sub("", UNSAFE.sub("", value))
            if SCRIPT_SCHEMES.match(bare) or (key in ADDRESS_ATTRS and DATA_SCHEME.match(bare)):
                self.unsafe.append((line, f"<{tag}> has a {bare.split(':')[0].lower()}: "
                                          f"address in {key}"))
            if key == "srcdoc":
                self.unsafe.append((line, f"<{tag}> embeds a document in srcdoc"))
            a.setdefault(key, value)
        if tag in ANIMATION:
            self.unsafe.append((line, f"<{tag}> animates an attribute"))
        if tag == "base":
            self.unsafe.append((line, "<base> would change where every link leads"))
        if tag == "script" and re.match(r"^\s*(https?:)?//", a.get("src", ""), re.I):
            self.unsafe.append((line, "<script> loads code from another site"))
        return a

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = self._safe_attrs(tag, attrs, line)
        if tag == "article":
            self.depth_article += 1
        if "data-fact" in a and tag not in VOID:
            entry = [line, a["data-fact"], a.get("value"), tag, a.get("datetime"), [], a]
            self.facts.append(entry)
            self.open_facts.append((tag, entry))
        elif "chart-mark" in a.get("class", "").split():
            self.unsafe_marks.append((line, tag))
        parent = self.stack[-1] if self.stack else ("", False, False, False)
        classes = set(a.get("class", "").split())
        traced = parent[1] or any(k in a for k in TRACE_ATTRS)
        skipped = parent[2] or tag in SKIP or bool(classes & SKIP_CLASSES)
        read = parent[3] or self.depth_article > 0 or tag == "title" or bool(classes & NAV_CLASSES)
        if read and not traced and not skipped and "fact-figure" not in classes:
            # Text a reader meets in a tooltip, a field or in place of an image counts too.
            for key in READ_ATTRS:
                if a.get(key):
                    self.runs.append((line, a[key], False, self.depth_article <= 0))
            if tag in VALUE_SHOWN and a.get("value"):
                self.runs.append((line, a["value"], False, self.depth_article <= 0))
            for m in CSS_CONTENT.finditer(a.get("style", "")):
                self.runs.append((line, m.group(1), False, self.depth_article <= 0))
            if CSS_ATTR.search(a.get("style", "")):
                self.unsafe.append((line, f"<{tag}> shows an attribute as text through CSS"))
        self.in_style = tag == "style" and self.depth_article > 0
        if tag in VOID:
            return
        self.stack.append((tag, traced, skipped, read))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if self.open_facts and self.open_facts[-1][0] == tag:
            self.open_facts.pop()
        if tag == "article":
            self.depth_article -= 1
        self.in_style = False

    def handle_data(self, data):
        for _, entry in self.open_facts:
            entry[5].append(data)
        if self.in_style:  # CSS can put text on the page: content: "46,249", or attr(…)
            for m in CSS_CONTENT.finditer(data):
                self.runs.append((self.getpos()[0], m.group(1), False, False))
            if CSS_ATTR.search(data):
                self.unsafe.append((self.getpos()[0], "a style shows an attribute as text"))
            return
        if not self.stack or not data.strip():
            return
        _, traced, skipped, read = self.stack[-1]
        if read and not skipped:
            self.runs.append((self.getpos()[0], data, traced, self.depth_article <= 0))


_PUNCTUATION = ".,;:()，。：；（）、“”‘’"  # around a figure, not part of it


def _strip_names(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def audit_page(html: str, rel: str, store: Store, names: list[str] | None = None,
               source: tuple[Path, str] | None = None, figures_too: bool = True,
               locale: Locale = EN, source_text: str | None = None) -> list[Problem]:
    """Problems of one built page: untraced digits and data-fact markup that does not match.

    source is the page's Markdown file and the name to show for it, to point editors at the line
    (source_text its text, if read already); locale is the language the page is written in (how
    its figures read).
    """
    names = names if names is not None else longest_first(store.names())
    parser = _Article()
    parser.feed(_ABRUPT_COMMENT.sub("<!---->", html).replace("--!>", "-->"))
    parser.close()
    problems: list[Problem] = []
    # A title or a navigation label may repeat a figure the page itself shows traced (a fact
    # page is titled by its label and period).
    shown = {w.strip(_PUNCTUATION) for _, text, traced, meta in parser.runs if traced and not meta
             for w in figures(text)}
    for line, text, traced, meta in parser.runs:
        if traced or not figures_too or not FIGURE_CHAR.search(text):
            continue
        bare = _strip_names(text, names)
        for word in figures(bare):
            figure = word.strip(_PUNCTUATION)
            if meta and figure in shown:
                continue
            where, at = _locate(source, figure, source_text) if source else (rel, line)
            problems.append(Problem(
                where, at, "page", f"untraced figure '{figure}' in \"{text.strip()[:60]}\"",
                "render figures through a macro such as {{ fact(\"some.id\") }}, "
                "or declare the name in facts/entities.yaml",
            ))
    for line, message in parser.unsafe:
        problems.append(Problem(rel, line, "page", f"{message}: pages run no script from data",
                                "remove it; data text is escaped by the macros"))
    for line, tag in parser.unsafe_marks:
        problems.append(Problem(rel, line, "page", f"a chart mark <{tag}> carries no data-fact",
                                "draw charts through chart()"))
    for line, fid, value, tag, when, shown, attrs in parser.facts:
        f = store.facts.get(fid)
        text = " ".join("".join(shown).split())
        if f is not None:
            problems.extend(_chart_problems(rel, line, f, tag, attrs, text, locale))
        if f is None:
            problems.append(Problem(rel, line, fid or "page", "data-fact names an unknown fact",
                                    "the page was built from another store: rebuild"))
        elif tag == "data" and value != machine_value(f):
            problems.append(Problem(rel, line, fid,
                                    f"value attribute {value} differs from the stored value "
                                    f"{machine_value(f)}", "rebuild the site"))
        elif tag == "data" and not shows_value(f, text, locale):
            problems.append(Problem(rel, line, fid,
                                    f"shows '{text[:40]}', which is not its value "
                                    f"{machine_value(f)}", "render figures through fact()"))
        elif tag == "time" and not _same_date(f, when) and not _same_start(f, when):
            problems.append(Problem(rel, line, fid,
                                    f"datetime {when} is not the fact's date {f.value}",
                                    "render dates through fact()"))
    return problems


def _chart_problems(rel: str, line: int, f, tag: str, attrs: dict, text: str,
                    locale: Locale = EN) -> list[Problem]:
    """A chart element drawn for a fact: its data-value, its printed figure or its category."""
    out, classes = [], set(attrs.get("class", "").split())
    if "data-value" in attrs and attrs["data-value"] != machine_value(f):
        out.append(Problem(rel, line, f.id, f"chart mark's data-value {attrs['data-value']} "
                           f"differs from the stored value {machine_value(f)}",
                           "rebuild the site"))
    if tag == "text" and "chart-value" in classes and not shows_value(f, text, locale):
        out.append(Problem(rel, line, f.id, f"chart label shows '{text[:40]}', which is not "
                           f"its value {machine_value(f)}", "draw charts through chart()"))
    if tag == "text" and "chart-category" in classes:
        bare = "".join(text.split())
        allowed = {"".join(period_text(f, short, locale).split()) for short in (True, False)}
        allowed |= {"".join(w.split()) for w in _span_words(f, locale)}
        if bare not in allowed and "".join(locale.text(f, "label").split()) not in bare:
            out.append(Problem(rel, line, f.id, f"chart category '{text[:40]}' is neither the "
                               "fact's period nor its label", "draw charts through chart()"))
    return out


def _span_words(f, locale: Locale = EN) -> list[str]:
    """The fact's period or as-of date in words, short and long ('30 Sep 2024')."""
    try:
        span = parse_period(str(f.period)) if f.period is not None else \
            parse_date(str(f.as_of)) if f.as_of is not None else None
    except PeriodError:
        return []
    return [format_span(span, short, locale) for short in (True, False)] if span else []


def _same_start(f, when: str | None) -> bool:
    """A dated event that is not itself a date: its as-of date or the start of its period."""
    try:
        if f.as_of is not None:
            return when == iso_start(parse_date(str(f.as_of)))
        if f.period is not None:
            return when == iso_start(parse_period(str(f.period)))
    except PeriodError:
        return False
    return False


def _same_date(f, when: str | None) -> bool:
    try:
        return when == iso_start(parse_date(str(f.value)))
    except PeriodError:
        return False


def _locate(source: tuple[Path, str], figure: str, text: str | None = None) -> tuple[str, int]:
    """The Markdown file and line where a figure was typed (line 0: not found); text is the
    file's, if read already."""
    path, shown = source
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return shown, 0
    for i, line in enumerate(text.splitlines(), 1):
        if figure in re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", line):
            return shown, i
    return shown, 0


def audit_site(site: Path, store: Store, root: Path | None = None,
               store_key: str | None = None) -> tuple[list[Problem], int]:
    """Audit every built page; return the problems and the number of pages read.

    Pages under a language's folder (zh/) are read in that language, with its names. With root,
    problems point at root/docs/<page>.md or <page>.<lang>.md (the file an editor changes).
    With root and store_key (the key of the files the store was loaded from,
    project.digest_of(root, "facts")), what each page was found to hold is kept in root's
    cache and given again for a page of the very same bytes, address, Markdown file, store and
    engine (a page that changed in any way is read again).
    """
    editions = {"": (EN, longest_first(store.names()))}
    for code in LOCALES:
        if code != "en" and (site / code).is_dir():
            locale = edition_locale(store, code)
            # every name in every language (小米SU7, 一期工厂), none reading as a figure
            editions[f"{code}/"] = (locale, declared_names(store))
    problems: list[Problem] = []
    kept = _KeptFindings(root, store_key) if root is not None and store_key else None
    # Every page is read for script; the theme's error page (404.html, whose title is its
    # code) is not read for figures.
    pages = sorted(p for p in [*site.rglob("*.html"), *site.rglob("*.htm")] if not p.is_dir())
    for page in pages:
        rel = page.relative_to(site).as_posix()
        folder = next((f for f in editions if f and rel.startswith(f)), "")
        locale, names = editions[folder]
        source, source_text = None, None
        if root is not None:
            stem = rel[len(folder):-5] + (f".{folder[:-1]}" if folder else "")
            md = root / "docs" / (stem + ".md")
            if md.is_file():
                source = (md, md.relative_to(root).as_posix())
                try:
                    source_text = md.read_bytes().decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    source_text = ""
        shown = f"{site.name}/{rel}"
        try:
            html = page.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as e:
            why = "is not UTF-8 text" if isinstance(e, UnicodeDecodeError) else \
                f"cannot be read ({e.strerror})"
            problems.append(Problem(shown, 0, "page", f"the built page {why}", "rebuild the site"))
            continue
        key = digest(shown, source and source[1], source_text, html) if kept else None
        held = kept.get(key) if kept else None
        if held is None:
            held = audit_page(html, shown, store, names, source,
                              figures_too=rel[len(folder):] != "404.html", locale=locale,
                              source_text=source_text)
            if kept:
                kept.put(key, held)
        problems.extend(held)
    if kept:
        kept.save()
    return problems, len(pages)


class _KeptFindings:
    """What the audit found on each page, kept for the next audit of the same store and engine
    (one cache entry), by a digest of the page's address, its bytes and its Markdown file's
    name and bytes (kept.digest: each part told apart from the next)."""

    def __init__(self, root: Path, store_key: str):
        from . import cache

        self._cache, self._root = cache, root
        self._name = "audit-" + digest(cache.code_fingerprint(), store_key)[:32]
        self._last = cache.load(root, self._name, {})
        if not isinstance(self._last, dict):
            self._last = {}
        self._now: dict[str, list[Problem]] = {}

    def get(self, key: str) -> list[Problem] | None:
        held = self._last.get(key)
        if not isinstance(held, list):
            return None
        self._now[key] = held
        return list(held)

    def put(self, key: str, problems: list[Problem]) -> None:
        self._now[key] = list(problems)

    def save(self) -> None:
        """Keep the pages of this audit only (found now or given again): one site's worth."""
        if self._now != self._last:
            self._cache.save(self._root, self._name, self._now, keep="audit", count=2)
