from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appraisal.models import (
    Appraisal,
    AppraisalCouncil,
    CabinetReport,
    CostItem,
    CustomShare,
    SavingsRange,
    Scenario,
    ScenarioCluster,
    ScenarioPhase,
    ServiceScope,
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
    list_display = ["name", "appraisal", "delivery_option", "first_year", "years", "discount_rate", "optimism_bias"]
    list_filter = ["appraisal", "delivery_option", "delivery_vehicle"]
    search_fields = ["name", "appraisal__title"]
    list_select_related = ["appraisal"]
    inlines = [ScenarioClusterInline, ScenarioPhaseInline, CostItemInline, CustomShareInline]


@admin.register(CostItem)
class CostItemAdmin(admin.ModelAdmin):
    list_display = ["scenario", "category", "year", "amount", "low", "high", "description"]
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
