"""validate: rules over one normalized document -> findings with evidence.

Each rule is a pure function `rule(ctx) -> list[Finding]` registered in RULES with a stable id.
A finding says what was printed, what it should be, and where (page, line, table, row), and
names the records that are its evidence.
"""

from __future__ import annotations

from schemas import Finding
from validate.context import RULES, Context, Rule
from validate.report import assign_ids


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


# The rule modules register themselves in RULES (validate.context) as they are imported.
from validate import agreement, budget, capaian, cascade, coverage, cross_table, kriteria, narrative, prose, structure, sums  # noqa: E402,F401

__all__ = ["RULES", "Context", "Rule", "validate"]
