"""Fact pages kept from one build to the next of the same site folder.

A store of 10,000 facts has 10,000 fact pages, and a clean build deletes and writes them all
again: about 1 ms a file for the file system alone, whatever the pages hold. When nothing they
are made of has changed, the pages of the last build are kept instead.

Before the generator empties the site folder, each edition's facts/ is moved aside into a
hidden folder (which the generator's clean leaves alone). When the edition's shell page is
rendered, the folder is moved back and its pages are reused if, and only if,
- the key is the same: a SHA-256 of everything the pages are made of (the digest of facts/,
  docs/ and the engine's source that the site was built from, its settings, the rendered shell
  page, the search plugin and the adapter's source), and
- every file is as the last build left it: the same names, sizes, times and inodes.
The pages are outputs: what they are made of is keyed by content, and the file check only
guards against a page changed by hand in the site folder.
Otherwise every page is written again in place and any page no longer made is removed.
The key and the list of files (with the search entries the pages gave) are kept under
`.cache/factbook/`; FACTBOOK_CACHE=off turns the reuse off.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import cache

ASIDE = ".factbook-kept"  # under the site folder: the generator's clean spares hidden names
KEPT_SITES = 8  # the editions of the site folders built last that are remembered


@dataclass
class Manifest:
    """What one build left in an edition's facts/ folder."""

    key: str
    addresses: list[str]  # the pages filled, relative to the edition's folder
    files: str  # a digest of every file's name, size, modification and change time, inode
    search: list[dict] = field(default_factory=list)  # the entries the pages gave the index


def page_key(inputs: str, *parts: str | bytes) -> str | None:
    """The key of an edition's pages: inputs (the site's digest, '' when unknown: never kept)
    and every other part they are made of."""
    if not inputs or not cache.enabled():
        return None
    h = hashlib.sha256(inputs.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def set_aside(site_dir: Path, folders: list[str]) -> None:
    """Before a clean build: move each edition's facts/ (folder '' or 'zh/') aside. A folder
    left aside by a build that failed is dropped."""
    aside = site_dir / ASIDE
    if aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    if not cache.enabled():
        return
    for folder in folders:
        facts = site_dir / folder / "facts"
        if facts.is_dir() and not facts.is_symlink():
            target = aside / folder / "facts"
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(facts, target)
            except OSError:  # left in place: the clean removes it
                pass


def _manifest_name(site_dir: Path, folder: str) -> str:
    where = f"{site_dir.resolve()}\0{folder}".encode("utf-8", "surrogateescape")
    return "kept-" + hashlib.sha256(where).hexdigest()[:24]


def _files(facts: Path) -> tuple[str, set[str]]:
    """A digest of each entry's name, size, times and inode (a rewrite changes the change
    time, which no program can set back), and the names of the files."""
    found = []
    with os.scandir(facts) as entries:
        for e in entries:
            s = e.stat(follow_symlinks=False)
            found.append(f"{e.name}\0{s.st_size} {s.st_mtime_ns} {s.st_ctime_ns} {s.st_ino}"
                         if e.is_file(follow_symlinks=False) else f"{e.name}\0other")
    found.sort()
    digest = hashlib.sha256("\n".join(found).encode("utf-8", "surrogateescape")).hexdigest()
    return digest, {line.split("\0", 1)[0] for line in found}


def restore(root: Path, site_dir: Path, folder: str, key: str | None) -> Manifest | None:
    """Put the edition's facts/ back from aside; the manifest when its pages can be reused
    as they are (None: write them all, then `remember`)."""
    facts = site_dir / folder / "facts"
    aside = site_dir / ASIDE / folder / "facts"
    if aside.is_dir():
        try:
            if facts.exists():  # the generator wrote into facts/ already: keep nothing
                shutil.rmtree(aside, ignore_errors=True)
            else:
                facts.parent.mkdir(parents=True, exist_ok=True)
                os.replace(aside, facts)
        except OSError:
            shutil.rmtree(aside, ignore_errors=True)
        for empty in (aside.parent, *aside.parent.parents):  # what is left aside, if empty
            if empty == site_dir:
                break
            try:
                empty.rmdir()
            except OSError:
                break
    if key is None or not facts.is_dir():
        return None
    manifest = cache.load(root, _manifest_name(site_dir, folder))
    if not isinstance(manifest, Manifest) or manifest.key != key:
        return None
    try:
        if _files(facts)[0] != manifest.files:
            return None
    except OSError:
        return None
    return manifest


def remember(root: Path, site_dir: Path, folder: str, key: str | None, addresses: list[str],
             search: list[dict]) -> None:
    """After every page was written: remove the pages of an earlier build that were not
    written again, and note what the folder now holds for the next build."""
    facts = site_dir / folder / "facts"
    written = {a.rsplit("/", 1)[-1] for a in addresses}
    try:
        _, found = _files(facts)
        for name in found - written:
            path = facts / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        digest, found = _files(facts)
    except OSError:
        return
    if key is None or found != written:
        return
    cache.save(root, _manifest_name(site_dir, folder), Manifest(key, addresses, digest, search),
               keep="kept-", count=KEPT_SITES)
