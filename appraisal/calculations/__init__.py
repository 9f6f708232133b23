"""The pure calculation package: plain inputs in, plain results out, `Decimal` money, no ORM, no request.

- summary.py: the savings table by cluster, the in-scope budget and savings against the deficit (seed 001 §2.4).
- scenario.py: a scenario's multi-year profile: phasing, implementation costs, sharing between partners,
  discounting, payback, NPV with optimism bias, and sensitivity with switching values.

Every surface (views, commands, Excel, the cabinet report) calls these, so every surface shows the same figure.
"""

from appraisal.calculations.summary import *  # noqa: F403
from appraisal.calculations.summary import (  # noqa: F401  (names used elsewhere, listed for readers)
    AppraisalInput,
    AppraisalSummary,
    BudgetLine,
    CalculationError,
    ClusterInput,
    CouncilInput,
    split_pro_rata,
    summarise,
)
