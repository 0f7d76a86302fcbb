"""In the English interface, what people wrote in Danish is marked lang="da" so screen readers pronounce it as
Danish (issue 17); in the Danish interface nothing extra is needed."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_danish_activity_text_is_marked_in_the_english_interface(client, make_activity, org_a):
    activity = make_activity(org_a, title="Stille gåtur og kaffe", description="Vi går en tur og drikker kaffe.",
                             receiver="Birgitte ved indgangen")
    url = reverse("directory:detail", args=[activity.pk])
    danish = client.get(url).content.decode()
    assert '<html lang="da">' in danish and 'lang="da"' not in danish.split("<body", 1)[1]
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert '<html lang="en">' in english
    assert re.search(r'<h1 lang="da">Stille gåtur og kaffe</h1>', english)
    assert re.search(r'<div class="dir-description" lang="da"><p>Vi går en tur', english)
    assert '<span lang="da">Birgitte ved indgangen</span>' in english
    listing = client.get(reverse("directory:public_list")).content.decode()
    assert re.search(r'<h2 class="dir-title" lang="da"><a [^>]*>Stille gåtur og kaffe</a>', listing)
