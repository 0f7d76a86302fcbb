from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "brobyg.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, pre_save

        from brobyg.partnerships.models import Membership

        from . import policy
        from .models import User

        user_logged_in.connect(policy.on_login, dispatch_uid="brobyg.accounts.on_login")
        post_delete.connect(lambda sender, instance, **kw: policy.end_sessions(instance.user_id), sender=Membership,
                            weak=False, dispatch_uid="brobyg.accounts.membership_removed")
        pre_save.connect(policy.on_user_save, sender=User, dispatch_uid="brobyg.accounts.user_deactivated")
