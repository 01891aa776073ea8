"""Private files: kept in the "private" storage, reached only through short-lived signed links.

The "private" storage is a folder the reverse proxy never serves (PRIVATE_MEDIA_ROOT) or, when S3 is
configured, the bucket's private/ prefix (settings/base.py). A view that has checked who may read a
file hands out `private_file_link()`: a signed, expiring address bound to the person who asked. The
link's view (`sharik.core.views.private_file`) checks the signature, the age and the person again,
then streams the file from the filesystem or redirects to an S3 presigned URL valid for
S3_PRESIGNED_URL_MAX_AGE seconds. A link copied to another person, or used too late, is refused.
"""

from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import LazyObject, empty

SALT = "sharik.core.private-file"


class PrivateLinkRefused(Exception):
    """Why a private file link cannot be used: "invalid", "expired" or "other-person"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _PrivateStorage(LazyObject):
    """storages["private"], looked up on first use (like Django's default_storage), so the settings decide."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_forget(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """The storage of files that are never public (FileField(storage=private_storage) keeps this name)."""
    return _private_storage


def is_object_storage(storage) -> bool:
    """True for S3 (django-storages): it answers with presigned URLs instead of streaming through Django."""
    return hasattr(storage, "bucket_name")


def private_file_link(*, name: str, user) -> str:
    """A signed link to the private file `name`, for `user` only (None: anyone holding it), for a short time."""
    owner = user.pk if user is not None and user.is_authenticated else None
    token = signing.dumps({"n": name, "u": owner}, salt=SALT, compress=True)
    return reverse("private-file", args=[token])


def private_file_resolve(*, token: str, user) -> str:
    """The file name a link points at, after checking its signature, its age and whose it is."""
    try:
        value = signing.loads(token, salt=SALT, max_age=settings.PRIVATE_FILE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise PrivateLinkRefused("expired") from None
    except signing.BadSignature:
        raise PrivateLinkRefused("invalid") from None
    owner = value.get("u")
    if owner is not None and (not user.is_authenticated or user.pk != owner):
        raise PrivateLinkRefused("other-person")
    return value["n"]
