import pytest

from factbook.formulas import FormulaError, parse


def test_arithmetic_over_fact_ids():
    f = parse("({a.b} + {c.d-2}) / 2 - abs(-1) + max({a.b}, 3) ** 2")
    assert f.ids == ("a.b", "c.d-2")
    assert f.evaluate({"a.b": 4, "c.d-2": 6}) == pytest.approx(5 - 1 + 16)


@pytest.mark.parametrize("text,words", [
    ("__import__('os')", "calls '__import__'"),
    ("__import__('os').system('x')", "calls '__import__('os').system'"),
    ("{a.b}.real", "attribute access"),
    ("open('x')", "calls 'open'"),
    ("{a.b}[0]", "subscripts"),
    ("{a.b} > 1", "comparisons"),
    ("x + 1", "uses the name 'x'"),
    ("'a' * 3", "not a number"),
    ("round({a.b}, ndigits=2)", "keyword arguments"),
    ("(lambda: 1)()", "calls"),
    ("{a.b} +", "is not a formula"),
])
def test_anything_beyond_arithmetic_is_refused(text, words):
    with pytest.raises(FormulaError) as err:
        parse(text)
    assert words in str(err.value)


def test_division_by_zero_is_an_error_not_a_crash():
    with pytest.raises(FormulaError, match="divides by zero"):
        parse("{a.b} / {c.d}").evaluate({"a.b": 1, "c.d": 0})
