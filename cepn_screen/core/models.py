"""Typed values passed between the stages: load -> resolve -> profile -> rules -> score."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cepn_screen.core.hazard_classes import classes_of_code


@dataclass(frozen=True)
class Concentration:
    """A mass fraction in percent, as a range; `text` keeps what the user wrote."""

    low: float | None
    high: float | None
    text: str

    @property
    def nominal(self) -> float | None:
        """Midpoint of the range, used where one figure is needed (e.g. sums)."""
        if self.low is None and self.high is None:
            return None
        if self.low is None:
            return self.high
        if self.high is None:
            return self.low
        return (self.low + self.high) / 2


@dataclass
class InventoryRow:
    """One data row of the inventory, exactly as given, with parsed fields beside it."""

    row: int  # 1-based data-row number (header excluded)
    id: str
    cells: dict[str, str]  # original header -> original cell text
    name: str | None = None
    cas: str | None = None
    smiles: str | None = None
    product: str | None = None
    concentration: Concentration | None = None
    quantity: float | None = None
    unit: str | None = None
    process: str | None = None
    area: str | None = None
    workers: int | None = None
    process_temperature_c: float | None = None
    country: str | None = None  # jurisdiction code (CN, MX, ...) whose limits bind this row
    problems: list[str] = field(default_factory=list)  # row-level parse warnings (codes)


@dataclass(frozen=True)
class Candidate:
    cas: str | None
    name: str
    source: str


@dataclass(frozen=True)
class OnlineClassification:
    """One GHS classification PubChem reports for a substance the offline data lack
    (kind `pubchem`): the codes acted on, every notifier share, and where it came from."""

    h_codes: tuple[str, ...]
    ref: str  # "CID 123; European Chemicals Agency (ECHA)"
    shares: dict[str, float] = field(default_factory=dict)  # code -> % of notifiers
    note: str = ""
    kind: str = "pubchem"
    source: str = "pubchem"


@dataclass
class Component:
    """One component of a trade product, from the curated compositions; `h_codes` is
    filled in (and `screened` set) once the component has been screened."""

    cas: str | None
    name: str | None
    fraction_min: float | None
    fraction_max: float | None
    source: str
    h_codes: list[str] | None = None
    screened: bool = False

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"cas": self.cas, "name": self.name,
                             "fraction_min": self.fraction_min,
                             "fraction_max": self.fraction_max, "source": self.source}
        if self.screened:
            d["h_codes"] = self.h_codes
        return d


@dataclass
class Resolution:
    """Who the row is: status resolved | unresolved | ambiguous."""

    status: str
    cas: str | None = None
    name: str | None = None
    smiles: str | None = None
    inchikey: str | None = None
    pubchem_cid: int | None = None
    source: str | None = None  # cas | curated | chemicals-db | smiles | inchikey | pubchem
    matched: str | None = None  # the text that matched
    warnings: list[str] = field(default_factory=list)
    reason: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)  # trade products
    hazards: list[OnlineClassification] = field(default_factory=list)  # from PubChem


@dataclass(frozen=True)
class Fact:
    """A value with where it came from."""

    value: Any
    source: str
    kind: str = ""
    ref: str = ""


@dataclass(frozen=True)
class ExposureLimit:
    agency: str
    limit_type: str
    value: float
    unit: str
    skin: bool | None
    year: int | None
    source: str
    ref: str = ""
    note: str = ""

    @property
    def superseded(self) -> bool:
        """Replaced by a later value of the same agency: kept for the record only."""
        return self.note.lower().startswith("superseded")

    @property
    def may_be_superseded(self) -> bool:
        """A second-hand value that may be out of date (the 1994-quoted ACGIH TLVs)."""
        return self.note.lower().startswith("may be superseded")

    def stale_reason(self, current_year: int) -> str | None:
        """Why this limit may no longer be current, or None. A limit with no year is stale
        too: its age is unknown, and an unknown is never taken as current."""
        if self.may_be_superseded:
            return "noted as possibly superseded" + (f" (quoted from {self.year})"
                                                    if self.year else "")
        if self.year is None:
            return "year of the value not recorded"
        if self.year < current_year - 10:
            return f"from {self.year}, more than 10 years before {current_year}"
        return None

    def label(self) -> str:
        return f"{self.agency} {self.limit_type} {self.value:g} {self.unit}" + (
            f" ({self.year})" if self.year else " (year unknown)")


def current_year() -> int:
    """This year, against which a limit's age is judged (tests pass a fixed year)."""
    return datetime.date.today().year


