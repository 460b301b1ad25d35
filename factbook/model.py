"""Typed records of the fact store: Entity, Source, Fact, Claim, Rule, Retired, and the
records' words in other languages (Translations).

The models describe the YAML an editor writes (and generate its JSON Schema); semantic checks that
need the whole store live in the check package. Every record remembers where it was written.
Units (factbook.units) and the problems found in a store, each kind registered once with a
stable code (factbook.problems), are named here too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The problem registry and the unit registry live apart (nothing in them needs pydantic) and
# are named here too, with the records they describe.
from .problems import CODES, Code, Findings, Problem, register  # noqa: F401
from .units import UNITS, Unit  # noqa: F401

Bound = Literal["exact", "approx", "at_least", "more_than", "at_most", "less_than"]
Status = Literal[
    "confirmed", "single_source", "company_claim", "estimate", "derived", "disputed", "plan"
]
Verdict = Literal["consistent", "misstated", "mislabelled", "unsupported", "opinion"]
EntityKind = Literal[
    "company", "brand", "plant", "model", "market", "organisation", "person", "licence"
]
SourceKind = Literal[
    "filing", "press_release", "industry_data", "news", "analysis", "aggregator", "blog", "audited"
]
RuleKind = Literal["sum", "at_most", "increasing", "equal"]
# What kind of event a fact marks on the timeline (a founding, a launch, a first profit…).
EventKind = Literal["company", "plant", "launch", "delivery", "production", "target", "finance",
                    "export", "recall"]

FACT_ID = r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
ENTITY_ID = r"^[a-z0-9][a-z0-9-]*$"
SOURCE_ID = r"^[A-Z][0-9]{2,}[a-z]?$"
CLAIM_ID = r"^[A-Z][0-9]{2,}[a-z]?$"
RULE_ID = r"^[a-z0-9][a-z0-9.-]*$"

Number = int | float
Value = int | float | str
# A tolerance is absolute (in the fact's unit) or relative, written as "0.5%".
Tolerance = int | float | str


class Loc:
    """Where a record was written: its file, its first line and the line of each field."""

    __slots__ = ("path", "line", "_layout")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, path: str = "?", line: int = 0, fields: dict[tuple, int] | None = None):
        # Only the lines that `of` could not tell without them are kept, as offsets from the
        # record's line: records written alike share one layout, and its keys and paths are
        # shared by every record (a store of 10,000 facts holds 45,000 of these).
        self.path = _shared(path)
        self.line = line
        kept: dict[tuple, int] = {}
        for keys in sorted(fields or (), key=len):
            if keys and _offset(kept, keys[:-1]) != fields[keys] - line:  # type: ignore[index]
                kept[_shared(keys)] = fields[keys] - line  # type: ignore[index]
        self._layout = _LAYOUTS.setdefault(frozenset(kept.items()), kept)

    @property
    def fields(self) -> dict[tuple, int]:
        """The line of each field that `of` could not tell from the lines around it."""
        return {keys: self.line + offset for keys, offset in self._layout.items()}

    def of(self, *keys) -> int:
        """The line of a field (or nested field), falling back to the record's own line."""
        return self.line + _offset(self._layout, keys)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Loc):
            return NotImplemented
        return (self.path, self.line, self._layout) == (other.path, other.line, other._layout)

    def __repr__(self) -> str:
        return f"Loc(path={self.path!r}, line={self.line!r}, fields={self.fields!r})"

    def __reduce__(self):
        return _loc, (self.path, self.line, self._layout)


def _offset(layout: dict[tuple, int], keys: tuple) -> int:
    for n in range(len(keys), 0, -1):
        if keys[:n] in layout:
            return layout[keys[:n]]
    return 0


def _loc(path: str, line: int, layout: dict[tuple, int]) -> Loc:
    """A Loc as kept (pickled): its layout as it was, shared as it was."""
    loc = Loc.__new__(Loc)
    loc.path, loc.line, loc._layout = path, line, layout
    return loc


_LAYOUTS: dict[frozenset, dict[tuple, int]] = {}
_SHARED: dict = {}


def _shared(value):
    """One object for equal keys and paths (they repeat in every record's Loc)."""
    return _SHARED.setdefault(value, value)


NOWHERE = Loc()  # where a record made in code, not loaded, was written


DATE_FIELDS = ("published", "accessed", "as_of", "review_by", "period", "checked")


