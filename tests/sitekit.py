"""Build a site with MkDocs in a process of its own and read its HTML back."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import yaml


def _commit_time() -> str:
    run = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent)
    return run.stdout.strip() or "315532800"


# As the Makefile does: dates in the build come from the last commit, not the clock.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # see Makefile
ENV["NO_MKDOCS_2_WARNING"] = "1"
ENV.setdefault("SOURCE_DATE_EPOCH", _commit_time())


def mkdocs_build(root: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of root into site, in a process of its own (forked by the build
    server, which has the imports done); env adds variables for this build only."""
    args = ["build", "--strict", "--site-dir", str(site)]
    server = _build_server()
    if server is None:
        return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root,
                              capture_output=True, text=True, env={**ENV, **env})
    with tempfile.TemporaryDirectory(prefix="factbook-build-") as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        out.touch()
        err.touch()
        request = {"root": str(Path(root).resolve()), "args": args, "env": {**ENV, **env},
                   "stdout": str(out), "stderr": str(err)}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            if not _connect(conn, server):
                return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root,
                                      capture_output=True, text=True, env={**ENV, **env})
            conn.sendall(json.dumps(request).encode() + b"\n")
            status = b""
            while chunk := conn.recv(64):  # closed when the build's process has ended
                status += chunk
        code = int(status) if status.strip() else 1
        return subprocess.CompletedProcess([sys.executable, "-m", "mkdocs", *args], code,
                                           out.read_text(), err.read_text())


def _connect(conn: socket.socket, path: str) -> bool:
    """Connect to a build server, waiting for a shared one that is still starting (its socket
    appears a moment after it is started); False if it never answers."""
    deadline = time.monotonic() + 60
    while True:
        try:
            conn.connect(path)
            return True
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


_SERVER: dict[str, str | None] = {}
_SERVER_LOCK = threading.Lock()
# Set before the first build of a process that builds Chinese pages (the real site).
PRELOAD_CHINESE = False
# The socket of a build server that a test run's controlling process started for its own builds
# and for its pytest-xdist workers' (see share_server), which inherit it.
SHARED = "FACTBOOK_BUILD_SERVER"


def _build_server() -> str | None:
    """The socket of this process's build server (tests/buildserver.py), or of the one it
    shares, started on first use; None where it cannot run (then each build is a plain
    subprocess)."""
    with _SERVER_LOCK:
        if "path" not in _SERVER:
            _SERVER["path"] = os.environ.get(SHARED) or _start_server()
        return _SERVER["path"]


def share_server() -> None:
    """Start this process's build server now, without waiting for its imports (builds wait for
    them), and hand its socket to the processes this one starts: one server's imports and
    dictionary for a whole run instead of one per worker."""
    with _SERVER_LOCK:
        _SERVER["path"] = _start_server(wait=False)
    if _SERVER["path"]:
        os.environ[SHARED] = _SERVER["path"]


def _start_server(wait: bool = True) -> str | None:
    if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
        return None
    folder = tempfile.mkdtemp(prefix="factbook-buildserver-")
    path = os.path.join(folder, "socket")
    command = [sys.executable, str(Path(__file__).with_name("buildserver.py")), path]
    server = subprocess.Popen(command + (["--chinese"] if PRELOAD_CHINESE else []), env=ENV,
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE if wait else subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, text=True)
    if wait and server.stdout.readline().strip() != "ready":
        server.kill()
        server.wait()
        server.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)
        return None

    def stop():
        server.terminate()
        server.wait()
        if server.stdout:
            server.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    return path


class Links(HTMLParser):
    """Every id and every href/src of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.facts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if "data-fact" in a:
            self.facts.append(a | {"tag": tag})


def read(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def is_internal(href: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", href) and not href.startswith("//")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, resolving !ENV [NAME, default] to its default."""


def _env(loader, node):
    values = loader.construct_sequence(node)
    return os.environ.get(values[0], values[-1]) if len(values) > 1 else os.environ.get(values[0])


_ConfigLoader.add_constructor("!ENV", _env)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=_ConfigLoader)


ROOT = Path(__file__).resolve().parent.parent


def mini_site(tmp_path: Path, page: str, extra_facts: str = "",
              more_pages: dict[str, str] | None = None, editions: bool = False) -> Path:
    """A small project built with the real adapter, theme and plugins; with editions, the
    Chinese one too (the pages fall back to English words, the figures are Chinese)."""
    root = tmp_path / "proj"
    (root / "docs").mkdir(parents=True)
    (root / "facts").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "base.yaml", root / "facts" / "base.yaml")
    if extra_facts:
        (root / "facts" / "extra.yaml").write_text(extra_facts)
    shutil.copy(ROOT / "macros.py", root / "macros.py")
    shutil.copy(ROOT / "hooks.py", root / "hooks.py")
    (root / "factbook").symlink_to(ROOT / "factbook")
    (root / "overrides").symlink_to(ROOT / "overrides")
    config = read_config(ROOT / "mkdocs.yml")
    config["nav"] = [{"Home": "index.md"}, {"Facts": "facts.md"}, {"Sources": "sources.md"}]
    for name, text in (more_pages or {}).items():
        (root / "docs" / name).write_text(text)
        config["nav"].append({name.removesuffix(".md").title(): name})
    if not editions:
        config["plugins"] = [p for p in config["plugins"]
                             if not (isinstance(p, dict) and "i18n" in p)]
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    # The local shim keeps the offline plugin from loading one from a CDN.
    vendor = Path("javascripts") / "vendor"
    shutil.copytree(ROOT / "docs" / vendor, root / "docs" / vendor)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
    (root / "docs" / "index.md").write_text(page)
    (root / "docs" / "facts.md").write_text("# Facts\n\n{{ facts_index() }}\n")
    (root / "docs" / "sources.md").write_text("# Sources\n\n{{ sources_list() }}\n")
    return root
