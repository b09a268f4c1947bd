"""Parameters from Python values, and values back: every type round-trips."""

import math

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
