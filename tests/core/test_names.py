import pytest

from cepn_screen.core.names import (
    hill_formula,
    is_short_query,
    looks_like_formula,
    name_key,
    name_variants,
    parse_formula,
    split_composite,
    strip_grade,
)


def test_key_folds_case_accents_punctuation():
    assert name_key("N,N-Dimethylformamide") == name_key("n n dimethylformamide")
    assert name_key("Hexano") == name_key("héxano")
    assert name_key("Axít axetic") == name_key("axit axetic")
    assert name_key("đ") == "d"


def test_variants_strip_grade_and_brackets():
    keys = name_variants("Isopropyl alcohol (IPA) 99.9% technical grade")
    assert name_key("isopropyl alcohol") in keys
    assert name_key("IPA") in keys
    assert name_variants("丙酮 工业级")[1] == name_key("丙酮")


# ---------------------------------------------------------------- grade words, composites


@pytest.mark.parametrize("text,expected", [
    ("acetone 99%", "acetone"),
    ("ethanol 99.5 %", "ethanol"),
    ("Ethanol ≥99,8%", "Ethanol"),
    ("Acetone AR", "Acetone"),
    ("Acetone GR", "Acetone"),
    ("Methanol ACS", "Methanol"),
    ("Acetonitrile HPLC", "Acetonitrile"),
    ("toluene, reagent grade", "toluene"),
    ("xylene technical", "xylene"),
    ("HCl 37% p.a.", "HCl"),
    ("乙醇 分析纯", "乙醇"),  # zh: analytical reagent
    ("丙酮(化学纯)", "丙酮"),  # zh: chemically pure
    ("甲醇 优级纯", "甲醇"),  # zh: guaranteed reagent
    ("硫酸工业级", "硫酸"),  # zh: industrial grade
    ("ácido sulfúrico técnico", "ácido sulfúrico"),  # es
    ("acetona grado reactivo", "acetona"),  # es
    ("ácido clorhídrico para análisis", "ácido clorhídrico"),  # es
    ("asam sulfat teknis", "asam sulfat"),  # id
    ("aseton p.a.", "aseton"),  # id / es: pro analysi
    ("axit sunfuric kỹ thuật", "axit sunfuric"),  # vi: technical
    ("cồn tinh khiết", "cồn"),  # vi: pure
])
def test_grade_words_in_five_languages(text, expected):
    assert strip_grade(text) == expected


def test_grade_abbreviations_stay_inside_words():
    # "AR" and "EP" are grade marks only as words of their own.
    assert strip_grade("Argon") == "Argon"
    assert strip_grade("EPA test") == "EPA test"


@pytest.mark.parametrize("text,parts", [
    ("乙醇 / EtOH", ["乙醇", "EtOH"]),
    ("乙醇/EtOH", ["乙醇", "EtOH"]),
    ("二氯甲烷 / DCM", ["二氯甲烷", "DCM"]),
    ("Ethanol (EtOH)", ["Ethanol", "EtOH"]),
    ("乙醇（EtOH）", ["乙醇", "EtOH"]),
    ("DCM, dichloromethane", ["DCM", "dichloromethane"]),
    ("Isopropyl alcohol (IPA) 99.9%", ["Isopropyl alcohol", "IPA"]),
    ("甲苯；toluene", ["甲苯", "toluene"]),
])
def test_composite_labels_split(text, parts):
    assert split_composite(text) == parts


@pytest.mark.parametrize("text", [
    "Pd/C", "N,N-dimethylformamide", "1,1,1-trichloroethane", "copper(II) sulfate",
    "Copper (II) sulfate", "acetone, technical grade", "Acetone, 99%", "n-hexane",
])
def test_single_names_are_not_split(text):
    assert split_composite(text) == []


@pytest.mark.parametrize("text,hill", [
    ("SOCl₂", "Cl2OS"), ("H₂SO₄", "H2O4S"), ("H2SO4", "H2O4S"), ("NaOH", "HNaO"),
    ("HCl", "ClH"), ("KMnO4", "KMnO4"), ("C2H5OH", "C2H6O"), ("Ca(OH)2", "CaH2O2"),
    ("CuSO4·5H2O", "CuH10O9S"), ("NH4OH", "H5NO"),
])
def test_formulas_in_hill_order(text, hill):
    assert looks_like_formula(text)
    assert hill_formula(parse_formula(text)) == hill


@pytest.mark.parametrize("text", ["Acetone", "TEA", "Pd/C", "DMF", "NMP", "ethanol", ""])
def test_names_are_not_formulas(text):
    assert not looks_like_formula(text)


@pytest.mark.parametrize("text,short", [
    ("TEA", True), ("NaH", True), ("Pd/C", True), ("IPA", True), ("PGMEA", True),
    ("EtOH", True), ("acetone", False), ("n-hexane", False), ("Kleenz-X 2000", False),
])
def test_short_queries(text, short):
    assert is_short_query(text) is short
