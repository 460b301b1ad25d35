from datetime import date

import pytest

from factbook.periods import PeriodError, format_span, iso_start, parse_date, parse_period


@pytest.mark.parametrize("text,start,end,words", [
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ("2025-H2", date(2025, 7, 1), date(2025, 12, 31), "H2 2025"),
    ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "Q1 2024"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "February 2024"),
    ("2025-11-20", date(2025, 11, 20), date(2025, 11, 20), "20 November 2025"),
    ("2025-01/2025-11", date(2025, 1, 1), date(2025, 11, 30), "January–November 2025"),
    ("2024-04/2025-03", date(2024, 4, 1), date(2025, 3, 31), "April 2024 – March 2025"),
    ("2025/2030", date(2025, 1, 1), date(2030, 12, 31), "2025–2030"),
    ("2024-03-28/2024-03-29", date(2024, 3, 28), date(2024, 3, 29), "28–29 March 2024"),
])
def test_periods_read_and_print(text, start, end, words):
    span = parse_period(text)
    assert (span.start, span.end) == (start, end)
    assert format_span(span) == words


@pytest.mark.parametrize("text", ["2025-02-29", "2025-13", "2025-Q5", "25-11", "2025/2024",
                                  "next year"])
def test_bad_periods_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_partial_dates_and_their_machine_form():
    assert iso_start(parse_date("2023-12")) == "2023-12"
    assert iso_start(parse_date("2024-03-28")) == "2024-03-28"
    assert parse_date("2023-12").contains(parse_date("2023-12-28"))
    with pytest.raises(PeriodError):
        parse_date("2025-Q3")
