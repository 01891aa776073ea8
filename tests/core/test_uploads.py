"""Uploads are checked by extension, by content (sniffed, not trusted from the name) and by size: a
refusal is a clear form error and nothing reaches the media folder."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse
from PIL import Image

from consultations.models import Consultation, ConsultationDocument
from governance.models import BlogPost, Entity, ToolkitItem
from opendata.models import Resource

pytestmark = pytest.mark.django_db


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 115, 47)).save(buffer, "PNG")
    return buffer.getvalue()


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"

# (model, field, an accepted file, refused files with the words the error must contain)
FIELDS = [
    (
        Entity,
        "logo",
        ("logo.png", png()),
        [
            ("logo.svg", b"<svg/>", "valid image"),  # Django's own image check comes first
            ("logo.png", HTML, "valid image"),
            ("logo.bmp", None, "not accepted"),  # a real image, but not a kind the portal takes
            ("logo.jpg", png(), "match"),  # a PNG named .jpg
        ],
    ),
    (Consultation, "cover_image", ("c.jpg", None), [("c.gif", PDF, "valid image"), ("c.png", None, "match")]),
    (BlogPost, "cover_image", ("c.webp", None), [("c.gif", png(), "match")]),
    (
        ConsultationDocument,
        "file",
        ("d.pdf", PDF),
        [("d.pdf", HTML, "match"), ("d.exe", b"MZ", "not accepted")],
    ),
    (ToolkitItem, "file", ("t.docx", office("word/document.xml")), [("t.docx", office("x.xml"), "match")]),
    (Resource, "file", ("r.xlsx", office("xl/workbook.xml")), [("r.json", b"{not json", "match")]),
    (Resource, "file", ("r.csv", "الاسم,العدد\nأ,1\n".encode()), [("r.csv", b"\xff\xfe\x00a", "match")]),
]


def _image(name: str) -> bytes:
    """A real image in the format its name says (a JPEG for c.png is made by the caller's mismatch)."""
    formats = {"jpg": "JPEG", "webp": "WEBP", "png": "JPEG", "bmp": "BMP"}
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, formats[name.rsplit(".", 1)[1]])
    return buffer.getvalue()


def _errors(model, field, name, content):
    """Submit the file through the model's form; a valid form is saved the way a model save stores its
    files (the field's pre_save writes the upload to the media storage). Returns the field's errors."""
    form = modelform_factory(model, fields=[field])(files={field: SimpleUploadedFile(name, content)})
    if form.is_valid():
        instance = form.save(commit=False)
        model._meta.get_field(field).pre_save(instance, add=True)
    return " ".join(form.errors.get(field, []))


def _media_files(settings) -> list:
    """Files in the public media folder and in the private one (a draft's documents are kept there)."""
    from pathlib import Path

    from django.core.files.storage import storages

    roots = {Path(settings.MEDIA_ROOT), Path(storages["private"].location)}
    return sorted(p for root in roots if root.exists() for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("model", "field", "good", "bad"), FIELDS, ids=lambda v: getattr(v, "__name__", None)
)
def test_each_upload_field_takes_its_kind_and_refuses_the_rest(model, field, good, bad, settings, english):
    for bad_name, bad_content, words in bad:
        assert words in _errors(model, field, bad_name, bad_content or _image(bad_name)), bad_name
    assert _media_files(settings) == [], "a refused file reached the media folder"
    # The same path stores an accepted file: the check above is not true merely because nothing saves.
    name, content = good
    assert _errors(model, field, name, content or _image(name)) == ""
    stored = _media_files(settings)
    assert len(stored) == 1 and stored[0].suffix == "." + name.rsplit(".", 1)[1]


def test_a_file_over_the_size_limit_is_refused(settings, english):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 2048
    assert "too large" in _errors(Entity, "logo", "l.png", png((300, 300)) + b"\x00" * 2000)
    assert "too large" in _errors(ConsultationDocument, "file", "d.pdf", PDF + b" " * 4096)
    assert _errors(ConsultationDocument, "file", "d.pdf", PDF) == ""


def test_the_error_is_in_arabic_by_default():
    assert "لا تُقبل" in _errors(ConsultationDocument, "file", "d.exe", b"MZ")


def test_a_data_resource_with_the_wrong_content_stores_nothing(entity, settings, english):
    from opendata import services

    dataset = services.dataset_create(entity=entity, name="budget", title_ar="الميزانية", title_en="Budget")
    with pytest.raises(ValidationError) as refused:
        services.resource_add(dataset=dataset, name="Budget", content=HTML, filename="budget.csv.exe")
    assert "not accepted" in str(refused.value)
    with pytest.raises(ValidationError):
        services.resource_add(dataset=dataset, name="Budget", content=b"[1, 2", filename="budget.json")
    assert not dataset.resources.exists()
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.*")))
    resource = services.resource_add(
        dataset=dataset, name="Budget", content=b"[1, 2]", filename="budget.json"
    )
    assert resource.file.read() == b"[1, 2]"


def test_the_admin_survey_import_refuses_a_file_that_is_not_csv(client, federal_user, english):
    from analytics.models import SurveyRow

    federal_user.is_staff = True
    federal_user.save()
    client.force_login(federal_user)
    upload = SimpleUploadedFile("survey.xlsx", office("xl/workbook.xml"))
    response = client.post(reverse("admin:analytics_surveyrow_import"), {"file": upload})
    assert "Files of this type are not accepted here. Allowed: csv." in response.content.decode()
    assert not SurveyRow.objects.exists()
