"""Admin for instruments and waves. Responses, answers, comments and replies are
deliberately absent: nobody browses individual answers, not even a platform admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Domain, Instrument, Item, Survey, Wave


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "source")
    inlines = (DomainInline, ItemInline)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind", "instrument")
    filter_horizontal = ("items",)


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "opens_on", "closes_on")
    list_filter = ("status",)
    # Thresholds only change through the service, which never lowers them once open.
    readonly_fields = ("score_threshold", "comment_threshold", "status", "reminders_queued")
    filter_horizontal = ("schools",)
    # Once a wave has opened, who it asks and what it asks are fixed: changing them would
    # change which groups its results could show, and comparing the two would tell what
    # someone answered.
    SCOPE = ("organisation", "survey", "schools", "roles")

    def get_readonly_fields(self, request: HttpRequest, obj: Wave | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Wave.Status.DRAFT:
            fields += self.SCOPE
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Wave | None = None) -> bool:
        """A closed wave is final: read-only here, as everywhere."""
        if obj is not None and obj.status == Wave.Status.CLOSED:
            return False
        return super().has_change_permission(request, obj)
