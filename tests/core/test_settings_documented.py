"""Every setting is declared in settings.py and every environment variable it reads is in the README's table, so no
rule hides behind an inline default (issue 18)."""
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "brobyg"
INTERNAL = {"BROBYG_TESTING"}  # set by settings_test.py for the test suite, not an operator's choice


def _readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", section))


def test_every_brobyg_setting_the_code_uses_is_declared_and_documented():
    used = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name.startswith("settings"):
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"settings\.(BROBYG_[A-Z0-9_]+)", text))
        used |= set(re.findall(r"_setting = \"(BROBYG_[A-Z0-9_]+)\"", text))  # core.publicforms' per-form names
    assert used, "the scan found nothing: the pattern is broken"
    assert not [name for name in used if not hasattr(settings, name)], "used but not declared in settings.py"
    assert not sorted(used - _readme_table()), "used but not in the README's configuration table"
    inline = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
              if re.search(r"getattr\(settings, \"BROBYG_", p.read_text(encoding="utf-8"))]
    assert not inline, f"inline defaults instead of the declared setting: {inline}"


def test_every_environment_variable_settings_reads_is_documented():
    text = (SRC / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"(?:os\.environ\.get|env_bool|env_list)\(\"([A-Z][A-Z0-9_]+)\"", text)) - INTERNAL
    assert {"SECRET_KEY", "BEHIND_PROXY", "BROBYG_FOLLOWUP_DAYS"} <= read
    assert not sorted(read - _readme_table())