def _r4(v: float | None) -> float | None:
    """Four significant figures."""
    return None if v is None else float(f"{v:.4g}")


@dataclass(frozen=True)
class ChosenLimit:
    """The exposure limit a figure is worked out against, in both units."""

    limit: ExposureLimit
    ppm: float | None
    mg_m3: float | None
    reason: str = ""  # which limit was used and why (country, agency, lowest)
    stale_reason: str | None = None  # why the value may not be current; None: current

    @property
    def stale(self) -> bool:
        return self.stale_reason is not None

    def as_dict(self) -> dict:
        e = self.limit
        return {"agency": e.agency, "type": e.limit_type, "value": e.value, "unit": e.unit,
                "value_ppm": _r4(self.ppm), "value_mg_m3": _r4(self.mg_m3), "skin": e.skin,
                "year": e.year, "source": e.source, "ref": e.ref, "reason": self.reason,
                "stale": self.stale, "stale_reason": self.stale_reason}

    def plain(self) -> str:
        e = self.limit
        return f"{e.agency} {e.limit_type} {e.value:g} {e.unit}" + (
            f" ({e.year})" if e.year else "") + (" [stale]" if self.stale else "")


@dataclass(frozen=True)
class Banding:
    """A control-banding result (COSHH Essentials / ILO toolkit); approach None: unknown."""

    group: str | None
    skin: bool
    volatility: str | None
    quantity: str | None
    approach: int | None
    reason: str
    meaning: str | None = None
    # "skin" (H317) and/or "respiratory" (H334): a sensitiser needs exposure kept as low as
    # possible whatever the approach, and workers told (COSHH Essentials sheets).
    sensitiser: tuple[str, ...] = ()
    # When approach is None: what is unknown and why ("unknown period in unit 'L/mes'"),
    # for the footnote of the tables' Ctrl column (the full chain stays in `reason`).
    unknown_reason: str | None = None

    @property
    def resp_flag(self) -> bool:
        return "respiratory" in self.sensitiser

    def as_dict(self) -> dict:
        return {"hazard_group": self.group, "skin_flag": self.skin,
                "resp_flag": self.resp_flag, "sensitiser": list(self.sensitiser),
                "volatility": self.volatility, "quantity_band": self.quantity,
                "approach": self.approach, "meaning": self.meaning, "reason": self.reason}


@dataclass(frozen=True)
class VhrPart:
    name: str
    cas: str | None
    mole_fraction: float
    partial_vhr: float

    def as_dict(self) -> dict:
        return {"name": self.name, "cas": self.cas, "mole_fraction": self.mole_fraction,
                "partial_vhr": self.partial_vhr}


@dataclass(frozen=True)
class MixtureVhr:
    """A liquid mixture's vapour hazard ratio; None when no component's part is known."""

    vhr: float | None
    components: tuple[VhrPart, ...]
    unknown: tuple[str, ...]  # components whose part could not be worked out


@dataclass(frozen=True)
class RowExposure:
    """One row's exposure figures: the limit used, vapour hazard ratio, control band."""

    oel: ChosenLimit | None
    vhr: float | None
    control_banding: Banding | None

    def as_dict(self) -> dict:
        return {"oel": self.oel.as_dict() if self.oel else None, "vhr": self.vhr,
                "control_banding": self.control_banding.as_dict()
                if self.control_banding else None}


