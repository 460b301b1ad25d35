"""YAML files -> typed records, each remembering its file and the line of every field.

Safe loading only (libyaml's CSafeLoader where present). Syntax errors, duplicate keys, schema
errors and duplicate ids become Problems; loading goes on so that one run reports everything.

YAML 1.1 reinterprets some plain words in silence: 0123 is 83, 0x1F is 31, 1:30 is 90, 1e-400 is
0, no and off are false, ~ is null. The loader refuses each with the reading YAML would give, and
refuses aliases (a recursive or exponential alias would hang the walk) and invisible characters.
A record with such a value is reported and left out; its id is kept as broken, so the errors its
absence causes elsewhere are summed up after it instead of printed one by one.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.composer import ComposerError

from .model import (
    LANGUAGE,
    SECTIONS,
    TRANSLATABLE,
    Loc,
    Problem,
    Record,
    Store,
    Translations,
    register,
)
from .text import terminal, unsafe_char
from .translations import LANGUAGE_NAMES

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.1 reads 113.1e9 as a string; editors mean a number.
_DECIMAL = re.compile(r"^[-+]?[1-9][0-9]*$|^0$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?(0|[1-9][0-9]*)\.?$")
_SCI = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$")
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.ya?ml)?$")
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]", re.M)
MAX_DIGITS = 18  # base units of money fit in 15 digits; more is a typo, or an attack on int()
_WORDS = {"tag:yaml.org,2002:bool": "true or false", "tag:yaml.org,2002:null": "null"}
NUMBER_HINT = "write a plain decimal number (123, 0.255, 113.1e9), or quote it to keep it as text"

# The problems loading can find, one code each (`factbook codes` lists them all).
NO_FOLDER = register("store.no-folder", "the facts folder does not exist")
NOT_A_FILE = register("file.not-a-file", "a *.yaml name under facts/ is a folder or a broken link")
BAD_NAME = register("file.bad-name", "a store file's name holds other than a-z, 0-9, - and _")
NOT_UTF8 = register("file.not-utf8", "a store file is not UTF-8 text")
UNREADABLE = register("file.unreadable", "a store file cannot be read (permissions)")
NOT_MAPPING = register("file.not-a-mapping", "a store file is not a mapping of sections")
SYNTAX = register("yaml.syntax", "a YAML syntax error: the file did not parse")
ALIAS = register("yaml.alias", "a YAML alias (*name) or merge key (<<): write each record in full")
KEY_NOT_TEXT = register("yaml.key-not-text", "a mapping key is a list or mapping, not plain text")
TOO_DEEP = register("yaml.too-deep", "a file nests too deeply or is too large to parse")
DUPLICATE_KEY = register("yaml.duplicate-key", "a key appears twice in one mapping")
YAML_WORD = register("yaml.word", "a plain word YAML reads as true, false or null (no, off, ~)")
NOT_DECIMAL = register("value.not-decimal", "a number that is not plain decimal (0123, 0x1F, "
                       "1:30), or out of range (1e-400)")
TOO_MANY_DIGITS = register("value.too-many-digits", "a number with more than 18 digits")
INVISIBLE = register("text.invisible-character", "text or a key holds an invisible or control "
                     "character")
UNKNOWN_SECTION = register("section.unknown", "a top-level key that is not a store section")
NOT_A_LIST = register("section.not-a-list", "a section that is not a list of records")
NOT_A_RECORD = register("record.not-a-mapping", "a list item that is not a mapping of fields")
DUPLICATE_ID = register("record.duplicate-id", "two records of one kind share an id")
MISSING_FIELD = register("schema.missing-field", "a required field is missing")
UNKNOWN_FIELD = register("schema.unknown-field", "a field the format does not know (a typo?)")
BAD_ID = register("schema.bad-id", "an id, or another patterned field, is not well-formed")
NOT_ALLOWED = register("schema.not-allowed", "a value outside its field's list (kind, unit, "
                       "bound, status, verdict)")
BAD_TOLERANCE = register("schema.bad-tolerance", "a tolerance that is negative, not finite, or "
                         "neither a number nor a percentage")
BAD_FIGURE = register("schema.bad-figure", "a value or statement that is yes/no, not finite, "
                      "or neither a number nor a date")
INVALID = register("schema.invalid", "a field of the wrong type or shape (see facts/FORMAT.md)")
T_SHAPE = register("translation.bad-shape", "the translations, one of their sections or records "
                   "is not a mapping, or a text is not text")
T_LANGUAGE = register("translation.language", "the translations name no language, a malformed "
                      "one, or English (the store's own)")
T_SECTION = register("translation.unknown-section", "a section of the translations that is not "
                     "a kind of record with words")
T_FIELD = register("translation.not-translatable", "a field that is not translatable for that "
                   "kind of record (figures, units, periods, ids, titles)")
T_EMPTY = register("translation.empty", "an empty text in the translations")


class _Issue(Exception):
    """A value the loader refuses; its record is reported and left out."""

    def __init__(self, line: int, message: str, hint: str, code: str = NOT_DECIMAL):
        self.line, self.message, self.hint, self.code = line, message, hint, code


class _Duplicate(Exception):
    def __init__(self, key: str, line: int, first: int):
        self.key, self.line, self.first = key, line, first


def _number(tag: str, text: str, mark) -> int | float:
    """A plain decimal, or _Issue naming what YAML would have made of it."""
    line = mark.line + 1
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_DIGITS:
        raise _Issue(line, f"the number {text[:24]}… has {digits} digits, more than "
                     f"{MAX_DIGITS}", "write the value in base units; check for a typo",
                     TOO_MANY_DIGITS)
    if tag.endswith(":int") and _DECIMAL.match(text):
        return int(text)
    if tag.endswith(":float") and (_FLOAT.match(text) or _SCI.match(text)):
        value = float(text)
        mantissa = re.split(r"[eE]", text)[0]
        if math.isinf(value) or (value == 0 and any(c in "123456789" for c in mantissa)):
            raise _Issue(line, f"'{text}' is out of range (YAML would read it as {value})",
                         NUMBER_HINT)
        return value
    try:
        reading = repr(yaml.safe_load(text))
    except (yaml.YAMLError, ValueError):
        reading = "something else"
    raise _Issue(line, f"'{text}' is not a plain decimal number (YAML would read it as "
                 f"{reading})", NUMBER_HINT)


def _owner(path: tuple) -> tuple:
    """The record a path lies in: (section, index), or (translations, section, id)."""
    return path[:3] if path[:1] == ("translations",) else path[:2]


class _Stop(Exception):
    """An error of the YAML stream itself (syntax, alias, anchor, documents): raised as is."""

    def __init__(self, error: Exception):
        self.error = error


_STR = "tag:yaml.org,2002:str"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_OPEN = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


class _Reader:
    """One file's YAML events walked into plain data, with the line of every path.

    Each value is made as the parser hands it over, and no node of the file outlives it (the
    node graph of a file of 10,000 records took 200 MB). A broken file reports one error: a
    syntax error or an alias, whichever comes first in the file; else a duplicate anchor or a
    second document; else the first refused key (twice in a mapping, not text, a merge key).
    In a file with no `*name` in it, a duplicate anchor or a second document is reported where
    it is met, before any syntax error after it.
    """

    def __init__(self, text: str):
        self.loader = Loader(text)
        self.eager = not _ALIAS.search(text)
        self.anchors: dict[str, Any] = {}  # anchor -> where it was first set
        self.first_document = True
        self.deferred: Exception | None = None  # a duplicate anchor or a second document

    def read(self, lines: dict[tuple, int], issues: dict) -> Any:
        """The document's data (None for an empty stream); raises the file's error."""
        try:
            self._event()  # the stream's start
            if type(self._event()) is yaml.StreamEndEvent:
                return None
            root = self._event()
            refused: Exception | None = None
            try:
                data = self._walk(root, (), lines, issues)
            except _Stop:
                raise
            except Exception as e:  # noqa: BLE001 - raised once the rest of the file is read
                refused = e
                while type(self._event()) is not yaml.DocumentEndEvent:
                    pass
            else:
                self._event()  # the document's end
            event = self._event()
            if type(event) is not yaml.StreamEndEvent:
                self.first_document = False
                self._composer_error(ComposerError(
                    "expected a single document in the stream", root.start_mark,
                    "but found another document", event.start_mark))
                while type(self._event()) is not yaml.StreamEndEvent:
                    pass
        except _Stop as stop:
            raise stop.error from None
        finally:
            self.loader.dispose()
        if self.deferred is not None:
            raise self.deferred
        if refused is not None:
            raise refused
        return data

    def _event(self):
        try:
            event = self.loader.get_event()
        except RecursionError:
            raise
        except Exception as e:  # noqa: BLE001 - a syntax error, or what the parser met
            raise _Stop(e) from None
        kind = type(event)
        if kind is yaml.AliasEvent:
            if self.eager and event.anchor not in self.anchors:
                raise _Stop(ComposerError(None, None, "found undefined alias", event.start_mark))
            raise _Stop(_refused(ALIAS, f"aliases (*{terminal(event.anchor)}) are not "
                                 "supported", event.start_mark))
        if kind in _OPEN and event.anchor is not None and self.first_document:
            first = self.anchors.setdefault(event.anchor, event.start_mark)
            if first is not event.start_mark:
                self._composer_error(ComposerError("found duplicate anchor; first occurrence",
                                                   first, "second occurrence",
                                                   event.start_mark))
        return event

    def _composer_error(self, error: Exception) -> None:
        if self.eager:
            raise _Stop(error)
        if self.deferred is None:
            self.deferred = error

    def _items(self):
        """The first event of each item of the sequence being read."""
        while type(event := self._event()) is not yaml.SequenceEndEvent:
            yield event

    def _walk(self, event, path: tuple, lines: dict[tuple, int], issues: dict) -> Any:
        """The value that starts with event, recording the line of every path."""
        lines[path] = event.start_mark.line + 1
        kind = type(event)
        if kind is yaml.MappingStartEvent:
            out: dict = {}
            seen: dict = {}
            while type(key_event := self._event()) is not yaml.MappingEndEvent:
                line = key_event.start_mark.line + 1
                if type(key_event) is not yaml.ScalarEvent:
                    raise _refused(KEY_NOT_TEXT, "a key must be plain text", key_event.start_mark)
                tag = self._tag(key_event)
                if tag.endswith(":merge"):
                    raise _refused(ALIAS, "merge keys (<<) are not supported",
                                   key_event.start_mark)
                key = key_event.value if tag == _STR else self._construct(tag, key_event)
                key = sys.intern(key) if isinstance(key, str) else key
                if isinstance(key, str) and unsafe_char(key):
                    issues.setdefault(_owner(path + (key,)), _Issue(
                        line, f"key holds the invisible or control character "
                        f"{unsafe_char(key)}", "retype the key", INVISIBLE))
                try:
                    first = seen.get(key)
                except TypeError:  # a set or a mapping written as one scalar (!!set x)
                    raise _refused(KEY_NOT_TEXT, "a key must be plain text",
                                   key_event.start_mark) from None
                if first is not None:
                    raise _Duplicate(str(key), line, first)
                seen[key] = line
                out[key] = self._walk(self._event(), path + (key,), lines, issues)
                lines[path + (key,)] = line
            return out
        if kind is yaml.SequenceStartEvent:
            return [self._walk(item, path + (i,), lines, issues)
                    for i, item in enumerate(self._items())]
        return self._scalar(event, path, issues)

    def _scalar(self, event, path: tuple, issues: dict) -> Any:
        tag, text, mark = self._tag(event), event.value, event.start_mark
        try:
            if tag == _STR:
                bad = unsafe_char(text)
                if bad:
                    raise _Issue(mark.line + 1, f"text holds the invisible or control "
                                 f"character {bad}", "delete it: retype the text around it",
                                 INVISIBLE)
                if event.style in (None, "") and _SCI.match(text):
                    return _number(_NUMBERS[1], text, mark)
                # Short texts repeat (ids, units, statuses, periods): one object for each.
                return sys.intern(text) if len(text) <= 40 else text
            if tag in _NUMBERS:
                return _number(tag, text, mark)
            if tag.endswith(":timestamp"):
                # dates stay text: checked by periods.py, which names bad days
                return sys.intern(text)
            if tag in _WORDS and event.style in (None, "") and \
                    text.lower() not in ("true", "false", "null", ""):
                reading = repr(self._construct(tag, event)).lower().replace("none", "null")
                raise _Issue(mark.line + 1, f"YAML reads '{text}' as {reading}",
                             f"quote it ('{text}') to keep the word, or write {_WORDS[tag]}",
                             YAML_WORD)
            return self._construct(tag, event)
        except _Issue as issue:
            issues.setdefault(_owner(path), issue)
            return text

    def _tag(self, event) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return tag

    def _construct(self, tag: str, event) -> Any:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        loader = self.loader
        try:
            return loader.construct_object(node)
        finally:  # made once: no cache of nodes, nor generators that would never run
            loader.constructed_objects.pop(node, None)
            loader.recursive_objects.pop(node, None)
            loader.state_generators.clear()


def _refused(code: str, problem: str, mark) -> yaml.MarkedYAMLError:
    """A construct the loader refuses, reported like a syntax error but under its own code."""
    error = yaml.MarkedYAMLError(problem=problem, problem_mark=mark)
    error.code = code  # type: ignore[attr-defined]
    return error


def read_yaml(path: Path, issues: dict | None = None) -> tuple[Any, dict[tuple, int]]:
    """Parse one file to plain data and a map of path -> line. Raises Problem-ready errors;
    values refused inside a record go into issues, keyed by (section, index)."""
    text = path.read_bytes().decode("utf-8")
    lines: dict[tuple, int] = {}
    data = _Reader(text).read(lines, {} if issues is None else issues)
    return data, lines


def _pydantic_problem(
    err: dict, rel: str, loc: Loc, rid: str, section: str
) -> Problem:
    keys = tuple(err["loc"])
    name = ".".join(str(k) for k in keys) or "record"
    msg = err["msg"]
    kind = err["type"]
    hint = "see facts/FORMAT.md"
    code = INVALID
    if kind == "missing":
        msg, code = f"field '{name}' is missing", MISSING_FIELD
        hint = f"every {'entity' if section == 'entities' else section[:-1]} needs '{keys[-1]}'"
    elif kind == "extra_forbidden":
        msg, code = f"unknown field '{name}'", UNKNOWN_FIELD
        hint = "check the spelling against facts/FORMAT.md"
    elif kind == "string_pattern_mismatch":
        msg, code = f"'{err.get('input')}' is not a valid {name}", BAD_ID
        hint = {
            "facts": "fact ids are lowercase, dotted: xiaomi.ev.deliveries.2025-q3",
            "entities": "entity ids are lowercase letters, digits and dashes",
        }.get(section, "ids look like S04 or A22 for sources and claims")
    elif kind == "literal_error":
        msg, code = f"{name}: '{err.get('input')}' is not allowed", NOT_ALLOWED
        hint = msg_expected(err)
    else:
        if kind == "value_error" and keys:
            # The models' own validators: a tolerance, or a figure (value, states).
            code = BAD_TOLERANCE if keys[-1] == "tolerance" else \
                BAD_FIGURE if keys[-1] in ("value", "states") else INVALID
        msg = f"{name}: {msg}"
    return Problem(rel, loc.of(*keys), rid, msg, hint, code=code)


def msg_expected(err: dict) -> str:
    expected = (err.get("ctx") or {}).get("expected", "")
    return f"use one of {expected}" if expected else "see facts/FORMAT.md"


def load_store(root: Path, base: Path | None = None) -> Store:
    """Load every *.yaml under root into a Store; problems are collected, never raised."""
    store = Store()
    base = base or root.parent
    if not root.is_dir():
        store.problems.append(Problem(_rel(root, base), 0, "store", "no such folder",
                                      "run from the project folder, or pass --root",
                                      code=NO_FOLDER))
        return store
    for path in sorted([*root.rglob("*.yaml"), *root.rglob("*.yml")]):
        rel = _rel(path, base)
        if not path.is_file():
            what = "a folder" if path.is_dir() else "a broken link or not a regular file"
            store.problems.append(Problem(rel, 0, "file", f"is {what}, not a store file",
                                          "store files are YAML files: rename or remove it",
                                          code=NOT_A_FILE))
            continue
        if not all(_FILE_NAME.match(part) for part in path.relative_to(root).parts):
            store.problems.append(Problem(rel, 0, "file", "a store file's name may hold only "
                                          "lowercase letters, digits, dashes and underscores",
                                          "rename it: the name becomes a heading on the site",
                                          code=BAD_NAME))
            continue
        parsed = _parse(store, path, rel)
        if parsed is not None:
            _add_sections(store, rel, *parsed)
    return store


def _parse(store: Store, path: Path, rel: str) -> tuple[dict, dict, dict] | None:
    """One file's data, line map and refused values; None (with a problem) when it fails."""
    issues: dict = {}
    try:
        data, lines = read_yaml(path, issues)
    except _Duplicate as d:
        store.problems.append(Problem(
            rel, d.line, d.key, f"duplicate key '{d.key}' (first at line {d.first})",
            "remove one of the two; YAML keeps only the last", code=DUPLICATE_KEY,
        ))
        return None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        store.problems.append(Problem(rel, line, "file", "the file is not UTF-8 text",
                                      "save it as UTF-8 in your editor", code=NOT_UTF8))
        return None
    except yaml.MarkedYAMLError as e:
        store.problems.append(_syntax_problem(e, rel))
        store.unparsed.append(rel)
        return None
    except (yaml.YAMLError, RecursionError, MemoryError) as e:
        store.problems.append(Problem(rel, 0, "yaml", f"YAML error: {type(e).__name__}",
                                      "the file is too deeply nested or too large: fix it",
                                      code=TOO_DEEP))
        store.unparsed.append(rel)
        return None
    except OSError as e:
        store.problems.append(Problem(rel, 0, "file", f"cannot be read ({e.strerror})",
                                      "check the file's permissions", code=UNREADABLE))
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        store.problems.append(Problem(
            rel, 1, "file", "a store file must be a mapping of sections",
            "start with 'facts:', 'sources:', 'entities:', 'claims:' or 'rules:'",
            code=NOT_MAPPING,
        ))
        return None
    return data, lines, issues


