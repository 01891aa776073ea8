"""The annual report's PDF, rendered with exactly the Debian packages the production image installs.

deploy/debian-packages.txt is the one list: the Dockerfile installs it, .ci/run installs it, and this
test renders the Arabic report with it and reads the Arabic back from the PDF's text layer (a PDF
drawn without an Arabic font has boxes or nothing there, not the words).
"""

import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from governance.models import AnnualReport
from governance.services import reports

PACKAGE_LIST = Path(settings.BASE_DIR) / "deploy" / "debian-packages.txt"


def debian_packages() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in PACKAGE_LIST.read_text().splitlines())
    return [line for line in lines if line]


def not_installed(packages: list[str]) -> list[str]:
    missing = []
    for package in packages:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
        ).stdout
        if status != "install ok installed":
            missing.append(package)
    return missing


def test_the_dockerfile_installs_the_one_package_list():
    dockerfile = (Path(settings.BASE_DIR) / "Dockerfile").read_text()
    ci = (Path(settings.BASE_DIR) / ".ci" / "run").read_text()
    assert "deploy/debian-packages.txt" in dockerfile and "deploy/debian-packages.txt" in ci
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-core"} <= set(debian_packages())


@pytest.fixture
def production_packages():
    if shutil.which("dpkg-query") is None:
        pytest.skip("not a Debian machine: the package list cannot be checked here")
    missing = not_installed(debian_packages())
    if missing and not os.environ.get("CI"):
        # `make test` on a fresh machine: .ci/run installs the list, a newcomer may not have yet.
        pytest.skip(f"Debian packages of deploy/debian-packages.txt not installed: {missing}")
    assert missing == [], "CI must install deploy/debian-packages.txt (.ci/run)"


def test_the_arabic_report_pdf_carries_arabic_text(
    production_packages, entity, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    with django_capture_on_commit_callbacks(execute=True):
        report = reports.annual_report_request(year=timezone.localdate().year)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.GENERATED
    with report.pdf_ar.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
    arabic_letters = [c for c in text if "\u0600" <= c <= "\u06ff"]
    assert len(arabic_letters) > 200, text[:500]
    # Words of the report's own Arabic headings, found as words, not as scattered letters.
    assert "التقرير" in text or "تقرير" in text, text[:500]
    fonts = {
        str(font.get_object().get("/BaseFont", ""))
        for page in reader.pages
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
    }
    assert any("Noto" in name or "DejaVu" in name for name in fonts), fonts
