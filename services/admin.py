from django.contrib import admin

from services.models import Baseline, Service, ServiceCluster


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 1
    fields = ["name", "position", "scope", "scope_reason"]


@admin.register(ServiceCluster)
class ServiceClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "out_of_scope"]
    list_editable = ["position"]
    list_filter = ["out_of_scope"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "cluster", "scope", "scope_reason"]
    list_filter = ["cluster", "scope"]
    search_fields = ["name", "cluster__name"]
    list_select_related = ["cluster"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["council", "service", "year_label", "gross_budget", "net_budget", "fte", "third_party_spend"]
    list_filter = ["council", "year", "service__cluster"]
    search_fields = ["service__name", "council__name", "council__code"]
    list_select_related = ["council", "service", "service__cluster"]
    autocomplete_fields = ["service"]

    @admin.display(description="financial year", ordering="year")
    def year_label(self, obj):
        return obj.year_label
