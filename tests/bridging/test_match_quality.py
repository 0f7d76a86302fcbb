"""The evaluation set through `brobyg bench match-quality`: every case loads through the product and is scored."""
from io import StringIO

import pytest
from django.core.management import call_command

from brobyg.bridging.quality import Cases, evaluate
from brobyg.directory.models import Activity

pytestmark = pytest.mark.django_db


def test_the_set_is_large_enough_and_every_judgement_names_a_case():
    cases = Cases.load()
    assert len(cases.citizens) >= 30 and len(cases.activities) >= 150
    keys = {a["key"] for a in cases.activities}
    assert {c["key"] for c in cases.citizens} >= set(cases.grades)
    assert all(set(g) <= keys and all(1 <= v <= 3 for v in g.values()) for g in cases.grades.values())


def test_bench_match_quality_prints_the_figures_and_leaves_the_database_as_it_was():
    out = StringIO()
    call_command("bench", "match-quality", stdout=out)
    text = out.getvalue()
    assert "31 citizens × 150 activities" in text
    assert "hit@3" in text and "nDCG@5" in text and "ineligible suggestions" in text
    assert not Activity.objects.exists()


def test_no_suggestion_on_the_evaluation_set_is_one_the_citizen_may_not_join():
    """Issue 15's done-when: 0 ineligible suggestions, and none beyond a hard limit the citizen gave; and the
    ranking stays at least as good as it was before eligibility and Danish interests (hit@3 0.968, nDCG@5 0.863)."""
    result = evaluate(Cases.load())
    assert result.ineligible == 0, result.lines
    assert result.hard == 0, result.lines
    assert result.hit_at_3 >= 0.968 and result.ndcg_at_5 >= 0.863
