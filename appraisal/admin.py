from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appraisal.models import (
    Appraisal,
    AppraisalCouncil,
    ApprovedFigures,
    Benefit,
    BenefitReading,
    CabinetReport,
    ConsultationStep,
    CostItem,
    Criterion,
    CustomShare,
    Grade,
    Option,
    OptionClusterModel,
    OptionScore,
    PensionStrainFactor,
    Post,
    Risk,
    SavingActual,
    SavingsRange,
    Scenario,
    ScenarioCluster,
    ScenarioPhase,
    ServiceScope,
    SimulationSettings,
    StatutoryRedundancyCap,
)
from appraisal.options.services import options_defaults_create


class AppraisalCouncilInline(admin.TabularInline):
    model = AppraisalCouncil
    extra = 1


class SavingsRangeInline(admin.TabularInline):
    model = SavingsRange
    extra = 1


class ServiceScopeInline(admin.TabularInline):
    model = ServiceScope
    extra = 0
    autocomplete_fields = ["service"]


@admin.register(Appraisal)
class AppraisalAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "base_year", "deficit_year", "status", "report_date"]
    list_filter = ["status", "base_year"]
    search_fields = ["title", "slug", "councils__name"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AppraisalCouncilInline, SavingsRangeInline, ServiceScopeInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # As appraisal_upsert does for every other way an appraisal is made: business as usual and the default
            # criteria (issue 17).
            options_defaults_create(appraisal=obj)


@admin.register(SavingsRange)
class SavingsRangeAdmin(admin.ModelAdmin):
    list_display = ["appraisal", "cluster", "min_saving", "max_saving"]
    list_filter = ["appraisal", "cluster"]
    search_fields = ["appraisal__title", "cluster__name"]
    list_select_related = ["appraisal", "cluster"]


@admin.register(AppraisalCouncil)
class AppraisalCouncilAdmin(admin.ModelAdmin):
    list_display = ["appraisal", "council", "position"]
    list_filter = ["appraisal", "council"]
    search_fields = ["appraisal__title", "council__name"]


@admin.register(ServiceScope)
class ServiceScopeAdmin(admin.ModelAdmin):
    list_display = ["appraisal", "service", "scope", "reason"]
    list_filter = ["appraisal", "scope"]
    search_fields = ["service__name", "appraisal__title"]
    autocomplete_fields = ["service"]


class ScenarioClusterInline(admin.TabularInline):
    model = ScenarioCluster
    extra = 0


class ScenarioPhaseInline(admin.TabularInline):
    model = ScenarioPhase
    extra = 0


class CostItemInline(admin.TabularInline):
    model = CostItem
    extra = 1


class CustomShareInline(admin.TabularInline):
    model = CustomShare
    extra = 0


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "appraisal", "option_shown", "first_year", "years", "discount_rate", "optimism_bias"]
    list_filter = ["appraisal", "delivery_option", "delivery_vehicle"]
    search_fields = ["name", "appraisal__title"]
    list_select_related = ["appraisal"]
    inlines = [ScenarioClusterInline, ScenarioPhaseInline, CostItemInline, CustomShareInline]

    @admin.display(description="Delivery option", ordering="delivery_option", empty_value=Scenario.NO_DELIVERY_OPTION)
    def option_shown(self, obj):
        # Only Darlington & Hartlepool's scenarios have one of its four delivery options.
        return obj.get_delivery_option_display() if obj.delivery_option else None


@admin.register(CostItem)
class CostItemAdmin(admin.ModelAdmin):
    list_display = ["scenario", "category", "year", "amount", "recurring", "bias_category", "description"]
    list_filter = ["category", "scenario__appraisal"]
    search_fields = ["description", "scenario__name"]
    list_select_related = ["scenario"]


@admin.register(CabinetReport)
class CabinetReportAdmin(SimpleHistoryAdmin):
    """The cabinet report's settings and text; officers edit them on the appraisal's Cabinet report page."""

    list_display = ["appraisal", "presenting_council", "meeting", "meeting_date", "is_final", "version", "updated_by"]
    list_filter = ["is_final", "presenting_council"]
    search_fields = ["appraisal__title", "title", "author"]
    list_select_related = ["appraisal", "presenting_council", "updated_by"]
    readonly_fields = ["version", "updated_by", "updated_at"]
    filter_horizontal = ["compared_scenarios"]


# --- The options appraisal (issue 17); officers use the Options pages ------------------------------------------


class OptionClusterModelInline(admin.TabularInline):
    model = OptionClusterModel
    extra = 0


class OptionScoreInline(admin.TabularInline):
    model = OptionScore
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


