"""What a build publishes beside its pages, with none of the store's models: where each fact
page lives, the date of this version of the data, the sitemap's fact pages, the data files kept
from the last build with the same inputs, and the offline zip.

A build whose pages were all kept from the last one needs only this (and factbook.kept); the
data files themselves are written by factbook.export.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

from . import cache


def fact_address(fact_id: str) -> str:
    """Where a fact (or a retired id) has its page, relative to the site root: the one place
    that decides it."""
    return f"facts/{fact_id}.html"


def topic_address(slug: str, part: int = 1) -> str:
    """Where one topic of a facts index too large for one page lives (never a fact's address:
    fact ids hold a dot, topic slugs do not)."""
    return f"facts/topic-{slug}{'' if part == 1 else f'-{part}'}.html"


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


def exports_folder(cache_root: Path | None, inputs: str, base_url: str, language: str
                   ) -> Path | None:
    """Where the cache keeps the data files made from inputs (a digest of everything the
    store and settings were made from) for one address and language; None without a cache
    or inputs."""
    if cache_root is None or not inputs or not cache.enabled():
        return None
    key = hashlib.sha256(repr((inputs, base_url, language)).encode()).hexdigest()
    return cache_root / cache.FOLDER / f"exports-{key}"


def restore_exports(kept: Path, folder: Path) -> bool:
    """Copy the data files kept under `kept` into folder: every file its list names (which
    keep_exports writes with them), or False when the list or any file it names is missing
    (a folder that another build is removing, file by file)."""
    try:
        names = (kept / _LISTED).read_text(encoding="utf-8").split("\n")
        if not names or any(not n or "/" in n or n.startswith(".") for n in names):
            return False
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copyfile(kept / name, folder / name)
    except (OSError, UnicodeDecodeError):
        return False
    return True


_LISTED = ".files"  # in a folder of kept data files: their names, a line each


def keep_exports(kept: Path, written: list[Path]) -> None:
    """Keep the data files just written under `kept` for the next build with the same inputs
    (the newest few folders stay)."""
    tmp = None
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=kept.parent, prefix=".exports-"))
        for path in written:
            shutil.copyfile(path, tmp / path.name)
        (tmp / _LISTED).write_text("\n".join(p.name for p in written), encoding="utf-8")
        os.replace(tmp, kept)
        old = sorted(kept.parent.glob("exports-*"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-cache.KEEP]:
            shutil.rmtree(stale, ignore_errors=True)
    except OSError:  # another build kept the same files first, or the disk refused
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def write_sitemap(site: Path, base_url: str, shell: str, addresses: list[str]) -> None:
    """Put the fact pages filled from a shell in the generator's sitemap, in the shell's
    place and with its date (its other-language alternates follow, as they sit in the same
    folder); sitemap.xml.gz is written again with the same header time."""
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
    when = tuple(int(x) for x in stamp.split("-")) + (0, 0, 0)
    prefixes = tuple(vouched or ())
    kept = None
    if cache_root is not None and cache.enabled():
        # BLAKE2b: as sound a key as SHA-256, and half again as fast on the 30 MB of a site
        # of 10,000 facts.
        key = hashlib.blake2b(cache.code_fingerprint() + repr(
            (stamp, folder, base_path, sorted((vouched or {}).items())))
            .encode("utf-8", "surrogateescape"), digest_size=32)
        # A vouched folder counts by its key alone: its names and bytes are what the key says.
        for name, path in _site_files(site, archive, prefixes):
            key.update(name.encode("utf-8", "surrogateescape") + b"\0")
            with open(path, "rb") as f:
                key.update(hashlib.file_digest(f, "blake2b").digest())
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
