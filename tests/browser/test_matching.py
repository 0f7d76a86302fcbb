"""Suggestions a bridge-builder can trust, in a browser (issue 15): on the evaluation set's 150 activities, a
12-year-old with a guardian, a 74-year-old man and a woman who says she is open to women's groups each get only
activities they may join, with reasons that are true. The woman's private choice and her gender are entered on
the citizen's edit screen, as a bridge-builder would."""
import pytest

from brobyg.bridging.quality import Cases, load_into_product, may_join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def suggestions(page):
    """(title, reasons text) for each suggestion on the page."""
    out = []
    for item in page.locator("form .match").all():
        out.append((item.locator("strong").inner_text(), item.locator(".reasons").inner_text()))
    return out


def test_only_activities_they_may_join_with_true_reasons(page, login):
    from django.contrib.auth import get_user_model

    from brobyg.bridging.models import Citizen

    from brobyg.directory import taxonomy
    from brobyg.directory.models import Category, TargetGroup

    # The shipped taxonomy is seeded by a migration; an earlier live-server test's flush may have emptied it.
    taxonomy.seed(Category, TargetGroup)
    cases = Cases.load()
    citizens, _keys = load_into_product(cases)
    user = get_user_model().objects.get(username="match-quality-eval")
    user.set_password(PASSWORD)
    user.save()
    by_title = {a["title"]: a for a in cases.activities}
    rows = {c["key"]: c for c in cases.citizens}
    # The woman's gender and her openness to a women's group are left for the bridge-builder to enter.
    woman = citizens["c23"]
    Citizen.objects.filter(pk=woman.pk).update(gender="", open_target_groups="")

    login("match-quality-eval", PASSWORD)
    base = page.base_url

    def check(key):
        page.goto(f"{base}/bridge/citizens/{citizens[key].pk}/matches/")
        found = suggestions(page)
        assert found, key
        for title, _reasons in found:
            assert may_join(rows[key], by_title[title]), (key, title)
        return dict(found)

    # Before: without her choice she is offered no women's group and no group for women exposed to violence.
    before = check("c23")
    assert not {"Q-værk – netværksgruppe for voldsudsatte kvinder", "Yoga for kvinder"} & set(before)
    page.goto(f"{base}/bridge/citizens/{woman.pk}/edit/")
    page.select_option("#id_c-gender", "woman")
    page.check("input[name=w-open_target_groups][value=kvinder-vold]")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    after = check("c23")
    group = after["Q-værk – netværksgruppe for voldsudsatte kvinder"]
    assert "Kvinder der har oplevet vold – et fællesskab borgeren selv har sagt ja til at overveje" in group
    assert "for kvinder" in group and "netværk: ja · yoga: ikke nævnt" in group  # "netværksgruppe" has it
    assert "netværk: ikke nævnt · yoga: ja" in after["Yoga for kvinder"]

    # The 12-year-old girl (with a guardian): children's and youth activities for her age, no adults' ones.
    girl = check("c11")
    assert "alder 11–13 – borgeren er 12" in girl["Falster Håndbold U13"]
    assert "håndbold: ja" in girl["Falster Håndbold U13"]
    assert "Nykøbing F Fodboldklub – drenge U10" not in girl  # for boys
    assert all(by_title[t]["min_age"] in ("", "0") or int(by_title[t]["min_age"]) <= 12 for t in girl)

    # The 74-year-old man: the men's club and the seniors' fitness, never the women's gymnastics.
    man = check("c07")
    assert "for mænd" in man["Mændenes motionsklub"] and "alder 50+ – borgeren er 74" in man["Mændenes motionsklub"]
    assert "Kvindegymnastik i Tingbjerg" not in man
    assert "Ensomme ældre – et fællesskab borgeren selv har sagt ja til at overveje" in man["Seniorfitness i Voldparten"]
    # His filler words count for nothing; "motion" and "form" are his interests.
    assert all("komme:" not in reasons and "kop:" not in reasons for reasons in man.values())
