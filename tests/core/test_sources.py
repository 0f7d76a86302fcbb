"""Sources are named as a person reads them (issue 17): no "(000 §7.2)" on the screens, a small "Source" link to
the public sources page, which names the report and the section; /partnership/ never answers with an empty page."""
import re

import pytest
from django.urls import reverse

from brobyg.core.sources import REPORTS

pytestmark = pytest.mark.django_db


def test_help_text_codes_become_source_links_to_the_named_report(client_for, facilitator_a):
    page = client_for(facilitator_a).get(reverse("bridging:referral_new")).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert not re.search(r"\(00[0-4][^)]*\)", re.sub(r"<[^>]+>", "", main))  # no code left in the text
    href = re.search(r'<a class="source-link" href="([^"]+)">Kilde', main).group(1).replace("&amp;", "&")
    sources = client_for(facilitator_a).get(href).content.decode()
    cited = sources.split('id="cited"', 1)[1].split("</section>", 1)[0]
    assert "Flere med i lokale fællesskaber" in cited and "§7.1.2" in cited


def test_the_sources_page_is_public_and_names_every_report(client):
    page = client.get(reverse("core:sources")).content.decode()
    for report in REPORTS:
        assert report.title in page and f"<code>{report.code}</code>" in page  # the code itself, not a link
    assert "VIVE" in page
    assert client.get(reverse("core:sources") + "?ref=<script>").status_code == 200  # nothing cited, no error


def test_partnership_address_leads_somewhere(client, client_for, facilitator_a):
    assert client.get("/partnership/")["Location"] == reverse("core:home")
    response = client_for(facilitator_a).get("/partnership/", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == reverse("partnerships:workspace")
