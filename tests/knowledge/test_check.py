import shutil

import pytest

from cepn_screen.knowledge.base import data_dir
from cepn_screen.knowledge.check import check_data


def test_bundled_data_is_clean():
    problems = check_data()
    errors = [p for p in problems if p.level == "error"]
    assert errors == [], "\n".join(map(str, errors[:20]))
    # warnings only for limits without a year and pairs kept as their source prints them
    assert {p.code for p in problems} <= {"OEL_YEAR", "OEL_PAIR"}


@pytest.fixture
def data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    return root


def append(path, line):
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PLANTS = [
    # (what is planted, file, how, expected code)
    ("bad check digit", "substances.csv",
     lambda p: replace(p, "110-54-3,n-hexane", "110-54-4,n-hexane"), "CAS"),
    ("unparsable SMILES", "substances.csv",
     lambda p: replace(p, ",CCCCCC,", ",CCCC((C,"), "SMILES"),
    ("InChIKey of another structure", "substances.csv",
     lambda p: replace(p, "VLKZOEOYAKHREP-UHFFFAOYSA-N", "CSCPPACGZOOCGX-UHFFFAOYSA-N"),
     "INCHIKEY"),
    ("structure disagrees with chemicals DB", "substances.csv",
     lambda p: replace(p, "110-54-3,n-hexane,alkane,CCCCCC,VLKZOEOYAKHREP-UHFFFAOYSA-N",
                       "110-54-3,n-hexane,alkane,CCCCCCC,IMNFDUFMRHMDMM-UHFFFAOYSA-N"),
     "DB_MISMATCH"),
    ("boiling point in kelvin", "properties.csv",
     lambda p: replace(p, "67-64-1,boiling_point_c,56.1,", "67-64-1,boiling_point_c,329.2,"),
     "DB_DISAGREE"),
    ("flash point above boiling point", "properties.csv",
     lambda p: append(p, "7732-18-5,flash_point_c,150,chemicals-db,measured,,"), "RANGE"),
    ("negative vapour pressure", "properties.csv",
     lambda p: append(p, "7732-18-5,vapour_pressure_kpa_20c,-2,chemicals-db,correlation,,"),
     "RANGE"),
    ("unknown H-code", "hazards.csv",
     lambda p: append(p, "67-64-1,H999,harmonised,clp-annex-vi,,"), "HCODE"),
    ("fact without source", "oels.csv",
     lambda p: append(p, "67-64-1,ACGIH,TWA,250,ppm,,2020,,,"), "UNSOURCED"),
    ("source id that does not exist", "hansen.csv",
     lambda p: append(p, "67-64-1,15.5,10.4,7.0,experimental,no-such-source,"), "SOURCE"),
    ("one name, two substances", "synonyms.csv",
     lambda p: append(p, "64-17-5,acetone,en,common,chemicals-db"), "NAME_CLASH"),
    ("fact about a substance not in the list", "lists.csv",
     lambda p: append(p, "50-00-0,iarc,1,2006,iarc-monographs,,"), "UNKNOWN_CAS"),
    ("representative structure with an InChIKey", "substances.csv",
     lambda p: replace(p, "Cc1cccc(C)c1,,representative", "Cc1cccc(C)c1,"
                       "IVSZLXZYQVIEFR-UHFFFAOYSA-N,representative"), "REPRESENTATIVE"),
    ("most-used entry that is not a substance", "most_used.csv",
     lambda p: append(p, "50-00-0,formaldehyde"), "UNKNOWN_CAS"),
    ("word outside the vocabulary", "oels.csv",
     lambda p: append(p, "67-64-1,ACGIH,TWA,250,ppb,,2020,chemicals-db,,"), "VOCAB"),
]


@pytest.mark.parametrize("label,file,plant,code", PLANTS, ids=[p[0] for p in PLANTS])
def test_planted_error_is_caught(data_copy, label, file, plant, code):
    plant(data_copy / file)
    problems = check_data(data_copy)
    assert any(p.code == code and p.file == file for p in problems), \
        [str(p) for p in problems]


def test_stats_count_the_tables_and_name_the_gaps(data_copy):
    from cepn_screen.knowledge.stats import collect

    full = collect(data_copy)
    assert full.substances == len((data_copy / "substances.csv").read_text(
        encoding="utf-8").strip().splitlines()) - 1
    assert full.most_used == 60
    assert "7732-18-5" not in full.gaps["boiling_point"]
    # Take away water's boiling point: it becomes a gap and the count drops by one.
    props = data_copy / "properties.csv"
    lines = props.read_text(encoding="utf-8").splitlines(keepends=True)
    props.write_text("".join(ln for ln in lines
                             if not ln.startswith("7732-18-5,boiling_point_c,")),
                     encoding="utf-8")
    cut = collect(data_copy)
    assert "7732-18-5" in cut.gaps["boiling_point"]
    assert cut.fields["boiling_point"] == full.fields["boiling_point"] - 1


