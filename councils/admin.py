from django.contrib import admin

from councils.models import Council, FundingDeficit


class FundingDeficitInline(admin.TabularInline):
    model = FundingDeficit
    extra = 1


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "council_type", "net_revenue_budget", "gross_budget"]
    list_filter = ["council_type"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FundingDeficitInline]


@admin.register(FundingDeficit)
class FundingDeficitAdmin(admin.ModelAdmin):
    list_display = ["council", "year_label", "amount"]
    list_filter = ["council", "year"]
    search_fields = ["council__name", "council__code"]
    list_select_related = ["council"]

    @admin.display(description="financial year", ordering="year")
    def year_label(self, obj):
        return obj.year_label
