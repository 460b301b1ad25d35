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

from .model import register

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

FUNCTIONS = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "sum": lambda *xs: math.fsum(xs),
}
# How many arguments each function takes: (fewest, most).
ARITY = {"min": (1, 99), "max": (1, 99), "abs": (1, 1), "round": (1, 2), "sum": (1, 99)}
MAX_EXPONENT = 64  # growth over years needs small powers; 9 ** 9 ** 9 must not hang a build


def _pow(base: float, exp: float) -> float:
    if abs(exp) > MAX_EXPONENT:
        shown = f"{exp:,.0f}" if float(exp).is_integer() else f"{exp:g}"
        raise FormulaError(f"exponent {shown} is too large",
                           f"exponents up to {MAX_EXPONENT} are allowed", ARITHMETIC)
    try:
        return math.pow(base, exp)  # floats only: a negative base with a fraction is an error
    except ValueError:
        raise FormulaError(f"{base:g} ** {exp:g} has no real value",
                           "a negative number has no real fractional power", ARITHMETIC) from None

_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: _pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


MAX_LENGTH = 5000  # a formula is a line of arithmetic; longer input is an error, or an attack
MAX_DEPTH = 200  # nesting of operations; ast and the evaluator recurse


SYNTAX = register("formula.syntax", "a formula that is not arithmetic Python can read")
TOO_LARGE = register("formula.too-large", "a formula too long or nested too deeply")
NOT_ALLOWED = register("formula.not-allowed", "a formula uses a name, call, constant or "
                       "construct that formulas do not allow")
ARITHMETIC = register("formula.arithmetic", "a formula divides by zero, overflows, has no real "
                      "value or raises to too large a power")


class FormulaError(ValueError):
    """A formula that cannot be parsed, refers to what it may not, or cannot be evaluated."""

    def __init__(self, message: str, hint: str = "formulas allow arithmetic over {fact.id}",
                 code: str = NOT_ALLOWED):
        super().__init__(message)
        self.hint, self.code = hint, code


class NotANumber(FormulaError):
    """A fact the formula uses holds no number; that fact's own check reports it."""


@dataclass(frozen=True)
class Formula:
    text: str
    ids: tuple[str, ...]
    tree: ast.Expression

    def evaluate(self, values: dict[str, float]) -> float:
        """Compute the formula with the given fact values."""
        env = {}
        for i, fid in enumerate(self.ids):
            v = values.get(fid)
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise NotANumber(f"fact '{fid}' in formula '{self.text}' holds no number")
            try:
                env[f"_f{i}"] = float(v)
            except OverflowError:
                raise NotANumber(f"fact '{fid}' is too large for arithmetic") from None
        try:
            result = float(_eval(self.tree.body, env))
        except ZeroDivisionError:
            raise FormulaError(f"formula '{self.text}' divides by zero", code=ARITHMETIC) from None
        except OverflowError:
            raise FormulaError(f"formula '{self.text}' overflows", code=ARITHMETIC) from None
        except FormulaError as e:
            raise FormulaError(f"formula '{self.text}': {e}", e.hint, e.code) from None
        if not math.isfinite(result):
            raise FormulaError(f"formula '{self.text}' has no finite value", code=ARITHMETIC)
        return result


def parse(text: str) -> Formula:
    """Parse a formula; raise FormulaError naming what is not allowed."""
    ids: list[str] = []

    def swap(m: re.Match) -> str:
        fid = m.group(1).strip()
        if fid not in ids:
            ids.append(fid)
        return f"_f{ids.index(fid)}"

    if len(str(text)) > MAX_LENGTH:
        raise FormulaError(f"formula of {len(str(text)):,} characters is too long",
                           f"formulas are at most {MAX_LENGTH:,} characters: split the sum "
                           "into facts or rules", TOO_LARGE)
    source = PLACEHOLDER.sub(swap, str(text))
    tree = _TREES.get(source)
    if tree is None:
        try:
            tree = ast.parse(source, mode="eval")
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            raise FormulaError(f"'{text[:60]}' is not a formula", "write e.g. {a.b} + {c.d}",
                               SYNTAX) from None
        _vet(tree.body, text, 0)
        if len(_TREES) < 10_000:
            _TREES[source] = tree
    return Formula(str(text), tuple(ids), tree)


# Vetted trees by their text with ids swapped out: most formulas share a few shapes ({a},
# {a} + {b}), and parsing is the costly part. A tree is never changed after parsing.
_TREES: dict[str, ast.Expression] = {}


def _vet(node: ast.AST, text: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(f"formula '{text[:60]}…' nests deeper than {MAX_DEPTH} levels",
                           "use sum(…) for long sums, or split the formula", TOO_LARGE)
    depth += 1
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
        _vet(node.left, text, depth)
        _vet(node.right, text, depth)
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _vet(node.operand, text, depth)
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            raise FormulaError(f"formula '{text}' calls '{name}', which is not allowed",
                               "the functions allowed are " + ", ".join(FUNCTIONS))
        if node.keywords:
            raise FormulaError(f"formula '{text}' passes keyword arguments, which are not allowed")
        fewest, most = ARITY[node.func.id]
        if not fewest <= len(node.args) <= most:
            raise FormulaError(f"formula '{text}' gives {node.func.id} {len(node.args)} "
                               "arguments", f"{node.func.id} takes {fewest}"
                               + (f" to {most}" if most != fewest else ""))
        for arg in node.args:
            _vet(arg, text, depth)
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
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](_eval(node.left, env), _eval(node.right, env))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.Call):
        args = [_eval(a, env) for a in node.args]
        if node.func.id == "round" and len(args) == 2:
            return round(args[0], int(args[1]))
        return FUNCTIONS[node.func.id](*args)
    raise FormulaError("unexpected node")  # _vet keeps this unreachable
