"""Macros adapter: each macro of the site layer (factbook.site), bound to the page being
rendered. The store is loaded and checked once per build; a broken store stops the build
after logging every problem, and a macro that fails names its page and line. The work is done
in factbook.adapter, shared with Zensical's port of mkdocs-macros, which runs this file too.
"""

from __future__ import annotations

from pathlib import Path

from factbook import adapter, templates
from factbook.adapter import MacroError
from factbook.pages import MACROS

__all__ = ["MacroError", "define_env", "on_pre_page_macros", "on_post_page_macros",
           "on_post_build"]

try:
    from mkdocs.exceptions import PluginError
except ImportError:  # Zensical: an exception stops its build just the same
    PluginError = RuntimeError

try:  # mkdocs-macros prints a traceback by default; an editor needs the page, line and cause
    from mkdocs_macros.errors import format_error
except ImportError:  # Zensical prints its own message
    pass
else:
    @format_error.register
    def _one_line(error: Exception, markdown: str, page) -> str:
        return adapter.error_line(error, page)


def define_env(env):
    try:
        sites = adapter.open_sites(env.conf, Path(env.project_dir), Path(__file__).read_bytes())
    except adapter.SiteError as e:
        raise PluginError(str(e)) from None
    for name in MACROS:
        env.macro(adapter.forward(env, sites, name), name)
    env.variables["factbook_sites"] = sites
    env.variables["factbook_site"] = sites[""]
    env.variables["factbook_folder"] = adapter.language_folder(env.conf)  # this build's edition


def on_pre_page_macros(env):
    """Each page is compiled as a template once, not on every build (factbook.templates), and
    rendered once for the same inputs (adapter.Renderings)."""
    templates.keep_compiled(getattr(env, "env", None), Path(env.project_dir))
    adapter.before_macros(env)


def on_post_page_macros(env):
    adapter.after_macros(env)


def on_post_build(env):
    """Write the data exports next to the pages, each edition's in its own words."""
    folder = env.variables.get("factbook_folder", "")
    site = (env.variables.get("factbook_sites") or {}).get(folder)
    if site is not None:
        adapter.write_exports(site, Path(env.conf["site_dir"]) / folder / "data",
                              Path(env.project_dir))
