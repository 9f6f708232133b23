"""The appraisal app's models, one module per aggregate, re-exported so `from appraisal.models import X` reads
the same wherever a model lives."""

from .appraisal import Appraisal, AppraisalCouncil, SavingsRange, ServiceScope
from .option import Criterion, Option, OptionClusterModel, OptionScore, Risk
from .report import CabinetReport, CabinetReportPdf
from .scenario import CostItem, CustomShare, Scenario, ScenarioCluster, ScenarioPhase
from .workbook import WorkbookUpload

__all__ = [
    "Appraisal",
    "AppraisalCouncil",
    "CabinetReport",
    "CabinetReportPdf",
    "CostItem",
    "Criterion",
    "CustomShare",
    "Option",
    "OptionClusterModel",
    "OptionScore",
    "Risk",
    "SavingsRange",
    "Scenario",
    "ScenarioCluster",
    "ScenarioPhase",
    "ServiceScope",
    "WorkbookUpload",
]
