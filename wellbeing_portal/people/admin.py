"""The Django admin, where platform admins keep people, schools and roles.

Roles are given here through the same rules as everywhere else
(`services.grant_refusal`): an admin may give any role to someone else, but never a
confidential one to themselves; such a grant is logged and the person told by email.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Model
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from .models import Membership, OfficerAssignment, Organisation, Role, School, User
from .services import (
    audit_log_position,
    grant_refusal,
    membership_save,
    officer_assignment_granted,
)


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class MembershipForm(forms.ModelForm):
    """Refuses a role the signed-in admin may not give (set as `granted_by` per request)."""

    granted_by: User | None = None

    class Meta:
        model = Membership
        fields = (
            "user",
            "role",
            "school",
            "organisation",
            "title",
            "is_chair",
            "is_wellbeing_lead_governor",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.granted_by is None or self.errors:
            return data
        instance = self.instance
        user = data.get("user") if "user" in self.fields else None
        user_id = user.pk if user is not None else instance.user_id
        role = data.get("role", instance.role)
        school = data.get("school") if "school" in self.fields else instance.school
        organisation = (
            data.get("organisation") if "organisation" in self.fields else instance.organisation
        )
        is_chair = bool(data.get("is_chair", instance.is_chair))
        key = (
            user_id,
            role,
            getattr(school, "pk", None),
            getattr(organisation, "pk", None),
            is_chair,
        )
        if instance.pk and key == (
            instance.user_id,
            instance.role,
            instance.school_id,
            instance.organisation_id,
            instance.is_chair,
        ):
            return data  # a title or a flag that opens nothing: no new access given
        refusal = grant_refusal(
            granted_by=self.granted_by,
            user_id=user_id,
            role=role,
            organisation=organisation or (school.responsible_body if school else None),
            is_chair=is_chair,
        )
        if refusal:
            raise forms.ValidationError(refusal, code="grant_refused")
        return data


class OfficerAssignmentForm(forms.ModelForm):
    """Refuses an assignment the signed-in admin may not make: to themselves, or to a
    school of another organisation."""

    granted_by: User | None = None

    class Meta:
        model = OfficerAssignment
        fields = ("membership", "school")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        school = data.get("school")
        membership = data.get("membership") or getattr(self.instance, "membership", None)
        if school is None or membership is None or self.errors:
            return data
        if school.responsible_body_id != membership.organisation_id:
            raise forms.ValidationError(
                "A link officer can only cover schools of their own organisation."
            )
        if self.granted_by is None or (self.instance.pk and self.instance.school_id == school.pk):
            return data
        refusal = grant_refusal(
            granted_by=self.granted_by,
            user_id=membership.user_id,
            role=Role.LINK_OFFICER,
            organisation=school.responsible_body,
        )
        if refusal:
            raise forms.ValidationError(refusal, code="grant_refused")
        return data


def _for(form: type[forms.ModelForm], request: HttpRequest) -> type[forms.ModelForm]:
    """The form class with the signed-in admin as the one granting."""
    return type(form.__name__, (form,), {"granted_by": _signed_in(request)})


def _save_memberships(request: HttpRequest, formset: BaseInlineFormSet) -> None:
    """Save an inline formset of memberships through `membership_save`."""
    for membership in formset.save(commit=False):
        assert isinstance(membership, Membership)
        membership_save(membership=membership, granted_by=_signed_in(request))
    for gone in formset.deleted_objects:
        gone.delete()
    formset.save_m2m()


def _save_assignments(request: HttpRequest, formset: BaseInlineFormSet) -> None:
    """Save an inline formset of officer assignments; each new one is logged and told."""
    logged = audit_log_position()
    formset.save()
    moved = [obj for obj, fields in formset.changed_objects if "school" in fields]
    for assignment in [*formset.new_objects, *moved]:
        officer_assignment_granted(
            assignment=assignment, assigned_by=_signed_in(request), logged_after=logged
        )


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ("school", "organisation")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["form"] = _for(self.form, request)
        return super().get_formset(request, obj, **kwargs)


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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Membership:
            _save_memberships(request, formset)
        else:
            super().save_formset(request, form, formset, change)


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
    form = OfficerAssignmentForm
    extra = 0
    autocomplete_fields = ("school",)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["form"] = _for(self.form, request)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "role", "school", "organisation", "title", "is_chair")
    list_filter = ("role", "organisation", "is_chair", "is_wellbeing_lead_governor")
    search_fields = ("user__full_name", "user__email", "school__name", "organisation__name")
    autocomplete_fields = ("user", "school", "organisation")
    inlines = (OfficerAssignmentInline,)
    list_select_related = ("user", "school", "organisation")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = _for(self.form, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        assert isinstance(obj, Membership)
        membership_save(membership=obj, granted_by=_signed_in(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is OfficerAssignment:
            _save_assignments(request, formset)
        else:
            super().save_formset(request, form, formset, change)
