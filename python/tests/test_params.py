"""Parameters from Python values, and values back: every type round-trips."""

import datetime
import math
import zoneinfo

import pytest

import kizuna

ROUND_TRIPS = [
    None,
    True,
    False,
    0,
    -(2**63),
    2**63 - 1,
    1.5,
    -0.0,
    "",
    "亀田総合病院",
    [1, "two", None, [3.0]],
    {"a": 1, "nested": {"b": [True, "x"]}},
    [],
    {},
    datetime.date(2020, 3, 24),
    datetime.time(14, 30, 5, 250),
    datetime.time(14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=6))),
    datetime.datetime(2020, 3, 24, 14, 30, 0, 999999),
    datetime.datetime(2020, 3, 24, 14, 30, tzinfo=datetime.timezone.utc),
    datetime.datetime(2020, 3, 24, 14, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty")),
]


@pytest.mark.parametrize("value", ROUND_TRIPS, ids=repr)
def test_a_parameter_comes_back_as_it_went(value):
    with kizuna.open() as db:
        [(back,)] = db.execute("RETURN $v AS v", {"v": value}).fetchall()
    assert back == value and type(back) is type(value)


def test_a_tuple_is_a_list_and_special_floats_survive():
    with kizuna.open() as db:
        assert db.execute("RETURN $v", {"v": (1, 2)}).fetchall() == [([1, 2],)]
        [(inf, nan)] = db.execute("RETURN $a, $b", {"a": math.inf, "b": math.nan}).fetchall()
    assert inf == math.inf and math.isnan(nan)


def test_dates_and_times_are_cypher_temporal_values():
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    with kizuna.open() as db:
        [row] = db.execute(
            "RETURN $d.year AS year, $d + duration('P1M') AS next, $t + $gap AS later, "
            "$z.timezone AS zone, toString($z) AS text, date('1999-12-31') AS d, "
            "datetime('2021-11-07T01:30-05:00[America/New_York]') AS repeated, "
            "localtime('10:00:00.123456789') AS cut, duration('P1M2D') AS span, "
            "date('+20000-01-01') AS far",
            {"d": datetime.date(2020, 3, 24), "t": datetime.datetime(2020, 3, 24, 23, 0),
             "gap": datetime.timedelta(hours=2), "z": datetime.datetime(2020, 3, 24, 14, 30, tzinfo=almaty)},
        ).fetchall()
    year, next_month, later, zone, text, d, repeated, cut, span, far = row
    assert (year, next_month, later) == (2020, datetime.date(2020, 4, 24), datetime.datetime(2020, 3, 25, 1, 0))
    assert zone == "Asia/Almaty" and text.endswith("[Asia/Almaty]")
    assert d == datetime.date(1999, 12, 31)
    # The second 01:30 of the night the clocks went back: Python's fold tells them apart.
    assert repeated.fold == 1 and repeated.utcoffset() == datetime.timedelta(hours=-5)
    assert repeated.tzinfo == zoneinfo.ZoneInfo("America/New_York")
    assert cut == datetime.time(10, 0, 0, 123456)
    assert (span, far) == ("P1M2D", "+20000-01-01")


def test_parameters_are_stored_and_compared(seeded):
    seeded.execute(
        "CREATE (:Probe {name: $name, n: $n, ok: $ok, tags: $tags})",
        {"name": "probe", "n": 7, "ok": True, "tags": ["a", "b"]},
    )
    rows = seeded.execute("MATCH (p:Probe) WHERE p.n > $low RETURN properties(p)", {"low": 6}).fetchall()
    assert rows == [({"name": "probe", "n": 7, "ok": True, "tags": ["a", "b"]},)]


@pytest.mark.parametrize(
    "value, error",
    [(2**63, OverflowError), (object(), TypeError), ({1: "x"}, TypeError), ({1, 2}, TypeError)],
    ids=["too big", "object", "int key", "set"],
)
def test_values_that_are_not_cypher_are_refused(value, error):
    with kizuna.open() as db:
        with pytest.raises(error, match="`v`"):
            db.execute("RETURN $v", {"v": value})


def test_a_missing_parameter_is_a_query_error():
    with kizuna.open() as db:
        with pytest.raises(kizuna.QueryError) as caught:
            db.execute("RETURN $absent")
    assert caught.value.kind == "ParameterMissing"
