"""The cabinet report's appendix against similar councils (issue 21): for an appraisal whose baselines came from the
published figures, each council's net spend by service area beside the quartiles of the authorities of its class, and
its spend year to year, as the baselines page shows them (one selector: appraisal/outturn/peers.py), with the
statement the Open Government Licence asks for.

The report shows the tables without the page's charts and sparklines: the figures are all in the tables, and the
appendix stays a few pages of A4.
"""

from __future__ import annotations

from appraisal.models import Appraisal
from appraisal.outturn.peers import AppraisalPeers, appraisal_peers


def report_peers(*, appraisal: Appraisal) -> AppraisalPeers | None:
    """The appendix's figures; None (no appendix) for an appraisal whose baselines were not taken from the published
    figures, or none of whose councils has an ONS code."""
    return appraisal_peers(appraisal=appraisal, with_charts=False)


def appendix_letter(*, leavers: bool) -> str:
    """The appendix's letter: after A (baselines), B (assumptions) and, where the report has one, C (leavers)."""
    return "D" if leavers else "C"
