from django.contrib import admin

from .models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "audience", "scope", "organisation", "school", "is_crisis")
    list_filter = ("kind", "audience", "scope", "is_crisis")
    search_fields = ("name", "provider", "description", "tags")
