"""Rule conditions: leaves that test one fact of a profile, and all/any/not to combine.

Every leaf is compiled once (SMARTS patterns included) and then evaluated on many
profiles. A leaf on an unknown fact is false: rules flag what is known, and the report
says separately what is unknown.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cepn_screen.core.cas import parse_cas
from cepn_screen.core.hcodes import H_CODE, h_code_covers
from cepn_screen.core.models import Profile
from cepn_screen.profile.chem import molecule
from cepn_screen.rules.registry import Vocabulary

COMPARATORS = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
               "eq": operator.eq}

# Names a `property` leaf may use: curated physical data and RDKit descriptors.
PROPERTY_NAMES = {
    "boiling_point_c", "flash_point_c", "autoignition_c", "vapour_pressure_kpa_20c",
    "lel_pct", "uel_pct", "density_g_cm3_20c", "melting_point_c", "resistivity_ohm_m",
    "decomposition_energy_j_g", "mw_g_mol", "logp", "tpsa_a2", "hbd", "hba",
    "aromatic_rings", "rings", "heavy_atoms", "rotatable_bonds", "halogen_atoms", "n_f",
    "n_cl", "n_br", "n_i", "n_c", "lowest_oel_ppm", "vapour_hazard_ratio", "skin_notation",
    "log_kp_potts_guy",
}
LIST_NAMES = {"svhc", "reach_annex_xvii", "iarc", "prop65", "montreal", "eu_fgas", "ntp_roc"}


class ConditionError(ValueError):
    """A condition that cannot be compiled; `path` locates it inside the rule."""

    def __init__(self, message: str, path: tuple = (), code: str = "CONDITION"):
        super().__init__(message)
        self.path = path
        self.code = code


@dataclass
class Condition:
    def evaluate(self, p: Profile) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def leaves(self):
        yield self


@dataclass
class All(Condition):
    items: list[Condition]

    def evaluate(self, p: Profile) -> bool:
        return all(c.evaluate(p) for c in self.items)

    def leaves(self):
        for c in self.items:
            yield from c.leaves()


@dataclass
class Any_(Condition):
    items: list[Condition]

    def evaluate(self, p: Profile) -> bool:
        return any(c.evaluate(p) for c in self.items)

    def leaves(self):
        for c in self.items:
            yield from c.leaves()


@dataclass
class Not(Condition):
    item: Condition

    def evaluate(self, p: Profile) -> bool:
        return not self.item.evaluate(p)

    def leaves(self):
        yield from self.item.leaves()


@dataclass
class CasIn(Condition):
    cas: frozenset[str]

    def evaluate(self, p: Profile) -> bool:
        return p.cas in self.cas


@dataclass
class Smarts(Condition):
    pattern: str
    min: int = 1
    max: int | None = None
    _query: Any = field(default=None, repr=False)
    # Answers by SMILES: inventory rules ask again about substances screened long before,
    # whose parsed molecules have left the small molecule cache.
    _answers: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        from rdkit import Chem

        self._query = Chem.MolFromSmarts(self.pattern)
        if self._query is None:
            raise ConditionError(f"invalid SMARTS {self.pattern!r}", code="SMARTS")

    def evaluate(self, p: Profile) -> bool:
        if not p.smiles:
            return False
        known = self._answers.get(p.smiles)
        if known is None:
            known = self._match(p.smiles)
            if len(self._answers) >= _ANSWERS:
                self._answers.clear()
            self._answers[p.smiles] = known
        return known

    def _match(self, smiles: str) -> bool:
        mol = molecule(smiles)
        if mol is None:
            return False
        if self.min <= 1 and self.max is None:
            return mol.HasSubstructMatch(self._query)  # stops at the first match
        cap = (self.max + 1) if self.max is not None else self.min
        n = len(mol.GetSubstructMatches(self._query, uniquify=True, maxMatches=cap))
        return n >= self.min and (self.max is None or n <= self.max)

    def remember(self, smiles: str, answer: bool) -> None:
        """An answer worked out elsewhere (a worker process) for this SMILES."""
        if len(self._answers) >= _ANSWERS:
            self._answers.clear()
        self._answers[smiles] = answer

    def __getstate__(self) -> dict:
        # Sent to worker processes without the answers: they ask about other substances.
        return {**self.__dict__, "_answers": {}}


_ANSWERS = 65536


@dataclass
class HCode(Condition):
    codes: tuple[str, ...]

    def evaluate(self, p: Profile) -> bool:
        held = p.h_codes or []
        return any(h_code_covers(want, have) for want in self.codes for have in held)


@dataclass
class Property(Condition):
    name: str
    tests: tuple[tuple[str, float], ...]

    def evaluate(self, p: Profile) -> bool:
        value = p.prop(self.name)
        if value is None:
            return False
        return all(COMPARATORS[op](value, ref) for op, ref in self.tests)


@dataclass
class ListMember(Condition):
    name: str
    values: frozenset[str] | None = None

    def evaluate(self, p: Profile) -> bool:
        fact = p.lists.get(self.name)
        if fact is None:
            return False
        if self.values is None:
            return True
        held = {v.strip() for v in str(fact.value).split(";")}
        return bool(held & self.values)


@dataclass
class Element(Condition):
    symbol: str
    tests: tuple[tuple[str, float], ...]

    def evaluate(self, p: Profile) -> bool:
        elements = p.descriptors.get("elements")
        if elements is None:
            return False
        n = elements.get(self.symbol, 0)
        return all(COMPARATORS[op](n, ref) for op, ref in self.tests)


@dataclass
class Family(Condition):
    families: frozenset[str]

    def evaluate(self, p: Profile) -> bool:
        return p.family in self.families


@dataclass
class Never(Condition):
    """Stands in for a leaf that failed to compile while all errors are being collected."""

    def evaluate(self, p: Profile) -> bool:
        return False


@dataclass(frozen=True)
class CompileContext:
    """What a compile function needs besides its argument: where to send errors (None:
    raise the first) and the H-codes of the statement table (None: any well-formed one)."""

    on_error: Callable[[ConditionError], None] | None = None
    known_h_codes: set[str] | frozenset[str] | None = None

    def condition(self, spec: Any, path: tuple) -> Condition:
        return compile_condition(spec, path, self.on_error, self.known_h_codes)


# The condition vocabulary: each key below is declared once, by the decorator on the
# function that compiles it; schema.py, docs.py and the messages read CONDITIONS.
CONDITIONS = Vocabulary("conditions")

COMPARE = {op: {"type": "number"} for op in COMPARATORS}
STR_OR_LIST = {"oneOf": [{"type": "string"},
                         {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
CONDITION_REF = {"$ref": "#/$defs/condition"}


def combinator(key: str, *, doc: str, schema: dict):
    return CONDITIONS.declare(key, kind="combinator", doc=doc, schema=schema)


def leaf(key: str, *, doc: str, schema: dict, example: str):
    return CONDITIONS.declare(key, kind="leaf", doc=doc, schema=schema, example=example)


def compile_condition(spec: Any, path: tuple = ("when",), on_error=None,
                      known_h_codes: set[str] | None = None) -> Condition:
    """Turn the YAML of a `when` clause into a Condition tree.

    Without `on_error` the first problem raises ConditionError; with it, each problem is
    passed to `on_error` and compilation goes on, so a validator can report them all.
    `known_h_codes`, when given, makes an H-code absent from the statement table an error.
    """
    try:
        return _compile(spec, path, CompileContext(on_error, known_h_codes))
    except ConditionError as exc:
        if on_error is None:
            raise
        on_error(exc)
        return Never()


def _compile(spec: Any, path: tuple, ctx: CompileContext) -> Condition:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise ConditionError("a condition is a mapping with exactly one key "
                             f"({', '.join(CONDITIONS.keys())})", path, "SCHEMA")
    (key, value), = spec.items()
    here = path + (key,)
    entry = CONDITIONS.get(key)
    if entry is None:
        raise ConditionError(f"unknown condition {key!r}", here, "SCHEMA")
    return entry.compile(value, here, ctx)


def _items(key: str, value: Any, here: tuple, ctx: CompileContext) -> list[Condition]:
    if not isinstance(value, list) or not value:
        raise ConditionError(f"{key} needs a non-empty list", here, "SCHEMA")
    return [ctx.condition(v, here + (i,)) for i, v in enumerate(value)]


LIST_OF_CONDITIONS = {"type": "array", "minItems": 1, "items": CONDITION_REF}


@combinator("all", doc="Every condition in the list holds.", schema=LIST_OF_CONDITIONS)
def _all(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    return All(_items("all", value, here, ctx))


@combinator("any", doc="At least one condition in the list holds.", schema=LIST_OF_CONDITIONS)
def _any(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    return Any_(_items("any", value, here, ctx))


@combinator("not", doc="The condition does not hold.", schema=CONDITION_REF)
def _not(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    return Not(ctx.condition(value, here))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


@leaf("cas", doc="The substance's CAS number is one of these (check digits are validated).",
      schema=STR_OR_LIST, example="cas: [71-43-2]")
def _cas(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    out = []
    for i, c in enumerate(_as_list(value)):
        check = parse_cas(str(c))
        if not check.valid:
            raise ConditionError(f"invalid CAS {c!r}", here + (i,), "CAS")
        out.append(check.cas)
    return CasIn(frozenset(out))


def _smarts_leaf(pattern: str, lo: int, hi: int | None, path: tuple) -> Smarts:
    try:
        return Smarts(pattern, lo, hi)
    except ConditionError as exc:
        raise ConditionError(str(exc), path, "SMARTS") from None


@leaf("smarts",
      doc="The structure matches a SMARTS pattern, optionally between `min` and `max` "
          "times (unique matches).",
      schema={"oneOf": [{"type": "string", "minLength": 1},
                        {"type": "object", "required": ["pattern"],
                         "additionalProperties": False,
                         "properties": {"pattern": {"type": "string", "minLength": 1},
                                        "min": {"type": "integer", "minimum": 0},
                                        "max": {"type": "integer", "minimum": 0}}}]},
      example='smarts: {pattern: "[Cl,Br]", min: 2}')
def _smarts(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    if isinstance(value, str):
        return _smarts_leaf(value, 1, None, here)
    if isinstance(value, dict) and isinstance(value.get("pattern"), str):
        extra = set(value) - {"pattern", "min", "max"}
        if extra:
            raise ConditionError(f"unknown key(s) {sorted(extra)}", here, "SCHEMA")
        return _smarts_leaf(value["pattern"], int(value.get("min", 1)),
                            None if value.get("max") is None else int(value["max"]),
                            here + ("pattern",))
    raise ConditionError("smarts needs a pattern string or {pattern, min, max}", here,
                         "SCHEMA")


@leaf("h_code",
      doc="The substance holds one of these H-codes; `H360` is met by `H360FD`, "
          "`H360D` by `H360FD` but not by `H360Fd`.",
      schema=STR_OR_LIST, example="h_code: [H350, H340]")
def _h_code(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    known = ctx.known_h_codes
    codes = [str(c) for c in _as_list(value)]
    for i, c in enumerate(codes):
        if not H_CODE.match(c):
            raise ConditionError(f"invalid H-code {c!r}", here + (i,), "HCODE")
        if known is not None and c not in known and c[:4] not in known:
            raise ConditionError(f"unknown H-code {c!r} (not in the H-statement table)",
                                 here + (i,), "HCODE")
    return HCode(tuple(codes))


def _comparisons(spec: dict, path: tuple) -> tuple[tuple[str, float], ...]:
    tests = []
    for op in ("lt", "le", "gt", "ge", "eq"):
        if op in spec:
            ref = spec[op]
            if isinstance(ref, bool) or not isinstance(ref, int | float):
                raise ConditionError(f"{op} needs a number, got {ref!r}", path + (op,), "TYPE")
            tests.append((op, float(ref)))
    if not tests:
        raise ConditionError("needs at least one of lt, le, gt, ge, eq", path, "SCHEMA")
    return tuple(tests)


@leaf("property",
      doc="A named property or descriptor compares with numbers; unknown is false.",
      schema={"type": "object", "required": ["name"], "additionalProperties": False,
              "minProperties": 2,
              "properties": {"name": {"enum": sorted(PROPERTY_NAMES)}, **COMPARE}},
      example="property: {name: flash_point_c, lt: 23}")
def _property(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    if not isinstance(value, dict) or "name" not in value:
        raise ConditionError("property needs {name, lt|le|gt|ge|eq}", here, "SCHEMA")
    if value["name"] not in PROPERTY_NAMES:
        raise ConditionError(f"unknown property {value['name']!r}", here + ("name",),
                             "PROPERTY")
    return Property(value["name"], _comparisons(value, here))


@leaf("list",
      doc="The substance is on a regulatory list, optionally with one of the given values.",
      schema={"oneOf": [{"enum": sorted(LIST_NAMES)},
                        {"type": "object", "required": ["name"],
                         "additionalProperties": False,
                         "properties": {"name": {"enum": sorted(LIST_NAMES)},
                                        "in": {"type": "array",
                                               "items": {"type": ["string", "number"]}}}}]},
      example='list: {name: iarc, in: ["1", "2A"]}')
def _list(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    if isinstance(value, str):
        name, values = value, None
    elif isinstance(value, dict) and "name" in value:
        name = value["name"]
        values = value.get("in")
        values = frozenset(str(v) for v in _as_list(values)) if values is not None else None
    else:
        raise ConditionError("list needs a list name or {name, in}", here, "SCHEMA")
    if name not in LIST_NAMES:
        raise ConditionError(f"unknown list {name!r}; known: {', '.join(sorted(LIST_NAMES))}",
                             here, "LIST")
    return ListMember(name, values)


@leaf("element",
      doc="The count of an element's atoms (hydrogens included) compares with numbers.",
      schema={"type": "object", "required": ["symbol"], "additionalProperties": False,
              "minProperties": 2, "properties": {"symbol": {"type": "string"}, **COMPARE}},
      example="element: {symbol: Cl, ge: 1}")
def _element(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    if not isinstance(value, dict) or "symbol" not in value:
        raise ConditionError("element needs {symbol, lt|le|gt|ge|eq}", here, "SCHEMA")
    return Element(str(value["symbol"]), _comparisons(value, here))


@leaf("family", doc="The curated substance family is one of these (e.g. glycol_ether).",
      schema=STR_OR_LIST, example="family: [hfe, hfc]")
def _family(value: Any, here: tuple, ctx: CompileContext) -> Condition:
    return Family(frozenset(str(v) for v in _as_list(value)))


def smarts_in(node) -> list[Smarts]:
    """Every Smarts condition inside a condition tree (any dataclass holding conditions,
    inventory conditions included), depth first, in field order: the same order in every
    process that holds the same rules."""
    if isinstance(node, Smarts):
        return [node]
    if isinstance(node, list | tuple):
        return [s for item in node for s in smarts_in(item)]
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return [s for f in dataclasses.fields(node) if not f.name.startswith("_")
                for s in smarts_in(getattr(node, f.name))]
    return []