def _syntax_problem(e: yaml.MarkedYAMLError, rel: str) -> Problem:
    # An unclosed bracket or quote is reported where it opened; anything else where the parser
    # stumbled, which is the line an editor has to look at.
    opened = any(w in str(e.context or "") for w in ("flow", "quoted scalar"))
    mark = (e.context_mark if opened else None) or e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else 0
    what = " ".join(str(x) for x in (e.context, e.problem) if x)
    hint = "write each record in full" if "merge" in what or "alias" in what else \
        "close the quote that opens here" if "quoted scalar" in what else \
        "check indentation, colons and quotes on this line or the one above"
    return Problem(rel, line, "yaml", f"YAML syntax error: {terminal(what)}", hint,
                   code=getattr(e, "code", SYNTAX))


def _add_sections(store: Store, rel: str, data: dict, lines: dict, issues: dict) -> None:
    # Group the line map by record once: (section, index) -> {field path: line}.
    by_record: dict[tuple, dict[tuple, int]] = defaultdict(dict)
    for key, line in lines.items():
        if len(key) >= 2:
            by_record[key[:2]][key[2:]] = line
    for section, items in data.items():
        if section == "translations":
            _add_translations(store, rel, items, lines, issues)
            continue
        if section not in SECTIONS:
            store.problems.append(Problem(
                rel, lines.get((section,), 1), terminal(section)[:40],
                f"unknown section '{terminal(section)[:40]}'",
                "use " + ", ".join([*SECTIONS, "translations"]),
                code=UNKNOWN_SECTION,
            ))
            continue
        if not isinstance(items, list):
            store.problems.append(Problem(
                rel, lines.get((section,), 1), section, f"'{section}' must be a list",
                "put '- ' before each record", code=NOT_A_LIST,
            ))
            continue
        for i, item in enumerate(items):
            at = (section, i)
            loc = Loc(rel, lines.get(at, 0), by_record[at])
            if at in issues:
                _refuse(store, section, item, loc, issues[at])
            else:
                _add(store, section, item, loc, rel)