def test_reviewed_disagreement_and_decomposition_are_accepted(data_copy):
    """A boiling point kept on purpose against the database, and 'none' for a substance
    that decomposes, pass; the same value without the note is still caught."""
    props = data_copy / "properties.csv"
    replace(props, "67-64-1,boiling_point_c,56.1,chemicals-db,measured,",
            "67-64-1,boiling_point_c,329.2,chemicals-db,measured,")
    assert any(p.code == "DB_DISAGREE" for p in check_data(data_copy))
    text = props.read_text(encoding="utf-8").replace(
        "67-64-1,boiling_point_c,329.2,chemicals-db,measured,CRC_ORG,",
        "67-64-1,boiling_point_c,329.2,chemicals-db,measured,CRC_ORG,"
        "differs from the chemicals database on purpose", 1)
    props.write_text(text, encoding="utf-8")
    assert not any(p.code == "DB_DISAGREE" for p in check_data(data_copy))
    assert "75-59-2,boiling_point_c,none," in text


def test_data_stats_cli_prints_counts_and_strict_fails_on_gaps(cli):
    from cepn_screen.knowledge.stats import collect

    gaps = any(collect().gaps.values())
    p = cli("data", "stats", "--strict")
    assert p.returncode == (1 if gaps else 0), p.stderr
    assert "substances: " in p.stdout and "classification rows per kind: " in p.stdout
    assert ("GAP no classification" in p.stdout) == bool(collect().gaps["classification"])
    for line in p.stdout.splitlines():  # one line per gap kind, never wrapped
        if line.startswith("GAP no classification: "):
            listed = line.split(": ", 1)[1].split(", ")
            assert sorted(listed) == sorted(collect().gaps["classification"])
    assert cli("data", "stats").returncode == 0


OEL_HEAD = "cas,agency,limit_type,value,unit,skin,year,source,ref,note"


def _oel_problems(data_copy, *lines):
    first = len((data_copy / "oels.csv").read_text(encoding="utf-8").splitlines()) + 1
    for line in lines:
        append(data_copy / "oels.csv", line)
    return [p for p in check_data(data_copy, cross_check_db=False)
            if p.code.startswith("OEL_") and p.line >= first]


def test_oel_without_source_or_year(data_copy):
    probs = _oel_problems(data_copy, "67-64-1,Mexico,TWA,500,ppm,,,,NOM-010 table,")
    codes = {(p.code, p.level) for p in probs}
    assert ("OEL_SOURCE", "error") in codes and ("OEL_YEAR", "warning") in codes


def test_oel_pair_disagreeing_with_molar_mass(data_copy):
    # acetone 500 ppm = 1188 mg/m3 at 25 °C; 1500 is 26 % off, 1200 is within 5 %
    bad = _oel_problems(data_copy, "67-64-1,Mexico,TWA,500,ppm,,2014,chemicals-db,x,",
                        "67-64-1,Mexico,TWA,1500,mg/m3,,2014,chemicals-db,x,")
    assert [(p.code, p.level) for p in bad] == [("OEL_PAIR", "error")]


def test_oel_pair_within_tolerance(data_copy):
    ok = _oel_problems(data_copy, "67-64-1,Mexico,TWA,500,ppm,,2014,chemicals-db,x,",
                       "67-64-1,Mexico,TWA,1200,mg/m3,,2014,chemicals-db,x,")
    assert ok == []


def test_oel_duplicate_agency_type_unit(data_copy):
    dup = _oel_problems(data_copy, "67-64-1,Mexico,TWA,500,ppm,,2014,chemicals-db,x,",
                        "67-64-1,Mexico,TWA,250,ppm,,2014,chemicals-db,y,")
    assert [p.code for p in dup] == ["OEL_DUPLICATE"]
    # a superseded row is history: no duplicate
    ok = _oel_problems(data_copy, "67-64-1,Indonesia,TWA,500,ppm,,2018,chemicals-db,x,",
                       "67-64-1,Indonesia,TWA,750,ppm,,2010,chemicals-db,y,superseded by x")
    assert ok == []
