"""The licence statement on every page of an appraisal started from the published figures (issue 21), and on none of
an appraisal typed in by hand."""

from appraisal.models import Appraisal, BaselineSource
from appraisal.outturn import data


def test_every_page_of_an_appraisal_from_the_published_figures_states_its_source_and_licence(signed_in, dh_appraisal):
    BaselineSource.objects.create(
        appraisal=dh_appraisal, dataset=data.DATASET, publisher=data.PUBLISHER, year=2024, licence=data.OGL
    )
    client = signed_in("officer")
    for path in ("", "baselines/", "scenarios/", "history/"):
        html = client.get(f"/appraisals/{dh_appraisal.slug}/{path}").content.decode()
        assert f"This appraisal's baselines are from {data.PUBLISHER}, “{data.DATASET}”, 2024/25. {data.OGL}" in html, (
            path
        )


def test_an_appraisal_typed_in_by_hand_carries_no_licence_statement(signed_in, dh_appraisal):
    assert not Appraisal.objects.filter(baseline_source__isnull=False).exists()
    html = signed_in("member").get(f"/appraisals/{dh_appraisal.slug}/").content.decode()
    assert data.OGL not in html and 'id="baseline-source"' not in html
