"""Small real files for resources: uploads are sniffed (sharik/core/uploads.py), so fakes are refused."""

import io
import zipfile


def _xlsx_skeleton() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


XLSX = _xlsx_skeleton()
