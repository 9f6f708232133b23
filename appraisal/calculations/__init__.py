"""The pure calculation package: plain inputs in, plain results out, `Decimal` money, no ORM, no request.

- summary.py: the savings table by cluster, the in-scope budget and savings against the deficit (seed 001 §2.4);
  its inputs and results in summary_types.py.
- scenario.py: a scenario's multi-year profile: phasing, implementation costs and funding, sharing between
  partners, each council's savings against its funding gap year by year, discounting to the appraisal's base
  year, payback, NPV with optimism bias; its inputs and results in scenario_types.py, the checks of its inputs
  in checks.py, the yearly machinery in years.py, and sensitivity with switching values in sensitivity.py.

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
