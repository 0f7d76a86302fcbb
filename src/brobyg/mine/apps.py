from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MineConfig(AppConfig):
    """The citizen's own page, reached by a personal link (issue 21). Its own app so that its one table and its
    migration stand apart from the bridging app's."""

    name = "brobyg.mine"
    label = "mine"
    verbose_name = _("The citizen's own page")
