"""mkdocs-macros adapter: forwards each macro to the site layer (factbook.site), bound to the
page being rendered. The store is loaded and checked once per build; a broken store stops the
build after logging every problem, and a macro that fails names its page and line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs_macros.errors import format_error

from factbook import open_project
from factbook.export import version_date, write_all
from factbook.pages import MACROS
from factbook.site import Site
from factbook.text import one_line

log = logging.getLogger("mkdocs.plugins.factbook")
HINT = "(check the macro call against the table in README.md)"


class MacroError(Exception):
    """A macro call that cannot work, already worded as one editor-ready line."""


@format_error.register
def _one_line(error: Exception, markdown: str, page) -> str:
    # mkdocs-macros prints a traceback by default; an editor needs the page, line and cause.
    if isinstance(error, MacroError):
        return one_line(error)
    line, tb = getattr(error, "lineno", None) or 0, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"docs/{page.file.src_path}:{line}: page: {one_line(error)[:200]} {HINT}"


def define_env(env):
    root = Path(env.project_dir)
    project = open_project(root)
    for problem in project.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if project.errors:
        raise PluginError(f"factbook: the fact store has {len(project.errors)} errors; "
                          "fix them (python -m factbook check) and build again")
    extra = env.conf.get("extra") or {}
    try:
        site = Site(project, env.conf.get("site_url") or "", version_date(root),
                    str(extra.get("issues_url") or ""))
    except ValueError as e:
        raise PluginError(f"mkdocs.yml: extra: {one_line(e)} (use the tracker's https address)"
                          ) from None
    for name in MACROS:
        env.macro(_forward(env, site, name), name)
    env.variables["factbook_site"] = site


def _forward(env, site: Site, name: str):
    def call(*args, **kwargs):
        page = env.page
        try:
            return getattr(site.at(page.url if page else ""), name)(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - any failure becomes one editor line
            src = page.file.src_uri if page is not None else "?"
            needles = [f"{name}(", *map(str, args), *(f"{k}=" for k in kwargs)]
            line = _line_of(root_docs(env) / src, *needles) or \
                _line_of(root_docs(env) / src, f"{name}(")
            raise MacroError(f"docs/{src}:{line}: {name}: {one_line(e)[:200]} {HINT}") from None
    call.__name__ = name
    return call


def on_post_build(env):
    """Write the data exports next to the pages."""
    site = env.variables.get("factbook_site")
    if site is not None:
        write_all(site.store, Path(env.conf["site_dir"]) / "data", site.site_url)


def root_docs(env) -> Path:
    return Path(env.project_dir) / "docs"


def _line_of(path: Path, *needles: str) -> int:
    """The first line of a page holding every needle (0 when none does)."""
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if all(n in line for n in needles):
                return i
    except OSError:
        pass
    return 0
