"""One substance by name, CAS, SMILES or InChIKey, screened like an inventory row."""

from __future__ import annotations

from cepn_screen.core.cas import parse_cas
from cepn_screen.core.models import InventoryRow, RowAssessment
from cepn_screen.identity.resolver import Resolver
from cepn_screen.knowledge.base import KnowledgeBase, default_knowledge
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.rules.model import RuleSet


def query_row(query: str) -> InventoryRow:
    """Place the query in the field it looks like; a SMILES is tried only when the text is
    not a known name (so "CO" the name is not read as carbon monoxide's SMILES first)."""
    q = query.strip()
    row = InventoryRow(row=1, id="1", cells={"query": query})
    if parse_cas(q).cas is not None:
        row.cas = q
    else:
        row.name = q  # the name path also recognises InChIKeys
    return row


def lookup(query: str, *, kb: KnowledgeBase | None = None,
           rule_sets: list[RuleSet] | None = None, resolver: Resolver | None = None
           ) -> RowAssessment:
    kb = kb or default_knowledge()
    resolver = resolver or Resolver(kb)
    row = query_row(query)
    a = assess_rows([row], kb=kb, rule_sets=rule_sets, resolver=resolver)
    ra = a.rows[0]
    if ra.resolution.status == "unresolved" and row.name and _looks_like_smiles(row.name):
        row2 = InventoryRow(row=1, id="1", cells={"query": query}, smiles=row.name)
        ra = assess_rows([row2], kb=kb, rule_sets=rule_sets, resolver=resolver).rows[0]
    return ra


def _looks_like_smiles(text: str) -> bool:
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    return " " not in text.strip() and Chem.MolFromSmiles(text.strip()) is not None
