"""The cabinet report as HTML (the browser preview) and as PDF (WeasyPrint, from the very same HTML).

The PDF is tagged PDF/UA-1 (WeasyPrint 70's `pdf_variant="pdf/ua-1"`, which also turns on `pdf_tags`), so
screen readers can follow its headings and tables; its title, author and language come from the HTML's
`<title>`, `<meta name="author">` and `<html lang="en-GB">`.

The web pages do not render the PDF themselves: a background task does (appraisal/report/tasks.py), and keeps it
under `report_fingerprint` of the HTML (CabinetReportPdf), so unchanged figures and text are never rendered twice
and any change to them changes the HTML and so makes a new PDF.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from datetime import date
from pathlib import Path

import pydyf
import weasyprint
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML

from appraisal.report.selectors import ReportData
from appraise.collector import collector_paused

CSS_PATH = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
PDF_VARIANT = "pdf/ua-1"
# The text sections before and after Information and Analysis, in the order of the seed cabinet reports.
FRONT = ["purpose", "summary", "recommendations", "reasons"]
BACK = ["financial", "legal", "consultation", "risk", "equality", "crime_disorder"]


def report_context(data: ReportData, *, for_pdf: bool, can_edit: bool = False) -> dict:
    d = data.dashboard
    return {
        "data": data,
        "appraisal": data.appraisal,
        "report": data.report,
        "dash": d,
        "figures": d.figures,
        "s": d.figures.summary,
        "r": d.result,
        "charts": {name: _svg_data_uri(svg) for name, svg in data.charts.items()},
        "sections": data.sections,
        "front_sections": [data.sections[k] for k in FRONT],
        "back_sections": [data.sections[k] for k in BACK],
        "for_pdf": for_pdf,
        "can_edit": can_edit,
        # The PDF has no web server to fetch the stylesheet from, so it gets it inline; the preview links it.
        "inline_css": CSS_PATH.read_text(encoding="utf-8") if for_pdf else "",
    }


def _svg_data_uri(svg: str) -> str:
    """The dashboard's SVG as an image source. As an image, each chart keeps its own element ids (matplotlib
    numbers them the same in every chart, so inline they would clash in one document) and WeasyPrint draws it
    without parsing its styles as the page's; the alt text and the data table beside each chart say what it shows.
    """
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def report_html(data: ReportData, *, for_pdf: bool = False, can_edit: bool = False) -> str:
    """The report's HTML; the preview (not for_pdf) has a toolbar, with the settings link for those who may edit."""
    context = report_context(data, for_pdf=for_pdf, can_edit=can_edit)
    return render_to_string("appraisal/report/cabinet_report.html", context)


# WeasyPrint's image cache, shared between renders: the charts of the same figures are parsed once.
# Cleared when it grows, as each change of the figures brings new charts.
_IMAGE_CACHE: dict = {}
_IMAGE_CACHE_SIZE = 64


class _Zlib:
    """zlib as pydyf (WeasyPrint's PDF writer) sees it, at zlib's default level 6 instead of the level 9 pydyf
    asks for on every page's stream: for the 20-page benchmark report a PDF 3% larger, written some 0.1 s (4%)
    sooner. Level 9 searches harder for matches in streams of drawing operators that level 6 already packs well.
    """

    LEVEL = 6

    def __getattr__(self, name):
        return getattr(zlib, name)

    def compressobj(self, level=-1, *args, **kwargs):
        return zlib.compressobj(min(level, self.LEVEL) if level >= 0 else level, *args, **kwargs)


if hasattr(pydyf, "zlib"):
    pydyf.zlib = _Zlib()


def html_to_pdf(html: str) -> bytes:
    if len(_IMAGE_CACHE) > _IMAGE_CACHE_SIZE:
        _IMAGE_CACHE.clear()
    with collector_paused(collect_after=True):  # appraise/collector.py
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_tags=True, cache=_IMAGE_CACHE
        )


# What else decides the PDF besides its HTML: a new WeasyPrint, PDF variant or compression makes a new PDF of the
# same report. Raise RENDER_REVISION when html_to_pdf changes in any other way that shows in the PDF.
RENDER_REVISION = 1
RENDERER = f"weasyprint {weasyprint.__version__}; {PDF_VARIANT}; zlib {_Zlib.LEVEL}; revision {RENDER_REVISION}"


def report_fingerprint(html: str) -> str:
    """The PDF's fingerprint: SHA-256 of everything it shows (the report's HTML, with its stylesheet and charts
    inline) and of the renderer that makes it. The same fingerprint means the same PDF."""
    return hashlib.sha256(f"{RENDERER}\n{html}".encode()).hexdigest()


def report_filename(data: ReportData) -> str:
    """'2011-08-darlington-hartlepool-cabinet-report.pdf': the meeting's (or report's) month and the slug,
    without a trailing year the month already gives."""
    when: date = data.report.meeting_date or data.appraisal.report_date or date.today()
    slug = re.sub(r"-\d{4}$", "", data.appraisal.slug)
    return f"{when:%Y-%m}-{slug}-cabinet-report.pdf"


def pdf_download(pdf) -> HttpResponse:
    """A made CabinetReportPdf as a file to save."""
    response = HttpResponse(bytes(pdf.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    # The same fingerprint is always the same PDF; it is the reader's own (signed in), so only their browser keeps it.
    response["Cache-Control"] = "private, max-age=86400"
    return response
