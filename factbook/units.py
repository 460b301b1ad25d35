"""The registry of units: how each reads in English and what kind of quantity it measures.

Apart from the store's models (factbook.model), so that what only formats a figure's unit
does not import them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A unit of the registry: how it reads and what kind of quantity it measures."""

    singular: str
    plural: str
    kind: str  # count, money, ratio, duration, length, speed, energy, power, area, year, date
    symbol: str = ""  # shown right after the number ("km", "kWh"); money uses a prefix instead
    prefix: str = ""  # shown before the number ("US$")


UNITS: dict[str, Unit] = {
    "vehicles": Unit("vehicle", "vehicles", "count"),
    "vehicles_per_year": Unit("vehicle a year", "vehicles a year", "count"),
    "vehicles_per_month": Unit("vehicle a month", "vehicles a month", "count"),
    "vehicles_per_day": Unit("vehicle a day", "vehicles a day", "count"),
    "orders": Unit("order", "orders", "count"),
    "outlets": Unit("outlet", "outlets", "count"),
    "cities": Unit("city", "cities", "count"),
    "units": Unit("unit", "units", "count"),
    "people": Unit("person", "people", "count"),
    "CNY": Unit("yuan", "yuan", "money"),
    "USD": Unit("US dollar", "US dollars", "money", prefix="US$"),
    "CNY_per_USD": Unit("yuan per US dollar", "yuan per US dollar", "rate"),
    "percent": Unit("per cent", "per cent", "ratio", symbol="%"),
    "weeks": Unit("week", "weeks", "duration"),
    "days": Unit("day", "days", "duration"),
    "months": Unit("month", "months", "duration"),
    "years": Unit("year", "years", "duration"),
    "seconds": Unit("second", "seconds", "duration", symbol="s"),
    "km": Unit("kilometre", "kilometres", "length", symbol="km"),
    "mm": Unit("millimetre", "millimetres", "length", symbol="mm"),
    "km_per_h": Unit("kilometre per hour", "kilometres per hour", "speed", symbol="km/h"),
    "kWh": Unit("kilowatt-hour", "kilowatt-hours", "energy", symbol="kWh"),
    "kW": Unit("kilowatt", "kilowatts", "power", symbol="kW"),
    "PS": Unit("metric horsepower", "metric horsepower", "power", symbol="PS"),
    "hp": Unit("horsepower", "horsepower", "power", symbol="hp"),
    "m2": Unit("square metre", "square metres", "area", symbol="m²"),
    "year": Unit("year", "years", "year"),
    "date": Unit("date", "dates", "date"),
}
