"""Data exports: facts.json, facts.csv, sources.json, sources.bib and sources.csl.json, written
the same way on every run.

Each file is declared once, in `EXPORTS` (name, media type, writer); what it holds, and the
meaning of every field of the data dictionary, are words of the locale. `FILES` and
`DICTIONARY` are the English views of them, for the pages and for callers that read them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from .cite import sources_bib, sources_csl_json
from .locale import EN, Locale
from .model import Fact, Source, Store
from .text import csv_cell

FACTS_PAGE = "facts.html"  # the facts index; each row is anchored by its fact's id

CSV_COLUMNS = [
    "id", "label", "subject", "value", "unit", "bound", "period", "as_of", "status",
    "sources", "derive", "supersedes", "checked", "note", "permalink",
]


def fact_address(fact_id: str) -> str:
    """Where a fact (or a retired id) has its page, relative to the site root: the one place
    that decides it."""
    return f"facts/{fact_id}.html"


def topic_address(slug: str, part: int = 1) -> str:
    """Where one topic of a facts index too large for one page lives (never a fact's address:
    fact ids hold a dot, topic slugs do not)."""
    return f"facts/topic-{slug}{'' if part == 1 else f'-{part}'}.html"


def permalink(fact_id: str, base_url: str = "") -> str:
    """The stable address of a fact: its own page."""
    return base_url + fact_address(fact_id)


def fact_record(f: Fact, base_url: str = "", locale: Locale = EN) -> dict:
    """One fact as exported: every field, sources with what each states; the words (label,
    note) in the locale's language where the store has them."""
    note = locale.text(f, "note")
    return {
        "id": f.id,
        "label": locale.text(f, "label"),
        "subject": f.subject,
        "value": f.value,
        "unit": f.unit,
        "bound": f.bound,
        "period": None if f.period is None else str(f.period),
        "as_of": f.as_of,
        "status": f.status,
        "sources": [
            {"id": r.source, "states": r.states, "bound": r.bound, "locator": r.locator}
            for r in f.sources
        ],
        "derive": f.derive.formula if f.derive else None,
        "supersedes": f.supersedes,
        "checked": f.checked,
        "note": note or None,
        "permalink": permalink(f.id, base_url),
    }


def facts_json(store: Store, base_url: str = "", locale: Locale = EN) -> str:
    """Every fact as JSON (facts.json)."""
    out = io.StringIO()
    dump_facts_json(out, store, base_url, locale)
    return out.getvalue()


def dump_facts_json(out: TextIO, store: Store, base_url: str = "", locale: Locale = EN) -> None:
    """facts_json, written to out as it is made: the whole text of 10,000 facts at once is
    some 40 MB of small strings at the peak of a build."""
    rows = [fact_record(f, base_url, locale) for f in store.facts.values()]
    json.dump(rows, out, ensure_ascii=False, indent=1)
    out.write("\n")


def facts_csv(store: Store, base_url: str = "", locale: Locale = EN) -> str:
    """Every fact as a CSV row (facts.csv); the sources in one cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in store.facts.values():
        row = fact_record(f, base_url, locale)
        row["sources"] = "; ".join(
            s["id"] + ("" if s["bound"] == "exact" else f" ({s['bound']})") + f": {s['states']}"
            for s in row["sources"]
        )
        writer.writerow({k: "" if row[k] is None else csv_cell(row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


def sources_json(store: Store) -> str:
    """Every source as JSON (sources.json)."""
    rows = [s.model_dump() for s in store.sources.values()]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def version_date(root: Path) -> str:
    """The date of this version of the data: SOURCE_DATE_EPOCH, else the last commit's date.

    Taken from the commit rather than the clock, so two builds of one commit are identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return date.today().isoformat()


@dataclass(frozen=True)
class Export:
    """One data file the site publishes under data/: its name, media type and writer."""

    name: str
    media_type: str
    write: Callable[[Store, str, Locale], str]  # (store, base_url, locale) -> the file's text
    # (file, store, base_url, locale): the same text, written as it is made
    dump: Callable[[TextIO, Store, str, Locale], None] | None = None

    def description(self, locale: Locale = EN) -> str:
        """What the file holds, in the locale's words (the locale keys them by file name)."""
        return locale.exports[self.name]


