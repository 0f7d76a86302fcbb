from django.contrib import admin

from .models import Activity, Cancellation, Category, InterestWord, OneOffDate, Schedule, TargetGroup


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 0


class OneOffInline(admin.TabularInline):
    model = OneOffDate
    extra = 0


class CancellationInline(admin.TabularInline):
    model = Cancellation
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "postcode", "status", "last_verified"]
    list_filter = ["status", "inclusion", "price_type", "has_host", "wheelchair"]
    search_fields = ["title", "organisation__name", "postcode", "city"]
    autocomplete_fields = ["organisation", "partnership"]
    filter_horizontal = ["categories", "target_groups"]
    inlines = [ScheduleInline, OneOffInline, CancellationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from .services import refresh_derived

        refresh_derived(form.instance)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "order"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "order"]


@admin.register(InterestWord)
class InterestWordAdmin(admin.ModelAdmin):
    """Facilitators' additions to the Danish interest vocabulary (directory/vocabulary.py holds the curated base)."""

    list_display = ["word", "related"]
    search_fields = ["word", "related"]
