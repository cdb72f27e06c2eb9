"""validate: rules over one normalized document -> findings with evidence.

Each rule is a pure function `rule(ctx) -> list[Finding]` registered in RULES with a stable id.
A finding says what was printed, what it should be, and where (page, line, table, row), and
names the records that are its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ingest.extract import ScaleBand
from ingest.layout import Layout
from schemas import BudgetLine, Document, Finding, IndicatorRecord


@dataclass(slots=True)
class Context:
    document: Document
    indicators: list[IndicatorRecord]
    budget: list[BudgetLine]
    scale: list[ScaleBand] = field(default_factory=list)
    layout: Layout | None = None
    lang: str = "id"


Rule = Callable[[Context], list[Finding]]

# rule id -> rule; filled by the rule modules below as they are written.
RULES: dict[str, Rule] = {}


def validate(ctx: Context) -> list[Finding]:
    """Run every rule; each finding gets an id from its content (validate.report.assign_ids)."""
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        try:
            findings.extend(rule(ctx))
        except Exception as exc:  # a rule's bug must not cost the document its other findings
            findings.append(
                Finding(
                    finding_id="",
                    document_id=ctx.document.document_id,
                    source_path=ctx.document.source_path,
                    rule=rule_id,
                    severity="info",
                    message=f"validator '{rule_id}' failed: {type(exc).__name__}: {exc}",
                )
            )
    assign_ids(findings)
    return findings


from validate.report import assign_ids  # noqa: E402

# The rule modules register themselves in RULES; imported last because they import Context.
from validate import budget, capaian, cascade, coverage, cross_table, kriteria, narrative, structure, sums  # noqa: E402,F401
