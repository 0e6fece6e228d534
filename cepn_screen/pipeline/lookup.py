"""One substance by name, CAS, SMILES or InChIKey, screened like an inventory row."""

from __future__ import annotations

from cepn_screen.core.cas import parse_cas
from cepn_screen.core.models import InventoryRow, RowAssessment
from cepn_screen.core.names import has_subscript
from cepn_screen.identity.resolver import Resolver
from cepn_screen.knowledge.base import KnowledgeBase
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.pipeline.context import Context
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
           rule_sets: list[RuleSet] | None = None, resolver: Resolver | None = None,
           context: Context | None = None, oel_source: str = "lowest",
           country: str | None = None) -> RowAssessment:
    """Screen one substance; a query that is no known name but parses as SMILES is
    screened as that structure."""
    ctx = context or Context.build(kb, rule_sets, resolver)
    row = query_row(query)
    opts = {"oel_source": oel_source, "country": country}
    ra = assess_rows([row], context=ctx, **opts).rows[0]
    if ra.resolution.status == "unresolved" and row.name and _looks_like_smiles(row.name):
        row2 = InventoryRow(row=1, id="1", cells={"query": query}, smiles=row.name)
        ra = assess_rows([row2], context=ctx, **opts).rows[0]
    return ra


def _looks_like_smiles(text: str) -> bool:
    """SMILES are ASCII: "SOCl₂" is a formula, and RDKit would read its first letters as the
    SMILES "SOCl"."""
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    t = text.strip()
    return (" " not in t and t.isascii() and not has_subscript(t)
            and Chem.MolFromSmiles(t) is not None)
