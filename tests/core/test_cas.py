import pytest

from cepn_screen.core.cas import check_digit, near_misses, parse_cas


@pytest.mark.parametrize("text,cas", [
    ("67-64-1", "67-64-1"),
    ("0067-64-1", "67-64-1"),
    ("67 64 1", "67-64-1"),
    ("67641", "67-64-1"),
    ("CAS 67-64-1", "67-64-1"),
    ("CAS No.: 110-54-3", "110-54-3"),
    ("６７－６４－１", "67-64-1"),  # full-width, as Chinese spreadsheets write it
    ("67–64–1", "67-64-1"),  # en dashes
    ("7732-18-5 ", "7732-18-5"),
    ("67641.0", "67-64-1"),  # a numeric Excel cell
])
def test_valid_forms_normalise(text, cas):
    check = parse_cas(text)
    assert check.valid and check.cas == cas and check.problem is None


@pytest.mark.parametrize("text", ["67-64-2", "110-54-4", "79-01-5"])
def test_bad_check_digit_keeps_shape(text):
    check = parse_cas(text)
    assert not check.valid and check.problem == "invalid_cas" and check.cas == text


@pytest.mark.parametrize("text", ["acetone", "12-3", "1-234-5", "N/A", "67-64-1-2"])
def test_not_a_cas(text):
    assert parse_cas(text).problem == "not_a_cas"


def test_empty():
    assert parse_cas("").problem == "empty" and parse_cas(None).problem == "empty"


def test_check_digit_worked_example():
    # 7732-18-5: 8*1 + 1*2 + 2*3 + 3*4 + 7*5 + 7*6 = 105 -> 5
    assert check_digit("773218") == 5


def test_near_misses_find_the_intended_number():
    # One digit slip in acetone's CAS; the real number is among the valid neighbours.
    assert "67-64-1" in near_misses("67-64-2")
    # A swap of two neighbouring digits in n-hexane's CAS.
    assert "110-54-3" in near_misses("110-45-3")
    assert all(parse_cas(c).valid for c in near_misses("67-64-2"))
