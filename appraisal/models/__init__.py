"""The appraisal app's models, one module per aggregate, re-exported so `from appraisal.models import X` reads
the same wherever a model lives."""

from .appraisal import Appraisal, AppraisalCouncil, SavingsRange, ServiceScope
from .option import Criterion, Option, OptionClusterModel, OptionScore, Risk
from .outturn import BaselineSource, NotProvided
from .realisation import ApprovedFigures, Benefit, BenefitReading, SavingActual
from .report import CabinetReport, CabinetReportPdf
from .scenario import CostItem, CustomShare, Scenario, ScenarioCluster, ScenarioPhase
from .simulation import SimulationSettings
from .staffing import ConsultationStep, Grade, PensionStrainFactor, Post, StatutoryRedundancyCap
from .workbook import WorkbookUpload

__all__ = [
    "Appraisal",
    "AppraisalCouncil",
    "ApprovedFigures",
    "BaselineSource",
    "Benefit",
    "BenefitReading",
    "CabinetReport",
    "CabinetReportPdf",
    "ConsultationStep",
    "CostItem",
    "Criterion",
    "CustomShare",
    "Grade",
    "NotProvided",
    "Option",
    "OptionClusterModel",
    "OptionScore",
    "PensionStrainFactor",
    "Post",
    "Risk",
    "SavingActual",
    "SavingsRange",
    "Scenario",
    "ScenarioCluster",
    "ScenarioPhase",
    "ServiceScope",
    "SimulationSettings",
    "StatutoryRedundancyCap",
    "WorkbookUpload",
]
