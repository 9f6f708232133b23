from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from councils.models import Council, FundingDeficit, UserRole


class FundingDeficitInline(admin.TabularInline):
    model = FundingDeficit
    extra = 1


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):  # History: who changed a budget, from the form or a workbook
    list_display = ["name", "code", "ons_code", "council_type", "population", "net_revenue_budget", "gross_budget"]
    list_filter = ["council_type"]
    search_fields = ["name", "code", "ons_code"]
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


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "council"]
    list_filter = ["role", "council"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "council__name"]
    list_select_related = ["user", "council"]
    autocomplete_fields = ["user"]


# The user admin with each person's Appraise role inline, so a programme admin adds a user and role in one go.


class UserRoleInline(admin.StackedInline):
    model = UserRole
    can_delete = False
    extra = 1
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AppraiseUserAdmin(UserAdmin):
    inlines = [UserRoleInline]
    list_display = ["username", "first_name", "last_name", "email", "role", "is_staff"]
    list_select_related = ["appraise_role", "appraise_role__council"]

    @admin.display(description="Appraise role")
    def role(self, obj):
        role = getattr(obj, "appraise_role", None)
        return str(role).split(": ", 1)[1] if role else "—"