class Record(BaseModel):
    # Where the record was written: in a slot of its own rather than a private attribute,
    # which costs every record a dictionary (10,000 facts and their references: 8 MB).
    __slots__ = ("_where",)
    # Pydantic builds each model's validators when first asked to validate, not as the class
    # is made: a build or check served from the cache, which validates nothing, skips it.
    model_config = ConfigDict(extra="forbid", frozen=False, defer_build=True)

    @field_validator("value", "states", mode="before", check_fields=False)
    @classmethod
    def _real_number(cls, v):
        if isinstance(v, bool):
            raise ValueError(f"{v} is a yes/no value, not a figure")
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"{v} is not a finite number")
        if v is not None and not isinstance(v, (int, float, str)):
            raise ValueError(f"{v!r} is neither a number nor a date")
        return v

    @field_validator("tolerance", mode="before", check_fields=False)
    @classmethod
    def _tolerance(cls, v):
        # Finite and not negative: a number in the fact's unit, or a percentage such as "0.5%".
        if v is None:
            return v
        ok = False
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            ok = math.isfinite(v) and v >= 0
        elif isinstance(v, str):
            ok = re.fullmatch(r"(0|[1-9][0-9]*)(\.[0-9]+)?%", v.strip()) is not None
        if not ok:
            raise ValueError(f"tolerance '{v}' is neither a number nor a percentage "
                             "(a finite amount, zero or more, or a percentage such as '1%')")
        return v

    @field_validator(*DATE_FIELDS, mode="before", check_fields=False)
    @classmethod
    def _year_as_text(cls, v):
        # YAML reads a bare year (published: 2025) as a number; it is a date of year precision.
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @property
    def loc(self) -> Loc:
        """Where the record was written (NOWHERE for one made in code)."""
        try:
            return self._where
        except AttributeError:
            return NOWHERE

    def place(self, loc: Loc) -> None:
        """Remember where the record was written."""
        object.__setattr__(self, "_where", loc)

    def __reduce__(self):
        # Kept as its fields and place, with no state dictionary made for each record while
        # a store is pickled (the pickler holds every one of them until it is done).
        return _record, (type(self), self.__dict__, self.__pydantic_fields_set__,
                         getattr(self, "_where", None))

    def __copy__(self):
        copy = super().__copy__()
        if hasattr(self, "_where"):
            copy.place(self._where)
        return copy

    def __deepcopy__(self, memo: dict | None = None):
        copy = super().__deepcopy__(memo)
        if hasattr(self, "_where"):
            copy.place(self._where)
        return copy


def _record(model: type[Record], fields: dict, fields_set: set, loc: Loc | None) -> Record:
    """A record as kept (pickled)."""
    record = model.__new__(model)
    setattr_ = object.__setattr__
    setattr_(record, "__dict__", fields)
    setattr_(record, "__pydantic_fields_set__", fields_set)
    setattr_(record, "__pydantic_extra__", None)
    setattr_(record, "__pydantic_private__", None)
    if loc is not None:
        setattr_(record, "_where", loc)
    return record


class Entity(Record):
    """A company, brand, plant, model, market, organisation or person that facts are about."""

    id: str = Field(pattern=ENTITY_ID)
    name: str = Field(min_length=1)
    kind: EntityKind
    aliases: list[str] = []
    note: str | None = None


class Source(Record):
    """A publication a fact rests on, with the provenance a reader needs to find it again."""

    id: str = Field(pattern=SOURCE_ID)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    author: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    accessed: str | None = Field(None, description="YYYY-MM-DD: when someone read it")
    kind: SourceKind
    language: str | None = None
    archived: str | None = Field(None, description="an archived copy's address (http or https)")
    copy_of: str | None = Field(
        None, description="the source this one copies (syndication, rewrite): never confirms it"
    )
    note: str | None = None


class SourceRef(Record):
    """A fact's reference to a source, recording the figure as that source states it."""

    source: str
    states: Value = Field(description="the figure as the source gives it, in the fact's unit")
    bound: Bound = "exact"
    tolerance: Tolerance | None = None
    locator: str | None = None


class Derive(Record):
    """A formula over other facts ({fact.id} placeholders) that must reproduce the value."""

    formula: str
    tolerance: Tolerance = 0


class Fact(Record):
    """One figure: a value in base units with unit, bound, period or as-of date, and sources."""

    id: str = Field(pattern=FACT_ID)
    subject: str
    label: str = Field(min_length=1)
    value: Value
    unit: str = Field(json_schema_extra={"enum": sorted(UNITS)})
    bound: Bound = "exact"
    period: str | None = None
    as_of: str | None = None
    status: Status
    sources: list[SourceRef] = []
    derive: Derive | None = None
    supersedes: str | None = None
    review_by: str | None = None
    event: EventKind | None = Field(
        None, description="puts the fact on the timeline as an event of this kind"
    )
    checked: str | None = Field(
        None, description="YYYY-MM-DD: the day someone last compared the value with its sources"
    )
    note: str | None = None


class Claim(Record):
    """A statement made by an audited source, paraphrased, with its verdict."""

    id: str = Field(pattern=CLAIM_ID)
    source: str
    says: str = Field(min_length=1)
    states: Value | None = None
    unit: str | None = Field(None, json_schema_extra={"enum": sorted(UNITS)})
    bound: Bound = "exact"
    tolerance: Tolerance | None = None
    about: str | None = None
    matches: str | None = None
    verdict: Verdict
    reason: str = Field(min_length=1)
    evidence: list[str] = []


