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


# The workspace (issue 6) is edited in the app; the admin is for site administrators' look-ups.
from .models import AgreementVersion, ContactPerson, Meeting, RatingRound  # noqa: E402


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "form", "partnership"]
    list_filter = ["form"]
    search_fields = ["title"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["partnership", "number", "created", "signed_off_on"]


@admin.register(RatingRound)
class RatingRoundAdmin(admin.ModelAdmin):
    list_display = ["partnership", "date", "title"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "actor", "is_ally"]
    search_fields = ["name"]