def _add_translations(store: Store, rel: str, data: Any, lines: dict, issues: dict) -> None:
    """The `translations:` section: a language and, by section and id, each record's words."""
    top = ("translations",)
    line = lines.get(top, 1)

    def report(code: str, at: int, subject: str, message: str, hint: str) -> None:
        store.problems.append(Problem(rel, at, subject, message, hint, code=code))

    if not isinstance(data, dict):
        report(T_SHAPE, line, "translations", "'translations' must be a mapping",
               "write 'language: zh' and the sections (facts, entities …) under it")
        return
    at = top + ("language",)
    if at in issues:
        issue = issues[at]
        report(issue.code, issue.line, "translations", issue.message, issue.hint)
        return
    language = data.get("language")
    if isinstance(language, str) and re.match(LANGUAGE, language) and \
            language.split("-")[0] != "en" and language not in LANGUAGE_NAMES:
        report(T_LANGUAGE, lines.get(at, line), "translations",
               f"language '{terminal(language)[:20]}' has no edition (the site has "
               f"{', '.join(sorted(LANGUAGE_NAMES))})",
               "write the code the site's editions use, as in 'language: zh'")
        return
    if not isinstance(language, str) or not re.match(LANGUAGE, language) or \
            language.split("-")[0] == "en":
        shown = "" if language is None else f" '{terminal(language)[:20]}'"
        report(T_LANGUAGE, lines.get(at, line), "translations",
               f"language{shown} is missing or not another language's code" if language is None
               else f"language{shown} is not a code of a language other than English",
               "write the language's code, as in 'language: zh'; the records are English")
        return
    words = store.translations.get(language)
    if words is None:
        words = Translations(language=language)
        words.place(Loc(rel, line, {(k[1],): v for k, v in lines.items()
                                    if len(k) == 2 and k[0] == "translations"}))
        store.translations[language] = words
    by_record: dict[tuple, dict[tuple, int]] = defaultdict(dict)
    for key, at_line in lines.items():
        if len(key) >= 3 and key[0] == "translations":
            by_record[key[:3]][key[3:]] = at_line
    for section, items in data.items():
        if section == "language":
            continue
        at = top + (section,)
        if section not in TRANSLATABLE:
            name = terminal(section)[:40]
            report(T_SECTION, lines.get(at, line), name, f"unknown section '{name}' of the "
                   "translations", "use " + ", ".join(TRANSLATABLE))
            continue
        if items is None:
            continue  # a section left empty for now
        if not isinstance(items, dict):
            report(T_SHAPE, lines.get(at, line), section, f"'{section}' must be a mapping of "
                   "ids to their words", "write 'some.id:' and its fields under it")
            continue
        for rid, item in items.items():
            where = at + (rid,)
            loc = Loc(rel, lines.get(where, 0), by_record[where])
            _add_words(store, words, section, str(rid), item, loc, issues.get(where))


