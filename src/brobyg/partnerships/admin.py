from django.contrib import admin

from .models import Membership, Organisation, Partnership, PartnershipOrganisation


class ActorInline(admin.TabularInline):
    model = PartnershipOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "starts", "ends"]
    search_fields = ["name", "municipality"]
    inlines = [ActorInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "municipality"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "partnership", "organisation"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "partnership", "organisation"]
