"""Preview: the first rows of CSV/XLSX/JSON as an accessible table, with limits, and chart data."""

import io
import json

from opendata import preview as preview_module
from opendata.preview import resource_preview


def _xlsx(rows):
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_csv_preview_table_and_chart(client, make_dataset):
    content = "emirate,schools,note\nدبي,120,x\nالشارقة,95,y\n".encode()
    dataset = make_dataset(resources=[("CSV", content)])
    resource = dataset.resources.get()
    result = resource_preview(resource)
    assert result.columns == ["emirate", "schools", "note"]
    assert result.rows[0] == ["دبي", "120", "x"]
    assert result.numeric == [1]
    assert result.chart() == {
        "labels": ["دبي", "الشارقة"],
        "series": [{"label": "schools", "data": [120.0, 95.0]}],
    }
    page = client.get(
        f"/en/opendata/datasets/{dataset.name}/resources/{resource.pk}/preview/"
    ).content.decode()
    assert '<th scope="col">schools</th>' in page and "<caption>" in page
    assert 'id="od-chart-data" type="application/json"' in page
    assert "chart.umd.min.js" in page and "js/opendata.js" in page
    # no inline executable script
    import re

    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_xlsx_and_json_previews(make_dataset):
    dataset = make_dataset(
        resources=[
            ("XLSX", _xlsx([["year", "value"], [2020, 1.5], [2021, 2]])),
            (
                "JSON",
                json.dumps({"data": [{"year": 2020, "v": 3}, {"year": 2021, "v": 4, "extra": "z"}]}).encode(),
            ),
        ]
    )
    xlsx, js = dataset.resources.all()
    p = resource_preview(xlsx)
    assert p.columns == ["year", "value"] and p.rows == [["2020", "1.5"], ["2021", "2"]]
    p = resource_preview(js)
    assert p.columns == ["year", "v", "extra"] and p.rows[1] == ["2021", "4", "z"]


def test_limits_rows_and_size(make_dataset, monkeypatch, english):
    rows = "n,v\n" + "".join(f"{i},{i}\n" for i in range(500))
    dataset = make_dataset(resources=[("CSV", rows.encode())])
    p = resource_preview(dataset.resources.get())
    assert len(p.rows) == preview_module.PREVIEW_ROWS and p.truncated
    monkeypatch.setattr(preview_module, "PREVIEW_BYTES", 100)
    big = make_dataset(resources=[("JSON", json.dumps([{"a": i} for i in range(100)]).encode())])
    assert "too large" in resource_preview(big.resources.get()).error


def test_broken_files_give_a_reason_not_an_error(client, make_dataset):
    # Uploads are checked, so a broken file can only be one that went bad in storage (or a harvested one).
    dataset = make_dataset(resources=[("XLSX", _xlsx([["a"]])), ("JSON", b"[]")])
    bad_xlsx, bad_json = dataset.resources.all()
    for resource, junk in ((bad_xlsx, b"not a workbook"), (bad_json, b"{broken")):
        with open(resource.file.path, "wb") as stored:
            stored.write(junk)
    assert resource_preview(bad_xlsx).error
    assert resource_preview(bad_json).error
    response = client.get(f"/en/opendata/datasets/{dataset.name}/resources/{bad_xlsx.pk}/preview/")
    assert response.status_code == 200 and "could not be read" in response.content.decode()


def test_pdf_has_no_preview(client, make_dataset):
    dataset = make_dataset(resources=[("PDF", b"%PDF-1.4")])
    resource = dataset.resources.get()
    assert resource_preview(resource) is None
    assert (
        client.get(f"/opendata/datasets/{dataset.name}/resources/{resource.pk}/preview/").status_code == 404
    )
