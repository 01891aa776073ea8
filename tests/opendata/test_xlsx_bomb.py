"""Issue 19 item 5: a workbook that unpacks to a flood of shared strings is refused and never parsed."""

import io
import os
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError

from opendata import services
from opendata.models import Resource

from .test_preview import _xlsx

_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
}


def bomb_workbook(strings: int = 300_000) -> bytes:
    """A valid XLSX of ~14 KB whose sharedStrings.xml unpacks to ~5 MB of tiny strings (14 s of openpyxl)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "<si><t>a</t></si>" * strings
            + "</sst>",
        )
    return out.getvalue()


def test_a_bomb_workbook_is_refused_at_upload_and_nothing_is_written(make_dataset, english):
    dataset = make_dataset(resources=())
    with pytest.raises(ValidationError, match="compressed bomb"):
        services.resource_add(
            dataset=dataset, name="bomb", content=bomb_workbook(), filename="b.xlsx", fmt="XLSX"
        )
    assert not Resource.objects.exists()


def test_a_stored_bomb_is_not_parsed_by_the_preview(client, make_dataset, english):
    # A workbook stored before the upload check (or put in storage by other means) must not be opened.
    dataset = make_dataset(resources=[("XLSX", _xlsx([["year", "value"], [2020, 1]]))])
    resource = dataset.resources.get()
    with open(resource.file.path, "wb") as stored:
        stored.write(bomb_workbook())
    started = time.monotonic()
    response = client.get(f"/en/opendata/datasets/{dataset.name}/resources/{resource.pk}/preview/")
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and "too large to preview" in response.content.decode()
    # Parsing the bomb takes minutes and gigabytes; the guard answers at once. The bound is generous so that
    # a busy CI machine (two suites on two cores) cannot fail it, and still far below a parse.
    assert elapsed < 30, f"the preview took {elapsed:.1f} s"


def test_the_preview_is_read_once_per_file(client, make_dataset, english):
    dataset = make_dataset(resources=[("XLSX", _xlsx([["year", "value"], [2020, 1], [2021, 2]]))])
    resource = dataset.resources.get()
    url = f"/en/opendata/datasets/{dataset.name}/resources/{resource.pk}/preview/"
    assert "<td>2021</td>" in client.get(url).content.decode()
    os.remove(resource.file.path)  # a second visit is served from the cache, without reading the file
    assert "<td>2021</td>" in client.get(url).content.decode()
