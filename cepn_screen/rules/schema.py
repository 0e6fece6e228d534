"""The JSON Schema of rule-set files (for editors and validation); the part for conditions
is generated from the condition registries (conditions.CONDITIONS and
inventory.INVENTORY_CONDITIONS), which the docs read too."""

from __future__ import annotations

from cepn_screen.rules.conditions import CONDITIONS
from cepn_screen.rules.inventory import INVENTORY_CONDITIONS
from cepn_screen.rules.model import CATEGORIES, SEVERITIES
from cepn_screen.rules.registry import Vocabulary

GROUP_FIELDS = ("area", "product", "process")


def _one_of_keys(vocabulary: Vocabulary, described: bool) -> dict:
    """A mapping with exactly one of the vocabulary's keys, whose argument has that
    key's schema."""
    out = []
    for spec in vocabulary:
        one = {"type": "object", "additionalProperties": False, "required": [spec.key],
               "properties": {spec.key: spec.schema}}
        if described:
            one["description"] = spec.doc
        out.append(one)
    return {"oneOf": out}


def condition_schema() -> dict:
    return _one_of_keys(CONDITIONS, described=True)


def inventory_condition_schema() -> dict:
    return _one_of_keys(INVENTORY_CONDITIONS, described=False)


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
            "inventory_condition": inventory_condition_schema(),
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
