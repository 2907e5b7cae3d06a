from django.contrib import admin

from .models import (
    Action,
    ActionGroupMember,
    Charter,
    CharterVersion,
    Commitment,
    Evidence,
    Pledge,
    Progress,
    Signatory,
)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ("position", "key", "kind", "title")


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "template_key", "created_at")
    list_filter = ("organisation",)


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ("charter", "number", "status", "adopted_on", "review_on")
    list_filter = ("status",)
    inlines = (CommitmentInline,)


@admin.register(Progress)
class ProgressAdmin(admin.ModelAdmin):
    list_display = ("school", "charter", "commitment_key", "status", "owner", "last_reviewed_on")
    list_filter = ("status", "charter")


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "school", "commitment_key", "owner", "due_on", "status", "for_staff")
    list_filter = ("status", "for_staff")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("school", "commitment_key", "kind", "added_by", "added_at")


admin.site.register(Signatory)
admin.site.register(ActionGroupMember)


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    # Counts only: who signed is not shown, even here.
    list_display = ("charter", "commitment_key", "signed_at")
    exclude = ("user",)
