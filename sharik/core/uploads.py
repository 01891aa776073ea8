"""Upload checks: the extension is allowed, the content is what the extension says, the size is bounded.

One validator for every FileField/ImageField people fill (and the admin's upload forms). The content is
sniffed, not trusted from the name or the browser's Content-Type: Pillow opens images, PDF and ZIP-based
formats (XLSX, DOCX, ZIP) must start with their magic bytes and hold their parts, text formats (CSV,
JSON, TXT, XML…) must decode as UTF-8 (and JSON parse). Limits: MAX_IMAGE_UPLOAD_BYTES for images,
MAX_DOCUMENT_UPLOAD_BYTES for everything else (settings, read when validating).
"""

import io
import json
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "txt", "csv")
DATA_EXTENSIONS = ("csv", "json", "geojson", "xml", "rdf", "ttl", "jsonld", "txt", "xlsx", "zip", "pdf")
TEXT_EXTENSIONS = ("txt", "md")
CSV_EXTENSIONS = ("csv",)

TEXT_KINDS = {"csv", "json", "geojson", "jsonld", "xml", "rdf", "ttl", "txt", "md"}
ZIP_PARTS = {
    "xlsx": "xl/workbook.xml",
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "content.xml",
}
PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}

# ZIP-based files (XLSX, DOCX, ZIP…) are checked for what they expand to, not only for their size: a
# 46 KB workbook can unpack to 17 MB of shared strings and cost a minute of CPU to open (zip bomb).
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 100  # uncompressed / compressed, per entry (Apache POI's default for Office files)
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def zip_bomb_reason(
    archive: zipfile.ZipFile,
    *,
    max_total: int = ZIP_MAX_UNCOMPRESSED,
    max_entries: int = ZIP_MAX_ENTRIES,
    max_ratio: int = ZIP_MAX_RATIO,
    max_entry: dict[str, int] | None = None,
) -> str:
    """Why the archive must not be unpacked ("" if it may), from its directory alone (nothing inflated)."""
    infos = archive.infolist()
    if len(infos) > max_entries:
        return "entries"
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            return "ratio"
        if max_entry and info.file_size > max_entry.get(info.filename, info.file_size):
            return "entry"
    return "total" if total > max_total else ""


def _read(value) -> bytes:
    """All the bytes of an uploaded file, a stored FieldFile or a ContentFile, leaving it at the start."""
    handle = getattr(value, "file", value)
    if hasattr(value, "open") and getattr(handle, "closed", False):
        value.open("rb")
        handle = getattr(value, "file", value)
    handle.seek(0)
    content = handle.read()
    handle.seek(0)
    return content if isinstance(content, bytes) else content.encode()


def _looks_like(kind: str, content: bytes) -> bool:
    if kind in PILLOW_FORMATS:
        from PIL import Image

        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
                return image.format == PILLOW_FORMATS[kind]
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken image; all mean "no"
            return False
    if kind == "pdf":
        return content.startswith(b"%PDF-")
    if kind == "zip" or kind in ZIP_PARTS:
        if not content.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        return kind == "zip" or ZIP_PARTS[kind] in names
    if kind in TEXT_KINDS:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        if "\x00" in text:
            return False
        if kind in {"json", "geojson", "jsonld"}:
            try:
                json.loads(text)
            except ValueError:
                return False
        return True
    return False


@deconstructible
class UploadValidator:
    """Allowed extensions, sniffed content and a size limit; `image=True` uses the image size limit."""

    def __init__(self, extensions, image: bool = False):
        self.extensions = tuple(extensions)
        self.image = image

    def __call__(self, value) -> None:
        if getattr(value, "_committed", False):
            return  # already stored: it was checked when it came in (and editing other fields must work)
        name = getattr(value, "name", "") or ""
        extension = PurePath(name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                _("Files of this type are not accepted here. Allowed: %(allowed)s."),
                code="extension",
                params={"allowed": ", ".join(self.extensions)},
            )
        limit = settings.MAX_IMAGE_UPLOAD_BYTES if self.image else settings.MAX_DOCUMENT_UPLOAD_BYTES
        size = getattr(value, "size", None)
        if size is None or size > limit:
            content = None
        else:
            content = _read(value)
            size = len(content)
        if size is None or size > limit:
            raise ValidationError(
                _("The file is too large (at most %(mb)s MB)."),
                code="size",
                params={"mb": f"{limit / (1024 * 1024):g}"},
            )
        if not _looks_like(extension, content):
            raise ValidationError(
                _("The content of the file does not match its type (.%(extension)s)."),
                code="content",
                params={"extension": extension},
            )
        if extension == "zip" or extension in ZIP_PARTS:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if zip_bomb_reason(archive):
                    raise ValidationError(
                        _(
                            "The file unpacks to far more data than it holds (a compressed bomb); it is refused."
                        ),
                        code="zip_bomb",
                    )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and (self.extensions, self.image) == (
            other.extensions,
            other.image,
        )


validate_image = UploadValidator(IMAGE_EXTENSIONS, image=True)
validate_document = UploadValidator(DOCUMENT_EXTENSIONS)
validate_data_file = UploadValidator(DATA_EXTENSIONS)
validate_text_file = UploadValidator(TEXT_EXTENSIONS)
validate_csv_file = UploadValidator(CSV_EXTENSIONS)
