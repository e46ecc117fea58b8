import datetime as dt

from tomoni.reports.registry.selectors import federation_figures


def test_figures_count_member_societies_and_members(world):
    figures = federation_figures(as_of=dt.date(2015, 3, 31))
    assert figures.member_societies == 1  # CWC is under direct control and not counted
    assert figures.individual_members == 3
    assert figures.worker_members == 3
    assert figures.cwc_centres == 2
    assert figures.cwc_members == 2


def test_figures_as_of_a_date_before_members_joined(world):
    figures = federation_figures(as_of=dt.date(1999, 3, 31))
    assert figures.individual_members == 0
