"""A cache of loaded stores, keyed by the contents of every input, never by dates or sizes.

`make check` loads the store three times (the check, the build, the audit) and a build at
10,000 facts spends most of its start in YAML. The key is a SHA-256 of the engine's own source,
the Python and pydantic versions, and the name and bytes of every file under facts/: any edit,
even one that keeps a file's size and time, gives a new key, so a stale entry can never be
served. A cache that cannot be read or written is skipped, never an error.

The cache lives in `.cache/factbook/` under the project (FACTBOOK_CACHE=off turns it off).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FOLDER = Path(".cache") / "factbook"
KEEP = 4  # entries of one kind kept: a few branches' worth, never unbounded


@cache
def code_fingerprint() -> bytes:
    """The engine's source and the versions that shape what a load produces."""
    from importlib.metadata import version

    versions = "|".join(version(p) for p in ("pydantic", "PyYAML", "Babel", "MarkupSafe",
                                              "Jinja2"))
    h = hashlib.sha256(f"{sys.version}|{versions}".encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.digest()


def tree_digest(folder: Path, salt: str = "") -> str:
    """SHA-256 over salt (what else the result depends on) and the relative name, kind and
    bytes of every entry under folder."""
    h = hashlib.sha256(code_fingerprint() + salt.encode("utf-8", "surrogateescape") + b"\0")
    if not folder.is_dir():
        h.update(b"missing")
        return h.hexdigest()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(b"f" + path.read_bytes() if path.is_file() else b"d" if path.is_dir()
                     else b"other")
        except OSError:
            h.update(b"unreadable")
        h.update(b"\0")
    return h.hexdigest()


def enabled() -> bool:
    return os.environ.get("FACTBOOK_CACHE", "").lower() not in ("off", "0", "no", "false")


def cached(root: Path, kind: str, key: str, compute: Callable[[], T]) -> tuple[T, bool]:
    """compute(), or the value an earlier call stored under the same kind and key; the flag
    says whether the cache served it."""
    value = load(root, f"{kind}-{key}", _MISSING)
    if value is not _MISSING:
        return value, True
    value = compute()
    save(root, f"{kind}-{key}", value, keep=kind)
    return value, False


_MISSING = object()


def load(root: Path, name: str, default=None):
    """The value saved under name (default when there is none, or it cannot be read)."""
    if not enabled():
        return default
    try:
        with (root / FOLDER / f"{name}.pickle").open("rb") as f:
            return _unpickle(pickle.load, f)
    except Exception:  # noqa: BLE001 - missing, truncated or from another version: recompute
        return default


def holds(root: Path, name: str) -> bool:
    """Whether the cache has an entry under name (it may still fail to load)."""
    return enabled() and (root / FOLDER / f"{name}.pickle").is_file()


def _unpickle(read: Callable, source):
    # Tens of thousands of records come back at once: the cyclic collector would walk them
    # again and again as they are made (it took half the time at 10,000 facts).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return read(source)
    finally:
        if collecting:
            gc.enable()


def renewed(root: Path, name: str, value: T, keep: str = "", count: int = KEEP) -> T:
    """Save value under name as `save` does, and return the copy the next `load` will give,
    made afresh from the saved bytes once value is let go (the caller holds no other
    reference to it): what made value, and let go of, no longer lies between its parts.
    Value itself when the cache is off or value cannot be pickled."""
    if not enabled():
        return value
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not picklable: kept in memory only
        return value
    del value
    _write(root, name, data, keep, count)
    return _unpickle(pickle.loads, data)


def save(root: Path, name: str, value: object, keep: str = "", count: int = KEEP) -> None:
    """Keep value under name for `load` (replacing the last); a disk that refuses is skipped.
    With keep (a kind: names '<kind>-…'), only the newest `count` entries of that kind stay."""
    if enabled():
        _write(root, name, value, keep, count)


def _write(root: Path, name: str, value: object, keep: str, count: int) -> None:
    """value (or bytes pickled already) into the cache file name."""
    folder, tmp = root / FOLDER, None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as f:
            tmp = f.name
            if isinstance(value, bytes):
                f.write(value)
            else:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{name}.pickle")
        if keep:
            _prune(folder, keep, count)
    except Exception:  # noqa: BLE001 - a read-only or full disk only costs the next build
        if tmp:
            Path(tmp).unlink(missing_ok=True)


_MEMO: dict = {}


def memo(key: tuple, compute: Callable[[], T]) -> T:
    """compute() once per process for a key (which must hold every input it depends on)."""
    if key not in _MEMO:
        _MEMO.clear()  # one site at a time: a new key means the files changed
        _MEMO[key] = compute()
    return _MEMO[key]


def _prune(folder: Path, kind: str, count: int = KEEP) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[count:]:
        old.unlink(missing_ok=True)
