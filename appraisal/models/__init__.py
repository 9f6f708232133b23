"""The appraisal app's models, one module per aggregate, re-exported so `from appraisal.models import X` reads
the same wherever a model lives."""

from .appraisal import Appraisal, AppraisalCouncil, SavingsRange, ServiceScope
from .report import CabinetReport, CabinetReportPdf
from .scenario import CostItem, CustomShare, Scenario, ScenarioCluster, ScenarioPhase
from .workbook import WorkbookUpload

__all__ = [
    "Appraisal",
    "AppraisalCouncil",
    "CabinetReport",
    "CabinetReportPdf",
    "CostItem",
    "CustomShare",
    "SavingsRange",
    "Scenario",
    "ScenarioCluster",
    "ScenarioPhase",
    "ServiceScope",
    "WorkbookUpload",
]
