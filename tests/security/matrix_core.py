"""Permission matrix of the core app's own pages: the sources page (issue 20) and the e-mail choices (issue 14)."""
from .matrix import AARHUS, Rule, url

# The sources page names the five public reports; it holds no partnership or citizen data.
PUBLIC = {"core:sources"}

MATRIX = {
    "core:mail_settings": Rule(url("core:mail_settings"), AARHUS | {"other"}),
}