@dataclass(frozen=True)
class ProductExposure:
    """A product's vapour hazard ratio from its components and its control band."""

    mixture: MixtureVhr
    control_banding: Banding | None

    def as_dict(self) -> dict:
        return {"vhr": self.mixture.vhr,
                "vhr_components": [c.as_dict() for c in self.mixture.components],
                "vhr_unknown": list(self.mixture.unknown),
                "control_banding": self.control_banding.as_dict()
                if self.control_banding else None}


@dataclass(frozen=True)
class Hansen:
    d: float
    p: float
    h: float
    kind: str
    source: str


@dataclass(frozen=True)
class HazardCode:
    """One H-code a profile acts on, with the classification it comes from."""

    code: str
    kind: str  # harmonised | national | registration | notified | sds
    source: str
    ref: str = ""
    hazard_class: str | None = None  # class key (core.hazard_classes); None for EUH codes
    group: str | None = None  # Annex VI group entry (index number) matched by rule

    @property
    def harmonised(self) -> bool:
        return self.kind == "harmonised"

    def as_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "source": self.source, "ref": self.ref,
                "class": self.hazard_class, "harmonised": self.harmonised,
                "group_match": self.group}


@dataclass(frozen=True)
class ClassState:
    """What is known about one hazard class of a substance: present (codes held), absent
    (a source that assessed the class found nothing) or unknown (nobody assessed it)."""

    state: str  # present | absent | unknown
    codes: tuple[str, ...] = ()
    kind: str = ""  # kind of the deciding source
    source: str = ""
    ref: str = ""

    @property
    def known(self) -> bool:
        return self.state != "unknown"

    def as_dict(self) -> dict:
        return {"state": self.state, "codes": list(self.codes), "kind": self.kind or None,
                "source": self.source or None}


UNKNOWN_CLASS = ClassState("unknown")


@dataclass(frozen=True)
class HazardBasis:
    """A substance's hazard facts read on another basis than the one the tool acts on."""

    name: str  # e.g. "EU harmonised, then REACH registrants'"
    h_codes: tuple[str, ...] | None
    hazard_classes: dict[str, ClassState]
    hazard_codes: tuple[HazardCode, ...]
    partial: bool


@dataclass
class Profile:
    """Everything known about one substance; None means unknown."""

    cas: str | None
    name: str
    smiles: str | None
    inchikey: str | None
    formula: str | None = None
    descriptors: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, Fact] = field(default_factory=dict)
    h_codes: list[str] | None = None  # None: no classification known at all
    # True when every classification acted on covers only some hazard classes, so a
    # hazard missing from h_codes may simply not have been assessed.
    hazard_partial: bool = False
    hazard_sources: list[dict[str, Any]] = field(default_factory=list)
    # Per hazard class (core.hazard_classes keys): present / absent / unknown, with the
    # deciding source. None: not worked out (a profile built by hand), in which case
    # `h_codes` is read as one complete classification (see `hazard_state`).
    hazard_classes: dict[str, ClassState] | None = None
    # Per acted-on code, where it comes from (harmonised or not, group match).
    hazard_codes: list[HazardCode] = field(default_factory=list)
    exposure_limits: list[ExposureLimit] = field(default_factory=list)
    hansen: Hansen | None = None
    lists: dict[str, Fact] = field(default_factory=dict)
    family: str | None = None
    # The hazard facts on the CHEM21 method's own basis (EU harmonised, then registrants'),
    # when they differ from those acted on; None: the same.
    chem21_basis: HazardBasis | None = None

    def has_no(self, name: str) -> bool:
        """True when the data say the property does not exist (e.g. no flash point)."""
        fact = self.properties.get(name)
        return fact is not None and fact.value is None

    def hazard_state(self, key: str) -> ClassState:
        """The state of one hazard class (a key of core.hazard_classes)."""
        if self.hazard_classes is not None:
            return self.hazard_classes.get(key, UNKNOWN_CLASS)
        if self.h_codes is None:
            return UNKNOWN_CLASS
        held = tuple(c for c in self.h_codes
                     if any(key in classes_of_code(x) for x in c.split("+")))
        return ClassState("present" if held else "absent", held, "given", "h_codes")

    def prop(self, name: str) -> Any:
        """Value of a named property or descriptor, None when unknown or non-existent."""
        if name in self.properties:
            return self.properties[name].value
        return self.descriptors.get(name)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    title: str
    message: str
    category: str = ""
    rule_set: str = ""
    recommendation: str = ""


