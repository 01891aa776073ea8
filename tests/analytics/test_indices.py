import pytest

from analytics.indices import egdi, normalise, rank_with_ties


def test_min_max_normalisation_on_known_numbers():
    assert normalise([2, 4, 6, 10]) == [0.0, 0.25, 0.5, 1.0]


def test_normalisation_when_every_score_is_equal_is_defined():
    assert normalise([3, 3, 3]) == [1.0, 1.0, 1.0]  # all at the top, not a division by zero
    assert normalise([0, 0]) == [0.0, 0.0]
    assert normalise([]) == []


def test_egdi_is_the_mean_of_its_three_components():
    # UAE 2022 in the UN survey: OSI 0.9014, TII 0.9802, HCI 0.8214 -> EGDI 0.9010
    assert egdi(0.9014, 0.9802, 0.8214) == pytest.approx(0.9010, abs=1e-4)
    assert egdi(1, 0, 0.5) == pytest.approx(0.5)


def test_ranking_with_ties_shares_the_rank_and_skips_the_next():
    assert rank_with_ties([0.9, 0.7, 0.9, 0.5]) == [1, 3, 1, 4]
    assert rank_with_ties([1, 2, 3], descending=False) == [1, 2, 3]
