"""The Python API: screen an inventory, look up one substance, rank substitutes.

    >>> from cepn_screen import assess, lookup, substitute
    >>> result = assess("inventory.xlsx")          # or a list of dicts, one per row
    >>> result.to_records()[0]["priority"]         # the rows as the CSV output has them
    >>> result.to_dataframe()                      # pandas: 'cepn-screen[dataframe]'

Results keep the full typed objects (`.assessment`, `.row`, `.shortlist`, see
cepn_screen/core/models.py) next to the flat records. Everything runs offline unless a
resolver with PubChem access is passed. Unknown facts stay unknown in the records (an empty
cell, or `unknown` for H-codes), never zero or "none".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from cepn_screen.core.errors import InputError, MissingDependency
from cepn_screen.core.models import Assessment, RowAssessment
from cepn_screen.inventory.load import load_inventory, rows_from_table
from cepn_screen.knowledge.base import data_dir
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.pipeline.lookup import lookup as _lookup
from cepn_screen.report.flat import COLUMNS, flat_row
from cepn_screen.report.substitution import csv_rows
from cepn_screen.substitution.substitute import Shortlist
from cepn_screen.substitution.substitute import substitute as _substitute

__all__ = ["assess", "lookup", "substitute", "example_inventory", "AssessResult",
           "LookupResult", "SubstituteResult"]


def _dataframe(records: list[dict], columns: Iterable[str] | None = None):
    try:
        import pandas
    except ImportError:
        raise MissingDependency("to_dataframe() needs pandas: pip install "
                                "'cepn-screen[dataframe]' (or use to_records())") from None
    return pandas.DataFrame.from_records(records, columns=list(columns) if columns else None)


@dataclass(frozen=True)
class AssessResult:
    """The screening of an inventory: one `RowAssessment` per input row."""

    assessment: Assessment

    @property
    def rows(self) -> list[RowAssessment]:
        return self.assessment.rows

    def __len__(self) -> int:
        return len(self.assessment.rows)

    def __iter__(self) -> Iterator[RowAssessment]:
        return iter(self.assessment.rows)

    def to_records(self) -> list[dict]:
        """One flat dict per row, with the columns and values of `assess -f csv`."""
        return [_csv_record(r) for r in self.assessment.rows]

    def to_dataframe(self):
        """The records as a pandas DataFrame (columns in CSV order)."""
        return _dataframe(self.to_records(), COLUMNS)


@dataclass(frozen=True)
class LookupResult:
    """One substance screened: identity, profile, findings and scores."""

    row: RowAssessment

    @property
    def resolved(self) -> bool:
        return self.row.resolution.status == "resolved"

    @property
    def cas(self) -> str | None:
        return self.row.resolution.cas

    @property
    def name(self) -> str | None:
        return self.row.resolution.name

    @property
    def h_codes(self) -> list[str] | None:
        """The H-codes, or None when the classification is unknown (not an empty list)."""
        p = self.row.profile
        return None if p is None or p.h_codes is None else list(p.h_codes)

    def to_records(self) -> list[dict]:
        """A one-element list: the flat record of the substance (as `assess -f csv`)."""
        return [_csv_record(self.row)]

    def to_dataframe(self):
        return _dataframe(self.to_records(), COLUMNS)


@dataclass(frozen=True)
class SubstituteResult:
    """Ranked candidates to replace a chemical, each with its reasons."""

    shortlist: Shortlist

    def __len__(self) -> int:
        return len(self.shortlist.candidates)

    def to_records(self) -> list[dict]:
        """One flat dict per candidate, with the columns of `substitute -f csv`."""
        return csv_rows(self.shortlist)

    def to_dataframe(self):
        return _dataframe(self.to_records(), ["target", "target_cas", "process", "rank", "cas",
                                              "name", "ra", "safety", "health", "environment",
                                              "reasons"])


def _csv_record(ra: RowAssessment) -> dict:
    """The CSV columns of one row, in order (flat_row also carries renderer-only keys)."""
    flat = flat_row(ra)
    return {k: flat[k] for k in COLUMNS}


def example_inventory() -> Path:
    """The bundled example inventory (an electronics plant), as used by `assess --example`."""
    return data_dir() / "examples" / "electronics_plant.csv"


def _rows(inventory, sheet: str | None):
    if isinstance(inventory, str | Path):
        return load_inventory(inventory, sheet=sheet), Path(inventory).name
    records = list(inventory)
    if not records or not all(isinstance(r, Mapping) for r in records):
        raise InputError("give a file path or a non-empty list of dicts (one per row)")
    headers = list(dict.fromkeys(k for r in records for k in r))
    table = [headers] + [["" if r.get(h) is None else str(r.get(h)) for h in headers]
                         for r in records]
    return rows_from_table(table, source="<records>"), "<records>"


def assess(inventory: str | Path | Iterable[Mapping], *, sheet: str | None = None,
           rule_sets=None, resolver=None, oel_source: str = "lowest") -> AssessResult:
    """Screen an inventory: identify every row, profile it, apply the rules, score it.

    `inventory` is a file (CSV, XLSX or Parquet, as for `cepn-screen assess`) or a list of
    dicts with the same column names (e.g. ``[{"Chemical name": "n-hexane", "CAS No.":
    "110-54-3", "Area": "SMT-1"}]``). `rule_sets` defaults to the bundled rules, `resolver`
    to the offline one. Raises `InputError` for an unreadable inventory.
    """
    rows, name = _rows(inventory, sheet)
    a = assess_rows(rows, rule_sets=rule_sets, resolver=resolver, oel_source=oel_source,
                    inputs={"file": name, "rows": len(rows), "mode": "offline"})
    return AssessResult(a)


def lookup(query: str, *, rule_sets=None, resolver=None) -> LookupResult:
    """Screen one substance given by name (any of the five languages), CAS, SMILES or
    InChIKey. An unknown query gives a result with ``resolved == False``, not an error."""
    return LookupResult(_lookup(query, rule_sets=rule_sets, resolver=resolver))


def substitute(target: str | None = None, *, hsp: tuple[float, float, float] | None = None,
               radius: float | None = None, process: str = "general", top: int = 10,
               with_blends: bool = False, pool=None, rule_sets=None,
               resolver=None) -> SubstituteResult:
    """Rank safer alternatives to `target` (name, CAS or SMILES) or to a Hansen point
    `hsp` (δD, δP, δH in MPa½) for a process profile (general, wiping,
    vapour-degreasing, immersion, resist-strip, flux-cleaning). Raises `OptionError` for
    an unknown process and `NoHansenData` when the target has no Hansen parameters."""
    return SubstituteResult(_substitute(target, hsp=hsp, radius=radius, process=process,
                                        pool=pool, rule_sets=rule_sets, resolver=resolver,
                                        with_blends=with_blends, top=top))
