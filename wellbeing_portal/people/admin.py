from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, OfficerAssignment, Organisation, School, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("school", "organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "memberships__role")
    search_fields = ("full_name", "email")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "link_officer_title", "inspection_window_months")
    list_filter = ("kind",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "urn", "phase", "responsible_body", "la_area", "last_inspection_date")
    list_filter = ("phase", "responsible_body")
    search_fields = ("name", "urn")
    autocomplete_fields = ("responsible_body", "la_area")


class OfficerAssignmentInline(admin.TabularInline):
    model = OfficerAssignment
    extra = 0
    autocomplete_fields = ("school",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "school", "organisation", "title", "is_chair")
    list_filter = ("role", "organisation", "is_chair", "is_wellbeing_lead_governor")
    search_fields = ("user__full_name", "user__email", "school__name", "organisation__name")
    autocomplete_fields = ("user", "school", "organisation")
    inlines = (OfficerAssignmentInline,)
    list_select_related = ("user", "school", "organisation")
