import pytest

from normalize.numbers import parse_number, parse_percent, parse_quantity, parse_rupiah
from normalize.units import canonical_unit


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("1.762 Orang", 1762, "orang"),
        ("14.000 orang", 14000, "orang"),
        ("50.05%", 50.05, "persen"),
        ("0,25", 0.25, None),
        ("12.081.204.858", 12081204858, None),
        ("2,71%", 2.71, "persen"),
        ("86 Nilai Indeks", 86, "indeks"),
        ("20 orang/bulan", 20, "orang/bulan"),
        ("5 Kab/Kota", 5, "kab/kota"),
        ("85,50", 85.5, None),
        ("1.234,56", 1234.56, None),
        ("-", None, None),
        ("N/A", None, None),
    ],
)
def test_indonesian_numbers(text, value, unit):
    q = parse_quantity(text)
    assert q.value == (pytest.approx(value) if value is not None else None)
    assert q.unit == unit


@pytest.mark.parametrize(
    "text, value",
    [
        ("Rp 2.526.926.600", 2526926600),
        ("Rp.18.000.000", 18000000),
        ("Rp. 1.544.000.000,-", 1544000000),
        ("Rn 4 800 000", 4800000),
        ("Ro. 83.400.000", 83400000),
        ("11.973.794.858", 11973794858),
    ],
)
def test_rupiah_including_mangled_prefixes(text, value):
    assert parse_rupiah(text).value == value


def test_compound_target_keeps_the_other_targets():
    q = parse_quantity("Persen 80 12 LPK 4 BLK")
    assert (q.value, q.unit, q.rest) == (80, "persen", "12 LPK 4 BLK")


def test_predikat_is_text_with_no_number():
    q = parse_quantity("BB")
    assert q.value is None and q.kind == "predikat"


def test_ambiguous_thousands_dot_is_decided_by_context_and_recorded():
    assert parse_number("4.250", decimal_context=True) == (4.25, "'4.250' read as a decimal (4.250)")
    assert parse_number("4.250", decimal_context=False) == (4250, None)
    value, note = parse_number("4.250")
    assert value == 4250 and "thousands" in note
    assert parse_percent("4.250").value == 4.25


def test_units_share_one_vocabulary():
    assert {canonical_unit(u) for u in ("Persen", "%", "prosen")} == {"persen"}
    assert canonical_unit("Nilai Indeks") == "indeks"
    assert canonical_unit("Sertifikat") == "sertifikat"


# --- property-based: every way Indonesian documents print a number reads back to the number ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _groups(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**13))
def test_thousands_dots_read_back_as_whole_numbers(n):
    """'12.081.204.858' with a unit or as money is always the whole number."""
    printed = _groups(n, ".")
    assert parse_rupiah(printed).value == n
    assert parse_rupiah(f"Rp. {printed},-").value == n
    assert parse_rupiah(f"Rp {printed},00").value == n
    assert parse_quantity(f"{printed} orang").value == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_comma_with_thousands_dots(whole, cents):
    """'1.234,56' is 1234.56; '0,25' is 0.25."""
    printed = f"{_groups(whole, '.')},{cents:02d}"
    assert parse_quantity(printed).value == pytest.approx(whole + cents / 100)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=99))
def test_percent_with_comma_or_point_decimal(whole, frac):
    """'85,5%', '85.5%', '85,50 %' and '85.50 Persen' are all 85.5 percent."""
    value = whole + frac / 100
    for printed in (f"{whole},{frac:02d}%", f"{whole}.{frac:02d}%", f"{whole},{frac:02d} %", f"{whole}.{frac:02d} Persen"):
        q = parse_quantity(printed)
        assert q.value == pytest.approx(value) and q.unit == "persen", printed


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_lone_dot_three_digits_follows_the_unit(head, tail):
    """'4.250' is 4250 people but a score of 4.25; without a unit the reading is recorded."""
    printed = f"{head}.{tail:03d}"
    assert parse_quantity(f"{printed} orang").value == head * 1000 + tail
    assert parse_quantity(f"{printed} indeks").value == pytest.approx(head + tail / 1000)
    q = parse_quantity(printed)
    assert q.value == head * 1000 + tail and q.note


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_space_grouped_money(n):
    """'Rn 4 800 000' (spaces for dots, OCR'd 'Rp') is still the whole number."""
    assert parse_rupiah("Rp " + _groups(n, " ")).value == n
