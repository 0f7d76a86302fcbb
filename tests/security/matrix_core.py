"""Permission matrix of the core app's own pages (e-mail choices)."""
from .matrix import AARHUS, Rule, url

MATRIX = {
    "core:mail_settings": Rule(url("core:mail_settings"), AARHUS | {"other"}),
}
