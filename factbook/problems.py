"""Problems for an editor, and their registry of stable codes.

Every kind of problem is registered once with a stable code (`CODES`), which fixtures, the
facts page and editors key on instead of the English text. Apart from the store's models
(factbook.model), so that a build that only reports a kept check's problems does not import
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """A kind of problem: a stable code, what it means in one line, and its severity."""

    code: str
    meaning: str
    severity: str = "error"  # error | warning


CODES: dict[str, Code] = {}
_CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$")


def register(code: str, meaning: str, severity: str = "error") -> str:
    """Register a problem code once (`area.what-is-wrong`) and return it."""
    if not _CODE.match(code):
        raise ValueError(f"problem code {code!r} is not area.kebab-words")
    if code in CODES:
        raise ValueError(f"problem code {code!r} is registered twice")
    if severity not in ("error", "warning") or not meaning.strip():
        raise ValueError(f"problem code {code!r} needs a meaning and a severity")
    CODES[code] = Code(code, meaning, severity)
    return code


@dataclass(frozen=True)
class Problem:
    """One finding for an editor: `path:line: id: message (hint)`, and its code."""

    path: str
    line: int
    subject: str
    message: str
    hint: str = ""
    severity: str = "error"  # error | warning
    code: str = ""  # a registered code (CODES); empty for problems found outside the store

    def __str__(self) -> str:
        from .text import one_line  # data in a message never breaks the line or the terminal

        where = f"{self.path}:{self.line}" if self.line else self.path
        tail = f" ({self.hint})" if self.hint else ""
        lead = "warning: " if self.severity == "warning" else ""
        return one_line(f"{where}: {self.subject}: {lead}{self.message}{tail}")

    def with_code(self) -> str:
        """The one line with its code appended in brackets (check --codes)."""
        return f"{self} [{self.code}]" if self.code else str(self)


class Findings:
    """The errors and warnings among a `problems` list (a checked project, a check's report)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems an editor should look at."""
        return [p for p in self.problems if p.severity == "warning"]
