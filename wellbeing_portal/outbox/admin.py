from django.contrib import admin
from django.http import HttpRequest

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ("kind", "to_email", "subject", "status", "attempts", "due_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to_email", "subject", "key")
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