EXPORTS: tuple[Export, ...] = (
    Export("facts.json", "application/json", facts_json, dump_facts_json),
    Export("facts.csv", "text/csv", facts_csv),
    Export("sources.json", "application/json", lambda store, _url, _: sources_json(store)),
    Export("sources.bib", "application/x-bibtex", lambda store, _url, _: sources_bib(store)),
    Export("sources.csl.json", "application/json",
           lambda store, _url, locale: sources_csl_json(store, locale)),
)

# The fields of each table, in the order the files hold them; the data dictionary describes
# every one (the locale gives the type and the meaning).
TABLES: dict[str, list[str]] = {"facts": CSV_COLUMNS, "sources": list(Source.model_fields)}


def files(locale: Locale = EN) -> dict[str, str]:
    """Each data file's name and what it holds, in declaration order."""
    return {e.name: e.description(locale) for e in EXPORTS}


def dictionary(locale: Locale = EN) -> dict[str, list[tuple[str, str, str]]]:
    """Every field of the exports, (name, type, meaning) by table, for the data dictionary."""
    return {table: [(name, *locale.dictionary[table][name]) for name in fields]
            for table, fields in TABLES.items()}


FILES = files()
DICTIONARY = dictionary()


def write_all(store: Store | Callable[[], Store], folder: Path, base_url: str = "",
              locale: Locale = EN, cache_root: Path | None = None,
              inputs: str = "") -> list[Path]:
    """Write every export into folder; return the paths written. With cache_root and inputs
    (a digest of everything the store and settings were made from), the files of the last
    build with the same inputs, address and language are copied instead of made again (store
    may be a function that gives it: then it is asked only when the files are made)."""
    import shutil
    import tempfile

    from . import cache

    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / e.name for e in EXPORTS]
    kept = None
    if cache_root is not None and inputs and cache.enabled():
        key = hashlib.sha256(repr((inputs, base_url, locale.code)).encode()).hexdigest()
        kept = cache_root / cache.FOLDER / f"exports-{key}"
        try:
            for e in EXPORTS:
                shutil.copyfile(kept / e.name, folder / e.name)
            return written
        except OSError:
            pass
    if callable(store):
        store = store()
    for export, path in zip(EXPORTS, written, strict=True):
        if export.dump is None:
            path.write_text(export.write(store, base_url, locale), encoding="utf-8")
            continue
        with path.open("w", encoding="utf-8") as out:
            export.dump(out, store, base_url, locale)
    if kept is not None:
        tmp = None
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=kept.parent, prefix=".exports-"))
            for path in written:
                shutil.copyfile(path, tmp / path.name)
            os.replace(tmp, kept)
            old = sorted(kept.parent.glob("exports-*"), key=lambda p: p.stat().st_mtime)
            for stale in old[:-cache.KEEP]:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:  # another build kept the same files first, or the disk refused
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
    return written


def write_sitemap(site: Path, base_url: str, shell: str, addresses: list[str]) -> None:
    """Put the fact pages filled from a shell in the generator's sitemap, in the shell's
    place and with its date (its other-language alternates follow, as they sit in the same
    folder); sitemap.xml.gz is written again with the same header time."""
    import gzip
    import re
    from html import escape

    path = site / "sitemap.xml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    m = re.search(r"[ \t]*<url>\s*<loc>" + re.escape(base_url + shell) + r"</loc>.*?</url>\n?",
                  text, re.S)
    if m is not None:
        block = m.group()
        entries = "".join(block.replace(shell, address) for address in addresses)
        text = text[:m.start()] + entries + text[m.end():]
    elif "</urlset>" in text:  # a sitemap of the navigation only (mkdocs-static-i18n's)
        entries = "".join(f"    <url>\n        <loc>{escape(base_url + a)}</loc>\n    </url>\n"
                          for a in addresses)
        at = text.rindex("</urlset>")
        text = text[:at] + entries + text[at:]
    else:
        return
    path.write_text(text, encoding="utf-8")
    gz = site / "sitemap.xml.gz"
    try:
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little")
    except OSError:
        return
    with open(gz, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(gz), mode="wb",
                                            mtime=mtime) as z:
        z.write(text.encode("utf-8"))


