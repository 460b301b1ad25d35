"""The field tables of facts/FORMAT.md, written from the store's JSON Schema so they cannot drift.

FORMAT.md keeps its hand-written examples and prose; between `<!-- fields: Name -->` and
`<!-- /fields -->` it holds a table made here from the schema's definition of Name (field,
whether it is required, its type or allowed values, its default and its meaning).
`python -m factbook.schemadoc facts/FORMAT.md` rewrites the tables (`make schema` does);
a test fails when they differ from what the schema says.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .model import StoreFile

BLOCK = re.compile(r"(<!-- fields: (\w+) -->\n)(.*?)(<!-- /fields -->)", re.S)


def schema() -> dict:
    """The JSON Schema of a store file, as `factbook schema` prints it."""
    return StoreFile.model_json_schema()


def _type(spec: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "anyOf" in spec:
        kinds = [_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if kind == "object" and isinstance(spec.get("additionalProperties"), dict):
        return f"mapping of id to {_type(spec['additionalProperties'])}"
    if kind == "number":
        return "number"
    if kind == "integer":
        return "whole number"
    if kind == "string" and "pattern" in spec:
        return f"text matching `{spec['pattern']}`"
    return {"string": "text", "boolean": "yes or no"}.get(kind, kind)


def _default(spec: dict) -> str:
    if "default" not in spec or spec["default"] in (None, [], ""):
        return ""
    return f"`{json.dumps(spec['default'])}`"


def table(definition: dict) -> str:
    """A Markdown table of one definition's fields."""
    required = set(definition.get("required", []))
    rows = ["| Field | Required | Type or values | Default | Meaning |",
            "|---|---|---|---|---|"]
    for name, spec in definition["properties"].items():
        meaning = spec.get("description", "").replace("|", "\\|")
        rows.append(f"| `{name}` | {'yes' if name in required else 'no'} | {_type(spec)} | "
                    f"{_default(spec)} | {meaning} |")
    return "\n".join(rows) + "\n"


def update(text: str, definitions: dict | None = None) -> str:
    """text with every fields block rewritten from the schema; an unknown name is an error."""
    definitions = definitions if definitions is not None else schema()["$defs"]

    def block(m: re.Match) -> str:
        name = m.group(2)
        if name not in definitions:
            raise KeyError(f"FORMAT.md names '{name}', which the schema does not define "
                           f"(one of {', '.join(sorted(definitions))})")
        return m.group(1) + table(definitions[name]) + m.group(4)

    return BLOCK.sub(block, text)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "facts/FORMAT.md")
    try:
        text = path.read_text(encoding="utf-8")
        path.write_text(update(text), encoding="utf-8")
    except (OSError, KeyError) as e:
        print(f"{path}: {e.args[0] if isinstance(e, KeyError) else e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