def _add_words(store: Store, words: Translations, section: str, rid: str, item: Any, loc: Loc,
               issue: _Issue | None) -> None:
    """One record's words in a language, each field judged on its own line."""
    subject = terminal(rid)[:80]

    def report(code: str, at: int, message: str, hint: str) -> None:
        store.problems.append(Problem(loc.path, at, subject, message, hint, code=code))

    if issue is not None:
        report(issue.code, issue.line, issue.message, issue.hint)
        return
    if not isinstance(item, dict):
        report(T_SHAPE, loc.line, "the words of a record must be a mapping of fields to texts",
               "write 'label: …' (or note, name …) under the id")
        return
    model = TRANSLATABLE[section]
    allowed = list(model.model_fields)
    kind = {"entities": "entity", "series": "series", "retired": "retired id"}.get(
        section, section.removesuffix("s"))
    ok = True
    for name, text in item.items():
        at = loc.of(name)
        if name not in model.model_fields:
            report(T_FIELD, at, f"'{terminal(name)[:40]}' of a {kind} is not translatable",
                   f"translate {', '.join(allowed)}; figures, dates and ids are the English "
                   "record's")
            ok = False
            continue
        texts = text if name == "aliases" and isinstance(text, list) else [text]
        if name == "aliases" and not isinstance(text, list):
            report(T_SHAPE, at, "aliases must be a list of names", "write aliases: [name, name]")
            ok = False
            continue
        for i, one in enumerate(texts):
            line = loc.of(name, i) if name == "aliases" else at
            if one is None or (isinstance(one, str) and not one.strip()):
                report(T_EMPTY, line, f"{name} is empty", "write the text, or leave the field "
                       "out to show the English")
                ok = False
            elif not isinstance(one, str):
                report(T_SHAPE, line, f"{name} must be text, not {type(one).__name__}",
                       "quote it; figures are never translated: they come from the fact")
                ok = False
    if not ok:
        return
    try:
        record = model.model_validate(item)
    except ValidationError as e:  # the checks above leave nothing for the model to refuse
        for err in e.errors():
            report(INVALID, loc.of(*err["loc"]), f"{'.'.join(map(str, err['loc']))}: "
                   f"{err['msg']}", "see facts/FORMAT.md")
        return
    record.place(loc)
    table = words.words(section)
    if rid in table:
        first = table[rid].loc
        report(DUPLICATE_ID, loc.line, f"words given twice in '{words.language}' (first at "
               f"{first.path}:{first.line})", "keep one of the two")
        return
    table[rid] = record


