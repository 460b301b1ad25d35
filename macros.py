"""Macros adapter: forwards each macro to the site layer (factbook.site), bound to the page
being rendered. The store is loaded and checked once per build; a broken store stops the build
after logging every problem, and a macro that fails names its page and line.

It serves mkdocs-macros and Zensical's port of it alike: Zensical imports no MkDocs and calls
define_env for every page, so the checked site is kept for the process, keyed by the contents
of facts/ and docs/ (an edit gives a new one).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path

from factbook import cache, open_project, templates
from factbook.export import version_date, write_all
from factbook.pages import MACROS
from factbook.site import LOCALES, Site, edition_locale
from factbook.text import one_line

log = logging.getLogger("mkdocs.plugins.factbook")
HINT = "(check the macro call against the table in README.md)"


class MacroError(Exception):
    """A macro call that cannot work, already worded as one editor-ready line."""


try:
    from mkdocs.exceptions import PluginError
except ImportError:  # Zensical: an exception stops its build just the same
    class PluginError(RuntimeError):
        """The build cannot go on."""


def _one_line(error: Exception, markdown: str, page) -> str:
    # mkdocs-macros prints a traceback by default; an editor needs the page, line and cause.
    if isinstance(error, MacroError):
        return one_line(error)
    line, tb = getattr(error, "lineno", None) or 0, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"docs/{_source(page)}:{line}: page: {one_line(error)[:200]} {HINT}"


try:
    from mkdocs_macros.errors import format_error
except ImportError:  # Zensical prints its own message
    pass
else:
    format_error.register(_one_line)


def _source(page) -> str:
    """The page's file under docs/ (MkDocs pages know their File; Zensical's their path)."""
    return getattr(getattr(page, "file", None), "src_uri", None) or getattr(page, "path", "?")


def define_env(env):
    root = Path(env.project_dir)
    extra = env.conf.get("extra") or {}
    languages = tuple(_languages(env.conf))
    key = (str(root), cache.tree_digest(root / "facts"), cache.tree_digest(root / "docs"),
           env.conf.get("site_url"), repr(extra), version_date(root), date.today(), languages,
           Path(__file__).read_bytes())  # how the sites are made is part of what they are
    inputs = hashlib.sha256(repr(key).encode("utf-8", "surrogateescape")).hexdigest()
    sites = cache.memo(key, lambda: _open_sites(env, root, languages, inputs))
    for name in MACROS:
        env.macro(_forward(env, sites, name), name)
    env.variables["factbook_sites"] = sites
    env.variables["factbook_site"] = sites[""]
    env.variables["factbook_folder"] = language_folder(env.conf)  # the edition this build makes


def _languages(conf):
    """(folder, language code) of each edition: the default at the root, others in their
    folder (mkdocs-static-i18n); just the root without it."""
    plugin = _i18n(conf)
    editions = [("", "en")]
    for lang in getattr(getattr(plugin, "config", None), "languages", None) or ():
        if lang.build and not lang.default:
            editions.append((f"{lang.locale}/", lang.locale))
        elif lang.default:
            editions[0] = ("", lang.locale)
    return editions


def _i18n(conf):
    """mkdocs-static-i18n's plugin, when the generator runs it (Zensical lists plugins as data)."""
    plugins = conf.get("plugins") if hasattr(conf, "get") else None
    return plugins.get("i18n") if hasattr(plugins, "get") else None


def language_folder(conf) -> str:
    """The folder of the edition being built: '' for the default language, 'zh/' for Chinese."""
    current = getattr(_i18n(conf), "current_language", None)
    return dict((code, folder) for folder, code in _languages(conf)).get(current, "")


def _open_sites(env, root: Path, languages, inputs: str) -> dict[str, Site]:
    project = open_project(root)
    for problem in project.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if project.errors:
        raise PluginError(f"factbook: the fact store has {len(project.errors)} errors; "
                          "fix them (python -m factbook check) and build again")
    extra = env.conf.get("extra") or {}
    base = env.conf.get("site_url") or ""
    sites = {}
    for folder, code in languages:
        if code not in LOCALES:
            raise PluginError(f"mkdocs.yml: plugins: i18n: no words for language {code!r} "
                              f"(the engine has {', '.join(LOCALES)})")
        try:
            sites[folder] = Site(project, base + folder if base else "", version_date(root),
                                 str(extra.get("issues_url") or ""),
                                 locale=edition_locale(project.store, code),
                                 edition=folder[:-1],
                                 index_limit=int(extra.get("facts_index_limit") or 800),
                                 inputs=inputs)
        except (TypeError, ValueError) as e:
            raise PluginError(f"mkdocs.yml: extra: {one_line(e)} (issues_url: the tracker's "
                              "https address; facts_index_limit: a whole number)") from None
    return sites


def _forward(env, sites: dict[str, Site], name: str):
    def call(*args, **kwargs):
        page = env.page
        url = page.url if page else ""
        folder = next((f for f in sites if f and url.startswith(f)), "")
        try:
            return getattr(sites[folder].at(url[len(folder):]), name)(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - any failure becomes one editor line
            src = _source(page) if page is not None else "?"
            needles = [f"{name}(", *map(str, args), *(f"{k}=" for k in kwargs)]
            line = _line_of(root_docs(env) / src, *needles) or \
                _line_of(root_docs(env) / src, f"{name}(")
            raise MacroError(f"docs/{src}:{line}: {name}: {one_line(e)[:200]} {HINT}") from None
    call.__name__ = name
    return call


def on_pre_page_macros(env):
    """Each page is compiled as a template once, not on every build (factbook.templates)."""
    templates.keep_compiled(getattr(env, "env", None), Path(env.project_dir))


def on_post_build(env):
    """Write the data exports next to the pages, each edition's in its own words."""
    sites = env.variables.get("factbook_sites") or {}
    folder = env.variables.get("factbook_folder", "")
    site = sites.get(folder)
    if site is not None:
        write_all(site.store, Path(env.conf["site_dir"]) / folder / "data", site.site_url,
                  site.locale, cache_root=Path(env.project_dir), inputs=site.inputs)


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
