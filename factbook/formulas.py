"""Safe arithmetic over fact ids.

A formula names facts as {fact.id} and is parsed with `ast`: numbers, + - * / // % **, unary
minus, parentheses and a few named functions. Anything else (attributes, subscripts, names,
unknown calls, comparisons) is refused. Nothing is ever passed to eval.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

FUNCTIONS = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "sum": lambda *xs: math.fsum(xs),
}

_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class FormulaError(ValueError):
    """A formula that cannot be parsed, refers to what it may not, or cannot be evaluated."""

    def __init__(self, message: str, hint: str = "formulas allow arithmetic over {fact.id}"):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Formula:
    text: str
    ids: tuple[str, ...]
    tree: ast.Expression

    def evaluate(self, values: dict[str, float]) -> float:
        """Compute the formula with the given fact values."""
        env = {f"_f{i}": values[fid] for i, fid in enumerate(self.ids)}
        try:
            return float(_eval(self.tree.body, env))
        except ZeroDivisionError:
            raise FormulaError(f"'{self.text}' divides by zero") from None
        except OverflowError:
            raise FormulaError(f"'{self.text}' overflows") from None


def parse(text: str) -> Formula:
    """Parse a formula; raise FormulaError naming what is not allowed."""
    ids: list[str] = []

    def swap(m: re.Match) -> str:
        fid = m.group(1).strip()
        if fid not in ids:
            ids.append(fid)
        return f"_f{ids.index(fid)}"

    source = PLACEHOLDER.sub(swap, str(text))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise FormulaError(f"'{text}' is not a formula", "write e.g. {a.b} + {c.d}") from None
    _vet(tree.body, text)
    return Formula(str(text), tuple(ids), tree)


def _vet(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, (int, float)) or isinstance(node.value, bool):
            raise FormulaError(f"formula '{text}' holds a constant that is not a number")
        return
    if isinstance(node, ast.Name):
        if not re.fullmatch(r"_f\d+", node.id):
            raise FormulaError(f"formula '{text}' uses the name '{node.id}'",
                               "refer to facts as {fact.id}")
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        _vet(node.left, text)
        _vet(node.right, text)
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _vet(node.operand, text)
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            raise FormulaError(f"formula '{text}' calls '{name}', which is not allowed",
                               "the functions allowed are " + ", ".join(FUNCTIONS))
        if node.keywords:
            raise FormulaError(f"formula '{text}' passes keyword arguments, which are not allowed")
        for arg in node.args:
            _vet(arg, text)
        return
    what = {
        ast.Attribute: "attribute access",
        ast.Subscript: "subscripts",
        ast.Compare: "comparisons",
        ast.Lambda: "lambdas",
    }.get(type(node), type(node).__name__)
    raise FormulaError(f"formula '{text}' uses {what}, which is not allowed")


def _eval(node: ast.AST, env: dict[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](_eval(node.left, env), _eval(node.right, env))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_eval(a, env) for a in node.args))
    raise FormulaError("unexpected node")  # _vet keeps this unreachable