@dataclass(frozen=True)
class Score:
    value: int | None
    criterion: str  # which rule of the method set the value
    # True when the value rests on missing data: unknown (None) or the method's cautious
    # default (Health 5, Environment H4xx part 5). Such a substance is never "Recommended".
    incomplete: bool = False
    # The facts the score's rule needed that no source held, as keys (CHEM21 Safety:
    # "flash_point", "resistivity", "decomposition_energy"; Health and Environment: the
    # hazard-class keys not assessed, and "boiling_point"). Reports read the criterion text;
    # code that must know why a score is what it is reads this, never the text.
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scores:
    safety: Score
    health: Score
    environment: Score
    # Recommended | Problematic | Hazardous, or "Problematic (incomplete data)" when a score
    # is unknown or a default (at best: Hazardous stays Hazardous)
    ranking: str | None
    ranking_reason: str
    # The same scores on every source held (national classifications included), when the
    # method's basis gives others: what the tool's own verdicts (priority, the
    # substitution guard) act on, since a national classification is evidence of a hazard.
    every_source: Scores | None = None

    @property
    def acting(self) -> Scores:
        """The scores a verdict acts on: on every source held."""
        return self.every_source or self


SEVERITIES = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass
class RowAssessment:
    row: InventoryRow
    resolution: Resolution
    profile: Profile | None
    findings: list[Finding]
    scores: Scores | None
    priority: str
    priority_reason: str
    exposure: RowExposure | None = None


@dataclass(frozen=True)
class ProductComponent:
    """One inventory row of a product, as the product summary lists it."""

    row: int
    cas: str | None
    name: str | None
    concentration: str | None
    priority: str

    def as_dict(self) -> dict:
        return {"row": self.row, "cas": self.cas, "name": self.name,
                "concentration": self.concentration, "priority": self.priority}


@dataclass
class ProductAssessment:
    product: str
    rows: list[int]
    components: list[ProductComponent]
    concentration_total: float | None
    warnings: list[str]
    findings: list[Finding]
    priority: str
    exposure: ProductExposure | None = None


@dataclass
class Assessment:
    inputs: dict[str, Any]
    rule_sets: list[dict[str, str]]
    rows: list[RowAssessment]
    products: list[ProductAssessment]
    inventory_findings: list[Any] = field(default_factory=list)  # rules.engine.GroupFinding


@dataclass
class AssessmentStream:
    """An assessment whose rows are made again each time `rows()` is called (the input
    read a second time), so no more than one row is held at once: what CSV, JSON and JSON
    Lines outputs write. Everything but the rows is worked out already.

    `share_key(row)` names the rows whose substance part (profile, findings, scores) is
    the same, or None; `share_left` counts the rows of each key (serialize uses both to
    encode that part once)."""

    inputs: dict[str, Any]
    rule_sets: list[dict[str, str]]
    count: int
    summary: dict[str, Any]
    products: Iterable[ProductAssessment]  # made again each time it is walked
    inventory_findings: list[Any]
    rows: Callable[[], Iterator[RowAssessment]]
    share_key: Callable[[RowAssessment], Any]
    share_left: dict[Any, int]
    findings_at_or_above: Callable[[str], int]

    def materialise(self) -> Assessment:
        """The same assessment with its rows held (tables, Markdown, HTML, XLSX)."""
        return Assessment(self.inputs, self.rule_sets, list(self.rows()),
                          list(self.products), self.inventory_findings)
