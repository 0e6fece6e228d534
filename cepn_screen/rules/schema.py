"""The rule-set format, declared once: the JSON Schema (for editors and validation) and
the condition reference in the docs are both generated from these tables."""

from __future__ import annotations

from cepn_screen.rules.conditions import LIST_NAMES, PROPERTY_NAMES
from cepn_screen.rules.model import CATEGORIES, SEVERITIES

COMPARE = {op: {"type": "number"} for op in ("lt", "le", "gt", "ge", "eq")}
STR_OR_LIST = {"oneOf": [{"type": "string"},
                         {"type": "array", "items": {"type": "string"}, "minItems": 1}]}

# leaf name -> (what it tests, JSON Schema of its argument, example)
LEAVES: dict[str, tuple[str, dict, str]] = {
    "cas": ("The substance's CAS number is one of these (check digits are validated).",
            STR_OR_LIST, "cas: [71-43-2]"),
    "smarts": ("The structure matches a SMARTS pattern, optionally between `min` and `max` "
               "times (unique matches).",
               {"oneOf": [{"type": "string", "minLength": 1},
                          {"type": "object", "required": ["pattern"],
                           "additionalProperties": False,
                           "properties": {"pattern": {"type": "string", "minLength": 1},
                                          "min": {"type": "integer", "minimum": 0},
                                          "max": {"type": "integer", "minimum": 0}}}]},
               'smarts: {pattern: "[Cl,Br]", min: 2}'),
    "h_code": ("The substance holds one of these H-codes; `H360` is met by `H360FD`, "
               "`H360D` by `H360FD` but not by `H360Fd`.", STR_OR_LIST, "h_code: [H350, H340]"),
    "property": ("A named property or descriptor compares with numbers; unknown is false.",
                 {"type": "object", "required": ["name"], "additionalProperties": False,
                  "minProperties": 2,
                  "properties": {"name": {"enum": sorted(PROPERTY_NAMES)}, **COMPARE}},
                 "property: {name: flash_point_c, lt: 23}"),
    "list": ("The substance is on a regulatory list, optionally with one of the given values.",
             {"oneOf": [{"enum": sorted(LIST_NAMES)},
                        {"type": "object", "required": ["name"], "additionalProperties": False,
                         "properties": {"name": {"enum": sorted(LIST_NAMES)},
                                        "in": {"type": "array", "items": {"type": ["string",
                                                                                   "number"]}}}}]},
             'list: {name: iarc, in: ["1", "2A"]}'),
    "element": ("The count of an element's atoms (hydrogens included) compares with numbers.",
                {"type": "object", "required": ["symbol"], "additionalProperties": False,
                 "minProperties": 2, "properties": {"symbol": {"type": "string"}, **COMPARE}},
                "element: {symbol: Cl, ge: 1}"),
    "family": ("The curated substance family is one of these (e.g. glycol_ether).",
               STR_OR_LIST, "family: [hfe, hfc]"),
}
COMBINATORS = {
    "all": "Every condition in the list holds.",
    "any": "At least one condition in the list holds.",
    "not": "The condition does not hold.",
}
INVENTORY_CONDITIONS = {
    "present_all": ("Within one group (same area, product or process), every listed "
                    "condition is met by some substance of the group.",
                    "present_all: [{cas: [110-54-3]}, {cas: [78-93-3]}]"),
    "count": ("Within one group, at least `ge` distinct substances meet `where`.",
              "count: {where: {h_code: [H350, H340, H360]}, ge: 2}"),
}
GROUP_FIELDS = ("area", "product", "process")


def condition_schema() -> dict:
    leaves = [{"type": "object", "additionalProperties": False, "required": [k],
               "properties": {k: schema}, "description": doc}
              for k, (doc, schema, _) in LEAVES.items()]
    combos = [
        {"type": "object", "additionalProperties": False, "required": [k],
         "properties": {k: {"type": "array", "minItems": 1,
                            "items": {"$ref": "#/$defs/condition"}}}, "description": doc}
        for k, doc in COMBINATORS.items() if k != "not"]
    combos.append({"type": "object", "additionalProperties": False, "required": ["not"],
                   "properties": {"not": {"$ref": "#/$defs/condition"}},
                   "description": COMBINATORS["not"]})
    return {"oneOf": combos + leaves}


CASE = {"oneOf": [
    {"type": "string", "minLength": 1, "description": "a name, CAS, SMILES or InChIKey"},
    {"type": "object", "additionalProperties": False,
     "description": "a substance with facts set by the case (for rules on H-codes or lists)",
     "properties": {"name": {"type": "string"}, "cas": {"type": "string"},
                    "smiles": {"type": "string"},
                    "h_codes": {"type": "array", "items": {"type": "string"}},
                    "properties": {"type": "object",
                                   "additionalProperties": {"type": "number"}},
                    "lists": {"type": "object", "additionalProperties": {"type": "string"}}}},
    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/substance_case"},
     "description": "for inventory rules: the substances used together in one group"},
]}


def rule_set_schema() -> dict:
    """JSON Schema (2020-12) of a rule-set file."""
    case_ref = {"$ref": "#/$defs/case"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cepn-screen.invalid/schema/rule-set.json",
        "title": "cepn-screen rule set",
        "type": "object",
        "required": ["name", "version", "rules"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
            "version": {"type": ["string", "number"]},
            "description": {"type": "string"},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        },
        "$defs": {
            "condition": condition_schema(),
            "inventory_condition": {"oneOf": [
                {"type": "object", "additionalProperties": False, "required": ["present_all"],
                 "properties": {"present_all": {"type": "array", "minItems": 2,
                                                "items": {"$ref": "#/$defs/condition"}}}},
                {"type": "object", "additionalProperties": False, "required": ["count"],
                 "properties": {"count": {
                     "type": "object", "required": ["where", "ge"],
                     "additionalProperties": False,
                     "properties": {"where": {"$ref": "#/$defs/condition"},
                                    "ge": {"type": "integer", "minimum": 1}}}}}]},
            "substance_case": {"oneOf": CASE["oneOf"][:2]},
            "case": CASE,
            "rule": {
                "type": "object",
                "required": ["id", "title", "severity", "category", "when", "message"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"},
                    "title": {"type": "string", "minLength": 1},
                    "severity": {"enum": list(SEVERITIES)},
                    "category": {"enum": list(CATEGORIES)},
                    "scope": {"enum": ["substance", "inventory"]},
                    "group_by": {"type": "array", "minItems": 1,
                                 "items": {"enum": list(GROUP_FIELDS)}},
                    "when": {"type": "object"},
                    "message": {"type": "string", "minLength": 1},
                    "rationale": {"type": "string"},
                    "recommendation": {"type": "string"},
                    "references": {"type": "array", "items": {"type": "string"}},
                    "tests": {
                        "type": "object", "additionalProperties": False,
                        "properties": {k: {"type": "array", "items": case_ref}
                                       for k in ("match", "no_match", "todo")}},
                },
                # `when` is a substance condition, or an inventory condition for
                # scope: inventory.
                "if": {"properties": {"scope": {"const": "inventory"}}, "required": ["scope"]},
                "then": {"required": ["group_by"],
                         "properties": {"when": {"$ref": "#/$defs/inventory_condition"}}},
                "else": {"properties": {"when": {"$ref": "#/$defs/condition"}}},
            },
        },
    }
