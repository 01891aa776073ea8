"""Object storage and private files: S3 when configured (here a real S3-compatible server, moto's, started
by the test), the filesystem otherwise; a draft consultation's documents only through signed links
bound to one person, that expire.
"""

import time

import boto3
import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from consultations.models import ConsultationDocument
from sharik.core.private_files import private_storage
from sharik.settings.base import s3_storages
from tests.factories import ConsultationFactory, UserFactory
from tests.replica_cluster import free_port

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a consultation's draft\n%%EOF\n"
BUCKET = "sharik-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1"
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    """The settings a deployer's S3_* variables produce, pointing at the local server."""
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket=BUCKET,
            endpoint_url=s3_endpoint,
            region="us-east-1",
            access_key="k",
            secret_key="s",
            presigned_max_age=60,
        ),
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="k",
        aws_secret_access_key="s",
        region_name="us-east-1",
    )
    return client


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def _document(consultation) -> ConsultationDocument:
    return ConsultationDocument.objects.create(
        consultation=consultation, title="Draft law", file=ContentFile(PDF, name="draft-law.pdf")
    )


def _draft_with_document(coordinator_entity):
    return _document(ConsultationFactory(entity=coordinator_entity, phase="planning"))


def _signed_link(client: Client, document) -> str:
    response = client.get(f"/consultations/{document.consultation_id}/documents/{document.pk}/")
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/files/")
    return response["Location"]


# --- S3 -----------------------------------------------------------------------------------------


def test_uploaded_and_generated_files_go_to_the_bucket(s3, open_consultation):
    document = _document(open_consultation)
    from consultations.services.archive import archive_export_publish

    export = archive_export_publish(fmt="csv")  # a generated file, on the public side
    keys = _keys(s3)
    assert f"private/{document.file.name}" in keys
    assert f"media/{export.file.name}" in keys
    # public files get working (presigned) addresses on the bucket, not /media/
    url = default_storage.url(export.file.name)
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(url).status_code == 200


def test_a_private_file_on_s3_opens_through_a_presigned_url_for_its_person_only(
    s3, entity, coordinator, citizen
):
    document = _draft_with_document(entity)
    staff = Client()
    staff.force_login(coordinator)
    link = _signed_link(staff, document)
    response = staff.get(link)
    assert response.status_code == 302
    presigned = response["Location"]
    assert "X-Amz-Signature=" in presigned and "X-Amz-Expires=60" in presigned
    assert httpx.get(presigned).content == PDF

    other = Client()
    other.force_login(citizen)
    assert other.get(link).status_code == 403  # the coordinator's link, forwarded to someone else
    assert other.get(f"/consultations/{document.consultation_id}/documents/{document.pk}/").status_code == 404
    assert Client().get(link).status_code == 403


# --- The filesystem (no S3 configured) ---------------------------------------------------------------


def test_on_the_filesystem_private_files_stay_outside_media_root(settings, open_consultation):
    document = _document(open_consultation)
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert private_storage().exists(document.file.name)
    anyone = Client()
    response = anyone.get(_signed_link(anyone, document))  # a published consultation: anyone may read
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_another_persons_link_is_refused(entity, coordinator, citizen):
    document = _draft_with_document(entity)
    staff = Client()
    staff.force_login(coordinator)
    link = _signed_link(staff, document)
    assert b"".join(staff.get(link).streaming_content) == PDF
    other = Client()
    other.force_login(citizen)
    response = other.get(link)
    assert response.status_code == 403
    assert "another person" in response.content.decode() or "لشخص آخر" in response.content.decode()
    assert Client().get(link).status_code == 403
    # a draft's document is not even offered to the public
    assert other.get(f"/consultations/{document.consultation_id}/documents/{document.pk}/").status_code == 404


class _Clock:
    """`time` as django.core.signing sees it, `ahead` seconds in the future (no sleeping, no race
    with the signature's whole-second timestamp)."""

    def __init__(self, ahead: float):
        self.ahead = ahead

    def time(self) -> float:
        return time.time() + self.ahead


def test_an_expired_link_is_refused(settings, entity, coordinator, monkeypatch):
    from django.core import signing

    document = _draft_with_document(entity)
    staff = Client()
    staff.force_login(coordinator)
    link = _signed_link(staff, document)
    settings.PRIVATE_FILE_LINK_MAX_AGE = 60
    monkeypatch.setattr(signing, "time", _Clock(ahead=50))
    assert staff.get(link).status_code == 200  # 50 s old: still in time
    monkeypatch.setattr(signing, "time", _Clock(ahead=70))
    assert staff.get(link).status_code == 410  # 70 s old: too late
    assert staff.get(link[:-3] + "xyz/").status_code == 404  # a tampered link
    # a fresh link from the page works again
    assert staff.get(_signed_link(staff, document)).status_code == 200


def test_another_user_is_another_person():
    """A link made for nobody (a published consultation's document) is not bound; one for a person is."""
    from sharik.core.private_files import PrivateLinkRefused, private_file_link, private_file_resolve

    person, stranger = UserFactory(), UserFactory()
    token = private_file_link(name="x.pdf", user=person).split("/")[2]
    assert private_file_resolve(token=token, user=person) == "x.pdf"
    with pytest.raises(PrivateLinkRefused, match="other-person"):
        private_file_resolve(token=token, user=stranger)
