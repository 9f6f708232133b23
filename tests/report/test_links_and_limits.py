"""What officers type into the report's sections cannot reach the server's files or take the machine down
(issue 13): only web and mail links keep their address, and a section is kept to a size a report can hold."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from appraisal.models import CabinetReport
from appraisal.report.selectors import cabinet_report_data
from appraisal.report.services import cabinet_report_update
from appraisal.report.text import markdown_to_html
from tests.report.conftest import SLUG, edit_form, pdf_text

EDIT_URL = reverse("cabinet_report_edit", args=[SLUG])
LINKS = (
    "See [the guidance](https://www.gov.uk/guidance), [the team](mailto:team@example.org), "
    "[another host](//evil.example/x), [this folder](.), [a file](budget.xlsx), [a section](#risk), "
    "[a share](\\\\server\\share) and [half a link](http:/evil.example)."
)


def link_targets(pdf: bytes) -> list[str]:
    """The address of every link annotation in the PDF, page by page."""
    targets = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            targets.append(str(action.get("/URI") or action.get("/D") or action))
    return targets


def test_only_absolute_web_and_mail_links_keep_their_address():
    html = markdown_to_html(LINKS)
    assert re.findall(r'href="([^"]*)"', html) == ["https://www.gov.uk/guidance", "mailto:team@example.org"]
    for words in ["another host", "this folder", "a file", "a section", "a share", "half a link"]:
        assert f'<a rel="noopener noreferrer">{words}</a>' in html  # the words stay, as plain text


@pytest.mark.django_db
def test_the_pdf_links_to_the_web_and_mail_only_never_to_the_servers_files(user_with, dh_appraisal):
    client, _ = user_with("officer")
    assert client.post(EDIT_URL, edit_form(dh_appraisal, legal=LINKS)).status_code == 302
    pdf = client.get(reverse("cabinet_report_pdf", args=[SLUG])).content
    assert link_targets(pdf) == ["https://www.gov.uk/guidance", "mailto:team@example.org"]
    assert "See the guidance, the team, another host, this folder, a file, a section, a share and half a link." in (
        " ".join(pdf_text(pdf).split())
    )


@pytest.mark.django_db
def test_a_scenario_named_like_a_link_is_shown_as_typed_in_the_generated_text(dh_appraisal):
    name = "[x](http://evil.example/)"
    dh_appraisal.scenarios.filter(name="Low").update(name=name)
    sections = cabinet_report_data(appraisal=dh_appraisal).sections
    assert f"Under the {name} scenario (2012/13 to 2016/17)" in sections["summary"].html
    assert f"approves the {name} scenario as the basis" in sections["recommendations"].html
    assert not [key for key, section in sections.items() if "<a" in section.html]


@pytest.mark.django_db
def test_an_8000_row_table_is_refused_beside_the_field_and_nothing_is_saved(user_with, dh_appraisal):
    client, _ = user_with("officer")
    table = "| Service | Budget |\n|---|---|\n" + "".join(f"| Service {i} | £{i},000 |\n" for i in range(8000))
    r = client.post(EDIT_URL, edit_form(dh_appraisal, risk=table))
    html = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in html
    too_long = f"Keep this section to 20,000 characters or fewer: it has {len(table.strip()):,}."
    too_many = "Keep tables in this section to 100 rows or fewer: it has 8,001."
    error = re.search(r'<p class="error-message" id="id_risk-error">(.*?)</p>', html, re.S)
    assert error and too_long in error.group(1)
    assert too_many in html
    assert f'<a href="#id_risk">Risk: {too_long}' in html  # and in the summary at the top
    assert not CabinetReport.objects.exists()


@pytest.mark.django_db
def test_a_long_table_within_the_length_is_refused_too(user_with, dh_appraisal):
    client, _ = user_with("officer")
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 150
    html = client.post(EDIT_URL, edit_form(dh_appraisal, legal=table)).content.decode()
    assert "Keep tables in this section to 100 rows or fewer: it has 151." in html
    assert "characters or fewer" not in html
    assert not CabinetReport.objects.exists()


@pytest.mark.django_db
def test_a_section_of_the_most_allowed_is_saved_and_one_more_is_refused_by_the_service_too(dh_appraisal):
    generated = {k: s.generated for k, s in cabinet_report_data(appraisal=dh_appraisal).sections.items()}
    words = ("Risk text. " * 2000)[:20_000]
    cabinet_report_update(
        appraisal=dh_appraisal, values={"risk": words}, compared_ids=[], generated=generated, expected_version=0
    )
    assert len(CabinetReport.objects.get().risk) == 20_000
    with pytest.raises(Exception, match="Keep this section to 20,000 characters or fewer: it has 20,001"):
        cabinet_report_update(
            appraisal=dh_appraisal,
            values={"risk": words + "x"},
            compared_ids=[],
            generated=generated,
            expected_version=1,
        )
