"""Fact pages kept from one build to the next of the same site folder.

A store of 10,000 facts has 10,000 fact pages, and a clean build deletes and writes them all
again: about 1 ms a file for the file system alone, whatever the pages hold, and as much again
for the search plugin to read each one. What the last build made from the same things is kept.

Before the generator empties the site folder, each edition's facts/ is moved aside into a
hidden folder (which the generator's clean leaves alone). When the edition's shell page is
rendered, the folder is moved back, and `make` decides, for an intact folder (every file as the
last build left it: the same names, sizes, times and inodes):
- the same key (a SHA-256 of the site's inputs, the digest of facts/, docs/, the engine's
  source and the settings, and of the frame: the rendered shell page, the search plugin and
  the adapter's source): every page and search entry is kept as it is, none is made;
- the same frame only (a figure was edited): each page is made, and written and read for
  search only if its title, description or body differ from the last build's;
- otherwise, or when the folder was touched: every page is written again.
Pages no longer made are removed. The pages are outputs: what they are made of is keyed by
content, and the file check only guards against a page changed by hand in the site folder.
The keys, the files' digest, each page's digest and the search entries are kept under
`.cache/factbook/`; FACTBOOK_CACHE=off turns the reuse off.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import cache

ASIDE = ".factbook-kept"  # under the site folder: the generator's clean spares hidden names
KEPT_SITES = 8  # the editions of the site folders built last that are remembered


@dataclass
class Manifest:
    """What one build left in an edition's facts/ folder."""

    key: str
    frame: str  # the key's part that is not the site's inputs (the shell, the adapter)
    addresses: list[str]  # the pages filled, relative to the edition's folder
    files: str  # a digest of every file's name, size, modification and change time, inode
    search: list[dict] = field(default_factory=list)  # the entries the pages gave the index
    # by address: the digest of the page's parts and where its entries lie in `search`
    pages: dict[str, tuple[str, int, int]] = field(default_factory=dict)


def digest(*parts: str | bytes | None) -> str:
    """SHA-256 of parts, each told apart from the next (None is not '')."""
    h = hashlib.sha256()
    for part in parts:
        data = b"\xff" if part is None else \
            part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
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


def give_back(site_dir: Path) -> None:
    """After a build that failed: every edition's facts/ back from aside where the folder is
    free (the next build may keep its pages), else dropped; nothing stays aside."""
    aside = site_dir / ASIDE
    if not aside.is_dir():
        return
    for facts in sorted(aside.rglob("facts"), key=lambda p: len(p.parts)):
        target = site_dir / facts.relative_to(aside)
        if facts.is_dir() and not target.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(facts, target)
            except OSError:
                pass
    shutil.rmtree(aside, ignore_errors=True)


def write(path: Path, text: str) -> None:
    """Write a page as a new file that takes the place of the old one: a page kept from the
    last build may be a link to another file, which must not change."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)  # (a link left there is removed, never followed)
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "w",
              encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


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


def _restore(root: Path, site_dir: Path, folder: str) -> tuple[Manifest | None, bool]:
    """Put the edition's facts/ back from aside: the last build's manifest if the folder is
    as that build left it, and whether the folder came back (then all it holds is the last
    build's, and what is not made again goes)."""
    facts = site_dir / folder / "facts"
    aside = site_dir / ASIDE / folder / "facts"
    back = False
    if aside.is_dir():
        try:
            if facts.exists():  # the generator wrote into facts/ already: keep nothing
                shutil.rmtree(aside, ignore_errors=True)
            else:
                facts.parent.mkdir(parents=True, exist_ok=True)
                os.replace(aside, facts)
                back = True
        except OSError:
            shutil.rmtree(aside, ignore_errors=True)
        for empty in (aside.parent, *aside.parent.parents):  # what is left aside, if empty
            if empty == site_dir:
                break
            try:
                empty.rmdir()
            except OSError:
                break
    if not back or not cache.enabled():
        return None, back
    manifest = cache.load(root, _manifest_name(site_dir, folder))
    try:
        if isinstance(manifest, Manifest) and _files(facts)[0] == manifest.files:
            return manifest, back
    except OSError:
        pass
    return None, back


def make(root: Path, site_dir: Path, folder: str, inputs: str, frame: str, pages: Iterable,
         write: Callable[[str, str, str | None, str], None],
         index: Callable[[str, str, str], None] | None,
         entries: list | None) -> tuple[list[str], str | None]:
    """Make an edition's pages under facts/, keeping what the last build made the same way.

    pages gives (address, title, description, body, searched), as Site.shell_pages does;
    write(address, title, description, body) writes one page; index(address, title,
    searched) adds a page's search entries to `entries` (the search index's list). Returns
    the addresses of the pages, in order, and the key of all that facts/ holds (None when
    unknown, or when it holds files of the generator's too)."""
    last, back = _restore(root, site_dir, folder)
    key = digest(inputs, frame) if inputs and cache.enabled() else None
    if last is not None and key is not None and last.key == key and \
            (entries is not None or not last.search):
        if entries is not None:
            entries.extend(last.search)
        return last.addresses, key
    same_frame = last is not None and last.frame == frame
    (site_dir / folder / "facts").mkdir(parents=True, exist_ok=True)
    entries = entries if entries is not None else []
    addresses: list[str] = []
    search: list[dict] = []
    made: dict[str, tuple[str, int, int]] = {}
    for address, title, description, body, searched in pages:
        parts = digest(address, title, description, searched, body)
        first = len(entries)
        before = last.pages.get(address) if same_frame else None
        if before is not None and before[0] == parts:
            entries.extend(last.search[before[1]:before[2]])
        else:
            write(address, title, description, body)
            if index is not None and searched is not None:
                index(address, title, searched)
        made[address] = (parts, len(search), len(search) + len(entries) - first)
        search.extend(entries[first:])
        addresses.append(address)
    only = _remember(root, site_dir, folder, back,
                     Manifest(key or "", frame, addresses, "", search, made))
    return addresses, key if only else None


def _remember(root: Path, site_dir: Path, folder: str, back: bool, manifest: Manifest) -> bool:
    """After every page was made: in a folder that came back, remove what was not made
    again; note what the folder now holds for the next build. True if it holds nothing else
    than the pages made."""
    facts = site_dir / folder / "facts"
    written = {a.rsplit("/", 1)[-1] for a in manifest.addresses}
    try:
        if back:
            for name in _files(facts)[1] - written:
                path = facts / name
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        manifest.files, found = _files(facts)
    except OSError:
        return False
    if found != written:
        return False
    if manifest.key:
        cache.save(root, _manifest_name(site_dir, folder), manifest, keep="kept",
                   count=KEPT_SITES)
    return True
