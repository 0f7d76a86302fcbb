from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "brobyg.directory"
    label = "directory"
    verbose_name = _("Offer directory")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from brobyg.core.navigation import HOME_CARDS, NAV, Entry
        from brobyg.partnerships.models import Role

        from . import vocabulary
        from .models import InterestWord

        post_save.connect(vocabulary.forget, sender=InterestWord, dispatch_uid="vocabulary-save")
        post_delete.connect(vocabulary.forget, sender=InterestWord, dispatch_uid="vocabulary-delete")

        NAV.append(Entry(_("Activities"), "directory:staff_list",
                         roles=(Role.FACILITATOR, Role.REFERRER, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT),
                         order=20))
        HOME_CARDS.extend([
            Entry(_("Your activities"), "directory:mine", roles=(Role.ASSOCIATION_CONTACT, Role.FACILITATOR),
                  text=_("Keep your activities up to date: times, price, room for newcomers and who receives them."),
                  order=10),
            Entry(_("Find an activity for a citizen"), "directory:staff_list",
                  roles=(Role.REFERRER, Role.BRIDGE_BUILDER, Role.FACILITATOR),
                  text=_("Search the range of offers near the citizen, with notes for referrers."), order=20),
            Entry(_("Activities that need checking"), "directory:stale",
                  roles=(Role.FACILITATOR, Role.ASSOCIATION_CONTACT),
                  text=_("Activities whose information has not been verified for a while."), order=30),
            Entry(_("Inclusion self-check"), "directory:inclusion", roles=(Role.ASSOCIATION_CONTACT,),
                  text=_("How does your association work with including newcomers: plans, goals, skills, culture? "
                         "Rate it now and then and see it move (000 §7.5)."), order=40),
        ])