class ConsultationStepInline(admin.TabularInline):
    model = ConsultationStep
    extra = 0


@admin.register(Option)
class OptionAdmin(SimpleHistoryAdmin):
    """An appraisal's options. Business as usual is never deleted (the Green Book requires it on every short
    list): the delete button and "delete selected" are withheld where it is concerned."""

    list_display = ["name", "appraisal", "delivery_model", "business_as_usual", "preferred"]
    list_filter = ["appraisal", "delivery_model", "business_as_usual"]
    search_fields = ["name", "appraisal__title"]
    list_select_related = ["appraisal"]
    readonly_fields = ["business_as_usual", "version"]
    inlines = [OptionClusterModelInline, OptionScoreInline, RiskInline, ConsultationStepInline]

    def has_delete_permission(self, request, obj=None):
        # Only on the option's own pages: deleting its appraisal in Administration asks this too, for every row
        # the delete takes with it, and the appraisal (with its business as usual) must stay deletable.
        own_pages = getattr(request.resolver_match, "url_name", "") or ""
        if obj is not None and obj.business_as_usual and own_pages.startswith("appraisal_option_"):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # The queryset's own delete refuses business as usual too; this leaves it out and deletes the rest.
        super().delete_queryset(request, queryset.exclude(business_as_usual=True))


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "appraisal", "weight", "is_financial", "position"]
    list_filter = ["appraisal", "is_financial"]
    search_fields = ["name", "appraisal__title"]


# --- Staffing structures (issue 18); officers use the Staffing page ----------------------------------------------


@admin.register(Grade)
class GradeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "appraisal", "average_age", "average_years_service", "position"]
    list_filter = ["appraisal"]
    search_fields = ["name", "appraisal__title"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "appraisal", "option", "council", "grade", "fte", "salary", "cost_split"]
    list_filter = ["appraisal", "option", "council"]
    search_fields = ["title", "appraisal__title"]
    list_select_related = ["appraisal", "option", "council", "grade"]
    readonly_fields = ["version"]
    raw_id_fields = ["continues"]


@admin.register(StatutoryRedundancyCap)
class StatutoryRedundancyCapAdmin(SimpleHistoryAdmin):
    """The statutory limit on a week's pay for redundancy: add each year's new limit from the date it applies."""

    list_display = ["from_date", "weekly_cap"]


@admin.register(PensionStrainFactor)
class PensionStrainFactorAdmin(SimpleHistoryAdmin):
    """Estimated strain factors by age at leaving: replace them with the pension fund actuary's own."""

    list_display = ["age", "factor"]


@admin.register(ApprovedFigures)
class ApprovedFiguresAdmin(admin.ModelAdmin):
    """What Cabinet approved: recorded by the decision, never edited (the figures are its baseline)."""

    list_display = ["appraisal", "meeting", "approved_on", "approved_by", "recorded_at"]
    readonly_fields = ["appraisal", "meeting", "approved_on", "figures", "approved_by", "recorded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BenefitReadingInline(admin.TabularInline):
    model = BenefitReading
    extra = 0


@admin.register(Benefit)
class BenefitAdmin(SimpleHistoryAdmin):
    """The benefits register: what the partnership is to deliver and the measure each is tracked by."""

    list_display = ["name", "appraisal", "kind", "measure", "unit", "baseline_value", "target_value", "due_year"]
    list_filter = ["appraisal", "kind"]
    search_fields = ["name", "measure", "appraisal__title"]
    inlines = [BenefitReadingInline]


@admin.register(SavingActual)
class SavingActualAdmin(SimpleHistoryAdmin):
    """Savings delivered and costs incurred by council, cluster and year, recorded after the decision."""

    list_display = ["appraisal", "council", "cluster", "year", "savings", "costs", "before_appraisal"]
    list_filter = ["appraisal", "council", "year", "before_appraisal"]
    readonly_fields = ["version"]


# --- How sure are these figures (issue 20); officers use the Simulation settings page -----------------------------


@admin.register(SimulationSettings)
class SimulationSettingsAdmin(SimpleHistoryAdmin):
    """How an appraisal's scenarios are simulated. No row: the defaults. Saved here, the History page lists the
    change with Administration as its source."""

    list_display = ["appraisal", "runs", "seed", "shape", "correlation", "slip_none", "slip_one", "slip_two"]
    list_filter = ["shape"]
    search_fields = ["appraisal__title", "appraisal__slug"]
    list_select_related = ["appraisal"]
    readonly_fields = ["version", "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        # As the settings page does: a save raises the version, so an edit left open on the page is refused.
        if change:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
