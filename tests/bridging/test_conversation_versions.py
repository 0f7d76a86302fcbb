"""The conversation never loses what was said: a new conversation starts from the previous answers (shown,
editable); a blank field keeps its value unless cleared on purpose; each conversation keeps its own version, so the
wishes can be seen changing over time; editing an older conversation does not overwrite newer wishes."""
import pytest
from django.urls import reverse

from brobyg.bridging import services
from brobyg.bridging.models import Conversation

pytestmark = pytest.mark.django_db


def _questions(citizen):
    return {x.key: x for x in services.current_guide(citizen.partnership).questions.all() if x.key}


def test_a_second_conversation_keeps_the_first_ones_answers(client_for, people, make_citizen):
    citizen = make_citizen()
    q = _questions(citizen)
    c = client_for(people["bb"])
    url = reverse("bridging:conversation", args=[citizen.pk])
    c.post(url, {f"q{q['interests'].pk}": "havearbejde, gåture", f"q{q['welcome_needs'].pk}": "Et roligt goddag",
                 f"q{q['days'].pk}": ["1", "3"], f"q{q['barriers'].pk}": ["economy"],
                 f"q{q['support'].pk}": ["companion"], f"q{q['community_kind'].pk}": "ordinary"})
    first = Conversation.objects.get()

    # The new conversation shows the earlier answers, ready to edit.
    page = c.get(url)
    html = page.content.decode()
    assert "havearbejde, gåture" in html and "Et roligt goddag" in html and "Svarene fra sidste samtale" in html
    assert page.context["form"][f"q{q['days'].pk}"].initial == ["1", "3"]

    # Saved with the wish questions left blank: nothing is lost. Interests change; barriers are cleared on purpose.
    c.post(url, {f"q{q['interests'].pk}": "kor", f"q{q['barriers'].pk}": [],
                 f"clear_q{q['barriers'].pk}": "on", "notes": "Anden samtale"})
    citizen.refresh_from_db()
    assert citizen.interests == "kor"
    assert citizen.welcome_needs == "Et roligt goddag" and citizen.days == "1,3"
    assert citizen.support_list() == ["companion"] and citizen.community_kind == "ordinary"
    assert citizen.barrier_list() == []
    second = Conversation.objects.exclude(pk=first.pk).get()
    mine = {a.question.key: a.value for a in second.answers.select_related("question") if a.question.key}
    assert mine["welcome_needs"] == "Et roligt goddag" and mine["interests"] == "kor" and mine["barriers"] == ""
    old = {a.question.key: a.value for a in first.answers.select_related("question") if a.question.key}
    assert old["interests"] == "havearbejde, gåture" and old["barriers"] == "economy"  # its own version

    # The citizen page shows the wishes changing over time.
    html = c.get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert "Ønsker over tid" in html and "havearbejde, gåture" in html and "ændret" in html

    # Editing the older conversation does not overwrite the newer wishes.
    c.post(reverse("bridging:conversation_edit", args=[citizen.pk, first.pk]),
           {f"q{q['interests'].pk}": "havearbejde", "notes": "rettet"})
    citizen.refresh_from_db()
    assert citizen.interests == "kor"
    assert first.answers.get(question=q["interests"]).value == "havearbejde"
    assert first.answers.get(question=q["welcome_needs"]).value == "Et roligt goddag"  # blank kept its own value
