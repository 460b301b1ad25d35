"""Command line: python -m factbook check | codes | show | where | export | audit | schema."""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import date
from pathlib import Path

from . import cache
from .text import terminal


class _Safe:
    """A stream that never passes a control or invisible character from data to the terminal."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


def open_project(*args, **kwargs):
    """The checked project (imported on use: a check served from the cache needs none of it)."""
    from . import open_project as load

    return load(*args, **kwargs)


def num(value: float) -> str:
    from .check import num as words

    return words(value)


def _today(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _day(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (write YYYY-MM-DD)") from None
    return text


def cmd_check(args) -> int:
    if args.coverage or args.uncovered:
        return _check_coverage(args)
    # The outcome of a check depends on the engine, every byte under facts/ and docs/ and the
    # day: kept under that key, an unchanged project is answered without loading it.
    root, today = Path(args.root), _today(args.today) or date.today()
    key = "|".join([cache.tree_digest(root / "facts", "facts"),
                    cache.tree_digest(root / "docs", "docs"), today.isoformat()])
    outcome, _ = cache.cached(root, "check", hashlib.sha256(key.encode()).hexdigest(),
                              lambda: _outcome(root, today))
    lines, coded, summary, status = outcome
    for line in coded if args.codes else lines:
        print(line)
    print(summary)
    return status


def _outcome(root: Path, today: date) -> tuple[list[str], list[str], str, int]:
    """What `check` prints, with and without codes, its summary line and its exit status."""
    project = open_project(root, today)
    return ([str(p) for p in project.problems], [p.with_code() for p in project.problems],
            _summary(project), 1 if project.errors else 0)


def _summary(project) -> str:
    s = project.store
    return (f"factbook: {len(s.facts)} facts, {len(s.sources)} sources, {len(s.claims)} "
            f"claims, {len(s.rules)} rules, {len(s.entities)} entities; "
            f"{len(project.errors)} errors, {len(project.warnings)} warnings")


def _check_coverage(args) -> int:
    from .check import coverage

    project = open_project(args.root, _today(args.today), checkers=True)
    for p in project.problems:
        print(p.with_code() if args.codes else p)
    # The ×10 test runs every value check twice per fact: only when asked for.
    cov = coverage(project.store, project.context)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(cov.by_kind.items()))
    print(_summary(project) + f"; {cov.covered} of {cov.numeric} numeric facts "
          f"({cov.share:.0%}) are caught by a check when multiplied or divided by ten ({kinds})")
    if args.uncovered and cov.uncovered:
        print("not caught: " + ", ".join(cov.uncovered))
    return 1 if project.errors else 0


def cmd_codes(args) -> int:
    from . import check, load  # noqa: F401  (they register the codes)
    from .model import CODES

    width = max(len(c) for c in CODES)
    for code in sorted(CODES.values(), key=lambda c: c.code):
        lead = "warning: " if code.severity == "warning" else ""
        print(f"{code.code:<{width}}  {lead}{code.meaning}")
    return 0


def cmd_show(args) -> int:
    project = open_project(args.root)
    s = project.store
    rec = s.facts.get(args.id) or s.sources.get(args.id) or s.claims.get(args.id) \
        or s.entities.get(args.id) or s.rules.get(args.id) or s.retired.get(args.id)
    if rec is None:
        print(f"{args.id}: no fact, source, claim, entity or rule has this id", file=sys.stderr)
        return 1
    print(f"{rec.loc.path}:{rec.loc.line}")
    for key, value in rec.model_dump(exclude_none=True, exclude_defaults=False).items():
        if value in ([], None):
            continue
        if isinstance(value, list):
            print(f"{key}:")
            for item in value:
                print(f"  - {item}")
        else:
            print(f"{key}: {num(value) if isinstance(value, float) else value}")
    return 0


def cmd_where(args) -> int:
    project = open_project(args.root)
    s = project.store
    if args.id not in s.facts and args.id not in s.sources and args.id not in s.entities:
        print(f"{args.id}: unknown id", file=sys.stderr)
        return 1
    lines: list[str] = []
    if args.id in s.facts:
        for user in sorted(project.context.used.get(args.id, ())):
            lines.append(user)
    for f in s.facts.values():
        if args.id in (f.subject, f.supersedes) or any(r.source == args.id for r in f.sources):
            lines.append(f"{f.loc.path}:{f.loc.line}: fact {f.id}")
    for c in s.claims.values():
        if args.id in (c.about, c.matches, c.source) or args.id in c.evidence:
            lines.append(f"{c.loc.path}:{c.loc.line}: claim {c.id}")
    for ref in project.pages:
        if ref.id == args.id:
            lines.append(f"{ref.page}:{ref.line}: page")
    for line in dict.fromkeys(lines):
        print(line)
    if not lines:
        print(f"{args.id}: not used anywhere")
    return 0


def cmd_export(args) -> int:
    from .export import write_all

    project = open_project(args.root)
    if project.errors:
        for p in project.errors:
            print(p)
        print(f"factbook: not exported: {len(project.errors)} errors")
        return 1
    try:
        written = write_all(project.store, Path(args.dir))
    except OSError as e:
        print(f"{args.dir}: cannot write the exports ({e.strerror or e}) "
              "(name a folder you can write to, with room on its disk)")
        return 1
    for path in written:
        print(path)
    return 0


def cmd_audit(args) -> int:
    from .audit import audit_site
    from .project import digest_of

    site = Path(args.site)
    if not site.is_dir():
        what = "is a file, not a folder" if site.exists() else "does not exist"
        print(f"{args.site}: the site folder {what} (build it first: make site)")
        return 1
    root = Path(args.root)
    keys = (digest_of(root, "facts"), digest_of(root, "docs"))
    project = open_project(root, digests=keys)
    # The pages that did not change since the last audit of the same store are not read again.
    problems, pages = audit_site(site, project.store, root, store_key=keys[0])
    for p in problems:
        print(p)
    if not pages:
        print(f"{args.site}: the site folder holds no pages (build it first: make site)")
        return 1
    print(f"factbook audit: {pages} pages read, {len(problems)} untraced or mismatched figures")
    return 1 if problems else 0


def cmd_schema(args) -> int:
    import json

    from .model import StoreFile

    print(json.dumps(StoreFile.model_json_schema(), indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factbook", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder holding facts/ and docs/")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="check the store and the pages' references")
    p.add_argument("--today", type=_day, help="check as if today were this date (YYYY-MM-DD)")
    p.add_argument("--coverage", action="store_true",
                   help="also count the facts a check catches when multiplied or divided by ten")
    p.add_argument("--uncovered", action="store_true",
                   help="list the facts no check catches that way (implies --coverage)")
    p.add_argument("--codes", action="store_true",
                   help="end each problem line with its code in brackets (factbook codes)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("codes", help="list every problem code with its meaning")
    p.set_defaults(func=cmd_codes)
    p = sub.add_parser("show", help="print one fact, source, claim, entity or rule")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("where", help="list the rules, formulas, claims and pages using an id")
    p.add_argument("id")
    p.set_defaults(func=cmd_where)
    p = sub.add_parser("export", help="write the data files the site publishes (facts as "
                       "JSON and CSV; sources as JSON, BibTeX and CSL-JSON)")
    p.add_argument("dir")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("audit", help="audit the built pages: every figure traced to a fact")
    p.add_argument("site", help="the built site folder")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("schema", help="print the JSON Schema of the store files")
    p.set_defaults(func=cmd_schema)
    sys.stdout, sys.stderr = _Safe(sys.stdout), _Safe(sys.stderr)
    try:
        args = parser.parse_args(argv)
        return args.func(args)
    except BrokenPipeError:  # the reader stopped reading (| head): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        sys.stdout, sys.stderr = sys.stdout.stream, sys.stderr.stream


if __name__ == "__main__":
    sys.exit(main())
