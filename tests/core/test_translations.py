"""Every app's Danish catalog is complete and its compiled .mo matches the .po (so Danish is really the default)."""
import shutil
import subprocess
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "brobyg"
CATALOGS = sorted(SRC.glob("*/locale/da/LC_MESSAGES/django.po"))


def test_there_are_danish_catalogs():
    assert CATALOGS, "no Danish catalogs found"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext tools not installed")
@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_complete_and_compiled(po, tmp_path):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert (tmp_path / "x.mo").read_bytes() == po.with_suffix(".mo").read_bytes(), "run `make messages`"
