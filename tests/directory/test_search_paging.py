"""Paging of search results: ids and total count come from one query (COUNT(*) OVER ()), on both databases."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brobyg.directory.models import Activity
from brobyg.directory.search import page_of_ids, run_search


def _titles(ids):
    return [Activity.objects.get(pk=pk).title for pk in ids]


def test_pages_count_and_order(make_activity, org_a):
    for i in range(7):
        make_activity(org_a, title=f"Hold {i}")
    make_activity(org_a, title="Kladde", status=Activity.Status.DRAFT)
    result = run_search({})  # published, by title: the page from the title index, and a separate count
    with CaptureQueriesContext(connection) as queries:
        page = page_of_ids(result, "2", 3)
    assert len(queries) == 2
    assert page.paginator.count == 7 and page.paginator.num_pages == 3 and page.number == 2
    assert _titles(page.object_list) == ["Hold 3", "Hold 4", "Hold 5"]
    assert page.has_next() and page.has_previous() and page.start_index() == 4


def test_ranked_and_nearest_first_pages_count_in_the_same_query(make_activity, org_a):
    for i, postcode in enumerate(["8000", "8200", "8210", "8000", "8230"]):
        make_activity(org_a, title=f"Strikkecafé {i}", postcode=postcode)
    make_activity(org_a, title="Fodbold", postcode="8000")
    for data, sort in [({"q": "strikkecafé"}, "relevance"), ({"postcode": "8000"}, "distance")]:
        result = run_search(data)
        assert result.sort == sort
        with CaptureQueriesContext(connection) as queries:
            page = page_of_ids(result, 1, 4)
        assert len(queries) == 1, sort
        assert page.paginator.count == (5 if sort == "relevance" else 6)
        assert list(page.object_list) == list(result.queryset.values_list("pk", flat=True)[:4])


def test_bad_or_too_high_page_numbers(make_activity, org_a):
    for i in range(5):
        make_activity(org_a, title=f"Hold {i}")
    qs = run_search({})
    assert page_of_ids(qs, "x", 2).number == 1
    assert page_of_ids(qs, "-3", 2).number == 1
    last = page_of_ids(qs, "99", 2)
    assert (last.number, _titles(last.object_list), last.paginator.count) == (3, ["Hold 4"], 5)
    beyond = page_of_ids(qs, 99, 2, clamp=False)  # the API keeps the number and answers an empty page
    assert (beyond.number, list(beyond.object_list), beyond.paginator.count) == (99, [], 5)
    empty = page_of_ids(run_search({"q": "ingenting-her"}), 1, 2)
    assert (empty.number, list(empty.object_list), empty.paginator.count) == (1, [], 0)


def test_directory_page_two_over_http(client, make_activity, org_a):
    for i in range(25):
        make_activity(org_a, title=f"Strikkecafé {i:02d}")
    response = client.get(reverse("directory:public_list"), {"q": "strikkecafé", "page": "2"})
    assert response.status_code == 200
    assert response.context["count"] == 25 and response.context["page"].number == 2
    assert len(response.context["items"]) == 5


def test_an_absurd_page_number_over_http_shows_the_last_page(client, make_activity, org_a):
    for i in range(25):
        make_activity(org_a, title=f"Strikkecafé {i:02d}")
    for params in ({"page": "99999999999999999999"}, {"q": "strikkecafé", "page": "99999999999999999999"},
                   {"postcode": "8000", "page": "9" * 30}, {"page": "9" * 5000}):
        response = client.get(reverse("directory:public_list"), params)
        assert response.status_code == 200, params
        assert response.context["page"].number in (1, 2)
