"""Pages compiled once: mkdocs-macros reads every page as a Jinja template, and compiling one
takes about 10 ms on every build (10 s for a site of 1,000 pages). The compiled code of each
page is kept, as Jinja's own bytecode cache keeps file templates, under `.cache/factbook/`,
found by the SHA-256 of the page's source and of the settings that shape the code. Only the
compiling is skipped: every macro still runs, against the store of this build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import cache

KEEP = 5000  # compiled pages kept; past it the oldest half goes


def keep_compiled(env, root: Path) -> None:
    """Make env (a jinja2.Environment) reuse the compiled code of pages it has compiled
    before; nothing when the cache is off or env is no Jinja environment."""
    import jinja2
    from jinja2.bccache import FileSystemBytecodeCache

    if not isinstance(env, jinja2.Environment) or not cache.enabled() or \
            getattr(env, "factbook_compiled", False):
        return
    folder = root / cache.FOLDER / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _prune(folder)
    except OSError:
        return
    store = FileSystemBytecodeCache(str(folder))
    # No folding of constant expressions at compile time: a filter that reads the page being
    # rendered would leave one page's answer in code another page with the same source reuses.
    env.optimized = False
    settings = repr((jinja2.__version__, env.block_start_string, env.block_end_string,
                     env.variable_start_string, env.variable_end_string,
                     env.comment_start_string, env.comment_end_string,
                     env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                     env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                     sorted(env.extensions), env.optimized, env.is_async,
                     getattr(env.autoescape, "__qualname__", env.autoescape)))
    compile_anew = env.from_string

    def from_string(source, globals=None, template_class=None):
        if not isinstance(source, str):
            return compile_anew(source, globals, template_class)
        name = hashlib.sha256((settings + "\0" + source).encode("utf-8", "surrogatepass"))
        bucket = store.get_bucket(env, name.hexdigest(), None, source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            try:
                store.set_bucket(bucket)
            except OSError:
                pass
        cls = template_class or env.template_class
        return cls.from_code(env, bucket.code, env.make_globals(globals), None)

    env.from_string = from_string
    env.factbook_compiled = True


def _prune(folder: Path) -> None:
    entries = list(folder.glob("__jinja2_*.cache"))
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) // 2]:
        old.unlink(missing_ok=True)
