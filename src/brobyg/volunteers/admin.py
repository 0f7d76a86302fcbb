from django.contrib import admin

from . import models


@admin.register(models.VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ("first_name", "last_name", "partnership", "status", "channel")
    list_filter = ("status", "kind", "channel")
    search_fields = ("first_name", "last_name", "email")
    raw_id_fields = ("partnership", "user")


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "partnership", "kind", "status")
    raw_id_fields = ("partnership",)


admin.site.register(models.OnboardingItem)
