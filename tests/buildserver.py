"""A process that imports MkDocs, its theme, plugins and their libraries once and then forks a
child for each `mkdocs build` asked of it (sitekit.mkdocs_build): a build no longer pays about a
second of CPU for the imports, and each still runs in a process of its own, as
`python -m mkdocs build` run in the project's folder would.

The engine (factbook) and the project's hooks.py and macros.py are not imported here: each
build imports them from its own project, with its own environment.

With --chinese it loads jieba's dictionary too, for builds of Chinese pages.

Protocol, over a Unix socket: one JSON line {root, args, env, stdout, stderr} per connection;
the child writes its exit status as one line and the connection closes when it has exited.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import sys
import traceback

PRELOAD = [
    "mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.plugins",
    "mkdocs.theme", "mkdocs.structure.files", "mkdocs.structure.pages", "mkdocs.livereload",
    "material.plugins.search.plugin", "material.plugins.offline.plugin", "material.extensions",
    "mkdocs_static_i18n", "mkdocs_static_i18n.plugin", "mkdocs_macros", "mkdocs_macros.plugin",
    "markdown", "markdown.extensions.toc", "markdown.extensions.attr_list",
    "markdown.extensions.tables", "markdown.extensions.admonition", "pymdownx", "jinja2",
    "yaml", "pydantic", "jieba", "babel", "dateutil", "pygments", "requests", "pkg_resources",
    "hjson", "pathspec", "backrefs", "zoneinfo", "email", "uuid", "zipfile",
]


def _preload(chinese: bool) -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module this project does not use is no loss
            pass
    try:  # the entry points MkDocs looks up for every build
        from mkdocs.utils import get_theme_names
        get_theme_names()
    except Exception:  # noqa: BLE001
        pass
    if chinese:  # jieba's dictionary (about 1.7 s of CPU), which search reads for Chinese text
        try:
            import jieba

            jieba.initialize()
        except Exception:  # noqa: BLE001
            pass


def _child(conn: socket.socket, request: dict) -> None:
    os.chdir(request["root"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = request["root"]  # `python -m` puts the working folder first
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        out = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(out, fd)
        os.close(out)
    sys.argv = ["mkdocs", *request["args"]]
    code = 1
    try:
        from mkdocs.__main__ import cli

        cli.main(args=request["args"], prog_name="python -m mkdocs")
        code = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            print(e.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - printed as the interpreter would, status 1
        traceback.print_exc()
    conn.sendall(f"{code}\n".encode())
    sys.exit(code)  # the interpreter's own exit: atexit handlers, flushed streams


def _reap(block: bool = False) -> None:
    """Wait for the builds that have ended (for all of them with block), so that their CPU time
    counts as the server's and so as the test run's (`time make test`)."""
    try:
        while os.waitpid(-1, 0 if block else os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


class _Stop(Exception):
    """SIGTERM: the test process is ending."""


def _stop(signum, frame):
    raise _Stop


def serve(path: str, chinese: bool) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # before the imports: a build asked meanwhile waits for them
    listener.listen(64)
    listener.settimeout(1.0)
    _preload(chinese)
    signal.signal(signal.SIGTERM, _stop)  # ends as below, having waited for its builds
    parent = os.getppid()
    print("ready", flush=True)
    try:
        while os.getppid() == parent:  # ends with the test process that started it
            _reap()
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(None)
            with conn.makefile("r", encoding="utf-8") as lines:
                request = json.loads(lines.readline())
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                listener.close()
                _child(conn, request)
            conn.close()
    except _Stop:
        pass
    listener.close()
    _reap(block=True)
    try:
        os.unlink(path)
        os.rmdir(os.path.dirname(path))
    except OSError:
        pass


if __name__ == "__main__":
    serve(sys.argv[1], "--chinese" in sys.argv[2:])
