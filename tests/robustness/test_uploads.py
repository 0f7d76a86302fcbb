"""Uploads are limited in size and type, and oversized requests are refused without a server error."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from brobyg.bridging.models import Referral
from brobyg.initiatives.models import Story

STORY = {"title": "Turleder", "date": "2026-03-01", "text": "Hun leder nu turen", "sharing": "staff",
         "photo_consent": "on"}


def image(fmt, size=(40, 30)):
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 90)).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("name, content, why", [
    ("story.png", b"<html><script>alert(1)</script></html>", "not a photo"),
    ("story.gif", image("GIF"), "only JPEG, PNG or WebP"),
    ("story.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "a broken JPEG"),
])
def test_a_file_that_is_not_an_accepted_photo_is_refused(client_for, facilitator_a, name, content, why):
    response = client_for(facilitator_a).post(reverse("initiatives:story_new"),
                                              {**STORY, "photo": SimpleUploadedFile(name, content)})
    assert response.status_code == 200, why
    assert response.context["form"].errors["photo"], why
    assert not Story.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client_for, facilitator_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None  # the file itself must be judged, not only the request
    big = image("PNG", size=(2400, 2400)) + b"\0" * (5 * 1024 * 1024)
    response = client_for(facilitator_a).post(reverse("initiatives:story_new"),
                                              {**STORY, "photo": SimpleUploadedFile("big.png", big)})
    assert response.status_code == 200
    assert "5 MB" in " ".join(response.context["form"].errors["photo"])
    assert not Story.objects.exists()


def test_an_accepted_photo_is_stored_as_a_small_jpeg(client_for, facilitator_a):
    response = client_for(facilitator_a).post(reverse("initiatives:story_new"), {
        **STORY, "photo": SimpleUploadedFile("p.png", image("PNG", size=(3000, 2000)))})
    assert response.status_code == 302
    with Image.open(Story.objects.get().photo) as stored:
        assert stored.format == "JPEG" and max(stored.size) <= 1600


def test_an_oversized_request_body_is_refused_cleanly(client, partnership_a):
    """More form data than DATA_UPLOAD_MAX_MEMORY_SIZE allows: 400, no trace, nothing stored."""
    response = client.post(reverse("bridging:ask"), {
        "partnership": partnership_a.pk, "contact_name": "Mette", "contact_phone": "12345678", "agree": "on",
        "wants_help_with": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert not Referral.objects.exists()


def test_an_oversized_api_import_is_refused(client_for, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    response = client_for(admin).post("/api/v1/directory/hsds/import", data=b"[" + b" " * (6 * 1024 * 1024) + b"]",
                                      content_type="application/json")
    assert response.status_code in (400, 413)