def write_zip(site: Path, archive: Path, stamp: str, folder: str = "factbook",
              base_path: str = "/", cache_root: Path | None = None,
              vouched: dict[str, str] | None = None) -> Path:
    """Zip the built site under one folder, byte for byte the same for the same files.

    Entries are sorted and dated stamp (YYYY-MM-DD), so two builds of one commit are identical.
    Source maps stay out. The error page links from the site's root path (it may be served at
    any address); in the zip its links are made relative, so it opens from the file system.

    With cache_root, the zip of the last build is reused when every entry is the same: each
    file counts by its name and bytes, except those under a folder of `vouched` (folder: the
    key of all it holds, names and bytes, as factbook.kept gives for fact pages), which count
    by that key alone and are not even listed.
    """
    import shutil
    import zipfile

    from . import cache

    when = tuple(int(x) for x in stamp.split("-")) + (0, 0, 0)
    prefixes = tuple(vouched or ())
    kept = None
    if cache_root is not None and cache.enabled():
        key = hashlib.sha256(cache.code_fingerprint() + repr(
            (stamp, folder, base_path, sorted((vouched or {}).items())))
            .encode("utf-8", "surrogateescape"))
        # A vouched folder counts by its key alone: its names and bytes are what the key says.
        for name, path in _site_files(site, archive, prefixes):
            key.update(name.encode("utf-8", "surrogateescape") + b"\0")
            with open(path, "rb") as f:
                key.update(hashlib.file_digest(f, "sha256").digest())
        kept = cache_root / cache.FOLDER / f"zip-{key.hexdigest()}.zip"
        if kept.is_file():
            tmp = archive.with_suffix(".tmp")
            try:
                shutil.copyfile(kept, tmp)
                tmp.replace(archive)
                return archive
            except OSError:  # another build replaced it meanwhile: zip anew
                tmp.unlink(missing_ok=True)
    files = [Path(path) for _, path in _site_files(site, archive)]
    tmp = archive.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            if path == site / "404.html" and base_path not in ("", "/"):
                data = _relative_error_page(data, base_path)
            z.writestr(info, data, compresslevel=6)
    if kept is not None:
        try:  # the last build's zip only: one site's worth of disk
            for old in kept.parent.glob("zip-*.zip"):
                old.unlink(missing_ok=True)
            shutil.copyfile(tmp, kept.with_suffix(".tmp"))
            kept.with_suffix(".tmp").replace(kept)
        except OSError:
            pass
    tmp.replace(archive)
    return archive


def _site_files(site: Path, archive: Path, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(name under site, path) of every file the zip holds, sorted by name parts: not hidden
    names (the build's own), source maps or the archive, nor the folders named in skip."""
    found = []

    def walk(folder: str, under: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                parts = (*under, entry.name)
                if entry.is_dir():  # a link to a folder is left out, as os.walk leaves it
                    if not entry.is_symlink() and "/".join(parts) + "/" not in skip:
                        walk(entry.path, parts)
                elif entry.is_file(follow_symlinks=True) and not entry.name.endswith(".map") \
                        and entry.path != str(archive):
                    found.append((parts, entry.path))

    walk(str(site), ())
    found.sort()
    return [("/".join(parts), path) for parts, path in found]


def _relative_error_page(html: bytes, base_path: str) -> bytes:
    """404.html with its root-relative links made relative to the site's folder."""
    base = base_path.rstrip("/") + "/"
    text = html.decode("utf-8")
    for attr in ("href", "src"):
        text = text.replace(f'{attr}="{base}', f'{attr}="')
    text = text.replace(f'"base": "{base}"', '"base": "."').replace(f'"{base}assets/', '"assets/')
    return text.encode("utf-8")