class Rule(Record):
    """An assertion across facts: a sum, an ordering, a monotone series or an equality."""

    id: str = Field(pattern=RULE_ID)
    kind: RuleKind
    total: str | None = None
    parts: list[str] = []
    left: str | None = None
    right: str | None = None
    facts: list[str] = []
    tolerance: Tolerance = 0
    note: str | None = None


Cadence = Literal["month", "quarter", "year"]


class Series(Record):
    """Facts that measure one thing period after period; gaps up to the checked date are listed."""

    id: str = Field(pattern=RULE_ID)
    label: str = Field(min_length=1)
    cadence: Cadence
    facts: list[str] = Field(min_length=1)
    note: str | None = None


class Retired(Record):
    """A fact id that is no longer used; its permalink keeps resolving to its replacement."""

    id: str = Field(pattern=FACT_ID)
    replaced_by: str | None = None
    note: str = Field(min_length=1)


LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def _words(meaning: str):
    # A text in another language: absent, or not empty (an empty text is a hole, not a
    # translation). Figures are never translated: no value, unit or period is a word.
    return Field(None, min_length=1, description=meaning)


class EntityWords(Record):
    """An entity's names and note in another language."""

    name: str | None = _words("the name in that language")
    aliases: list[str] = Field([], description="other names in that language (also exempt "
                               "from the audit)")
    note: str | None = _words("the note")


class SourceWords(Record):
    """A source's publisher (an outlet's established name) in another language; titles stay."""

    publisher: str | None = _words("the outlet's established name in that language")
    note: str | None = _words("the note")


class FactWords(Record):
    """A fact's label and note in another language."""

    label: str | None = _words("what is measured: needed for every fact its language's pages show")
    note: str | None = _words("the note, with the English note's {placeholders}")


class SeriesWords(Record):
    """A series' label and note in another language."""

    label: str | None = _words("what the series measures")
    note: str | None = _words("the note")


class ClaimWords(Record):
    """A claim's paraphrase and reason in another language."""

    says: str | None = _words("the paraphrase, with {states} where the English has it")
    reason: str | None = _words("the reason for the verdict")


class RuleWords(Record):
    """A rule's note in another language."""

    note: str | None = _words("the note")


class RetiredWords(Record):
    """A retired id's note in another language."""

    note: str | None = _words("why the id was retired")


class Translations(Record):
    """The words of the store's records in one language, by section and id."""

    language: str = Field(pattern=LANGUAGE, description="the language's code (zh)")
    entities: dict[str, EntityWords] = {}
    sources: dict[str, SourceWords] = {}
    facts: dict[str, FactWords] = {}
    series: dict[str, SeriesWords] = {}
    claims: dict[str, ClaimWords] = {}
    rules: dict[str, RuleWords] = {}
    retired: dict[str, RetiredWords] = {}

    def words(self, section: str) -> dict[str, Record]:
        """The records of one section, by id."""
        return getattr(self, section)


# Section -> the model of its words in another language.
TRANSLATABLE: dict[str, type[Record]] = {
    "entities": EntityWords,
    "sources": SourceWords,
    "facts": FactWords,
    "series": SeriesWords,
    "claims": ClaimWords,
    "rules": RuleWords,
    "retired": RetiredWords,
}


class StoreFile(BaseModel):
    """One YAML file of the store: any of these lists."""

    model_config = ConfigDict(extra="forbid", title="factbook store file", defer_build=True)
    entities: list[Entity] = []
    sources: list[Source] = []
    facts: list[Fact] = []
    claims: list[Claim] = []
    rules: list[Rule] = []
    series: list[Series] = []
    retired: list[Retired] = []
    translations: Translations | None = Field(
        None, description="the records' words in another language (facts/zh.yaml)")


SECTIONS: dict[str, type[Record]] = {
    "entities": Entity,
    "sources": Source,
    "facts": Fact,
    "claims": Claim,
    "rules": Rule,
    "series": Series,
    "retired": Retired,
}


@dataclass
class Store:
    """Everything loaded from facts/: records by id, in file order, and the problems met loading."""

    entities: dict[str, Entity] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    retired: dict[str, Retired] = field(default_factory=dict)
    # Language code -> the records' words in that language (facts/zh.yaml).
    translations: dict[str, Translations] = field(default_factory=dict)
    problems: list = field(default_factory=list)
    # Ids of records that failed to load (where), and files that did not parse: errors that
    # only follow from their absence are summed up after the root cause.
    broken: dict[str, str] = field(default_factory=dict)
    unparsed: list[str] = field(default_factory=list)

    def names(self) -> set[str]:
        """Every declared entity name and alias (the audit treats their digits as names)."""
        out: set[str] = set()
        for e in self.entities.values():
            out.add(e.name)
            out.update(e.aliases)
        return out
