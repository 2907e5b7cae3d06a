"""Admin for instruments and waves. Responses, answers, comments and replies are
deliberately absent: nobody browses individual answers, not even a platform admin."""

from __future__ import annotations

from django.contrib import admin

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
    readonly_fields = ("score_threshold", "comment_threshold", "status")
    filter_horizontal = ("schools",)
