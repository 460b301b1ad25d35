"""The store's words in another language, as the site layer asks for them.

`texts(store, "zh")` is the hook a Locale calls as `texts(record, field)`: a record's text in that
language (label, note, name, says, reason, publisher; aliases as a list), or None where the store
gives none, so the Locale falls back to the English. `for_locale(store, locale)` is the locale
with that hook set. Records are the store's own (Fact, Entity, Source, Claim, Series, Rule,
Retired); figures, periods and sources never change with the language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Store

# Languages by code, as problems name them.
LANGUAGE_NAMES = {"zh": "Chinese"}


def language_of(code: str) -> str:
    """The language of a BCP 47 tag, as the translations are keyed: zh-Hans -> zh."""
    return code.split("-")[0].lower()


def language_name(code: str) -> str:
    """A language's name for a problem's message: Chinese, or the code itself."""
    return LANGUAGE_NAMES.get(code, f"'{code}'")


def section_of() -> dict[type, str]:
    """The kind of record -> its section of the translations (the models are imported here,
    not with this module: a build that needs only language_of does not need them)."""
    from .model import Claim, Entity, Fact, Retired, Rule, Series, Source

    return {Fact: "facts", Entity: "entities", Source: "sources", Claim: "claims",
            Series: "series", Rule: "rules", Retired: "retired"}


def texts(store: Store, language: str) -> Callable[[object, str], str | list[str] | None]:
    """The hook a Locale calls: (record, field) -> the field's text in language, or None."""
    words = store.translations.get(language)
    if words is None:
        return lambda record, name: None
    tables = {kind: words.words(section) for kind, section in section_of().items()}

    def text(record: object, name: str) -> str | list[str] | None:
        table = tables.get(type(record))
        if table is None:
            return None
        found = table.get(getattr(record, "id", None))
        if found is None:
            return None
        value = getattr(found, name, None)
        # No alias in this language is no answer: the English aliases stand.
        return value or None

    return text


def for_locale(store: Store, locale):
    """The locale with the store's words in its language; the locale itself when there are
    none (English, or a language the store has no words for)."""
    language = language_of(locale.code)
    if language not in store.translations:
        return locale
    return dataclasses.replace(locale, texts=texts(store, language))