def _refuse(store: Store, section: str, item: Any, loc: Loc, issue: _Issue) -> None:
    rid = item.get("id") if isinstance(item, dict) else None
    rid = rid if isinstance(rid, str) and not unsafe_char(rid) else f"{section[:-1]} record"
    store.problems.append(Problem(loc.path, issue.line, rid, issue.message, issue.hint,
                                  code=issue.code))
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        store.broken[item["id"]] = f"{loc.path}:{issue.line}"


_FIELDS_SETS: dict[frozenset, set] = {}


def _share_fields_set(record: Record) -> None:
    """Records that set the same fields share one set of their names (pydantic keeps one per
    record, and nothing here reads it: a store of 10,000 facts held 15 MB of them)."""
    names = record.__pydantic_fields_set__
    object.__setattr__(record, "__pydantic_fields_set__",
                       _FIELDS_SETS.setdefault(frozenset(names), names))


def _add(store: Store, section: str, item: Any, loc: Loc, rel: str) -> None:
    if not isinstance(item, dict):
        store.problems.append(Problem(rel, loc.line, section, "each record must be a mapping",
                                      "write 'key: value' lines under '- '",
                                      code=NOT_A_RECORD))
        return
    rid = str(item.get("id", f"{section} record at line {loc.line}"))
    model = SECTIONS[section]
    try:
        record: Record = model.model_validate(item)
    except ValidationError as e:
        seen: set[tuple] = set()
        for err in e.errors():
            # A union field fails once per branch (value.int, value.float, value.str): say it once.
            keys = tuple(k for k in err["loc"] if k not in ("int", "float", "str"))
            if keys in seen:
                continue
            seen.add(keys)
            store.problems.append(_pydantic_problem(err | {"loc": keys}, rel, loc, rid, section))
        if isinstance(item.get("id"), str):
            store.broken[item["id"]] = f"{rel}:{loc.line}"
        return
    record.place(loc)
    _share_fields_set(record)
    refs = getattr(record, "sources", None)
    if refs:
        fields = loc.fields
        for j, ref in enumerate(refs):
            if isinstance(ref, Record):
                ref.place(Loc(rel, loc.of("sources", j),
                              {k[2:]: v for k, v in fields.items() if k[:2] == ("sources", j)}))
                _share_fields_set(ref)
    table: dict = getattr(store, section)
    if record.id in table:
        first = table[record.id].loc
        store.problems.append(Problem(
            rel, loc.line, record.id, f"duplicate id (first at {first.path}:{first.line})",
            "ids are never reused: choose a new id", code=DUPLICATE_ID,
        ))
        return
    table[record.id] = record


def _rel(path: Path, base: Path) -> str:
    if path.is_relative_to(base):  # before resolving, so a link is named as it is, not its target
        return path.relative_to(base).as_posix()
    try:
        return path.parent.resolve().relative_to(base.resolve()).joinpath(path.name).as_posix()
    except ValueError:
        return path.as_posix()
