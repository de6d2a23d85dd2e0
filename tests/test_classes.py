"""The maps' classes agree with mapclassify's, bit for bit (pairing.figures.classes)."""

import warnings

import mapclassify
import numpy as np
import pytest

from pairing.figures import classes


def samples():
    rng = np.random.default_rng(7)
    yield rng.lognormal(size=17)                          # like the book's 17 divisions, skewed
    yield rng.normal(size=60)
    yield np.round(rng.lognormal(3, 1, size=40))          # ties
    yield np.array([1, 1, 1, 2, 2, 3, 5, 8, 13, 21, 50000.0])


@pytest.mark.parametrize("values", list(samples()))
@pytest.mark.parametrize("scheme,k", [("Quantiles", 3), ("Quantiles", 4), ("Quantiles", 5), ("FisherJenks", 3),
                                      ("FisherJenks", 5)])
def test_the_classes_are_mapclassifys(values, scheme, k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns when ties leave fewer quantile classes
        theirs = mapclassify.classify(values, scheme, k=k)
    ours = classes.classify(values, scheme, k=k)
    assert np.array_equal(ours.bins, theirs.bins) and np.array_equal(ours.yb, theirs.yb)


def test_bounds_given_by_hand_get_a_last_class_up_to_the_largest_value():
    values = np.array([0.5, 3, 7, 12, 40])
    ours = classes.classify(values, bins=[1, 10])
    theirs = mapclassify.UserDefined(values, bins=[1, 10])
    assert list(ours.bins) == [1, 10, 40] and np.array_equal(ours.yb, theirs.yb)
    assert list(ours.yb) == [0, 1, 1, 2, 2]  # a value on a bound belongs to the class below it


def test_natural_breaks_separate_clear_groups():
    values = np.array([1, 2, 3, 20, 21, 22, 100, 101])
    assert list(classes.natural_breaks(values, 3)) == [3, 22, 101]


def test_too_few_distinct_values_and_unknown_schemes_are_errors():
    with pytest.raises(ValueError, match="Fewer unique values"):
        classes.classify([1, 1, 2], "FisherJenks", k=3)
    with pytest.raises(ValueError, match="unknown classification scheme 'EqualInterval'"):
        classes.classify([1, 2, 3], "EqualInterval", k=2)


#: Staff per patient at the peak of the eight cities of Fig. 3.2 whose totals are known (rounded):
#: in thirds, Huangshi's 0.390 and Jingmen's 0.396 made a class of their own, "0.39–0.40".
STAFF_PER_PATIENT = np.array([0.267, 0.348, 0.364, 0.390, 0.396, 0.525, 0.551, 0.699])


def test_a_class_the_legend_cannot_show_as_a_range_is_a_sliver():
    thirds = classes.classify(STAFF_PER_PATIENT, "Quantiles", k=3)
    assert classes.slivers(STAFF_PER_PATIENT, thirds, step=0.01) == [1]
    assert classes.slivers(STAFF_PER_PATIENT, thirds, step=0.001) == []  # shown to three decimals, a range
    # One value is shown as that value, not as a range: no sliver.
    lone = classes.classify(np.array([1.0, 2, 3, 7, 20, 21, 22]), bins=[3, 7])
    assert classes.slivers(np.array([1.0, 2, 3, 7, 20, 21, 22]), lone, step=0.1) == []


def test_no_class_is_a_sliver_once_cut_and_a_sliver_joins_its_nearer_neighbour():
    thirds = classes.classify(STAFF_PER_PATIENT, "Quantiles", k=3)
    cut = classes.without_slivers(STAFF_PER_PATIENT, thirds, step=0.01)
    assert classes.slivers(STAFF_PER_PATIENT, cut, step=0.01) == []
    # The sliver took the values of its nearer neighbour (0.364 is 0.026 below it, 0.525 0.129 above)
    # up to that neighbour's widest gap; still three classes.
    assert [list(STAFF_PER_PATIENT[cut.yb == i]) for i in range(3)] == [
        [0.267], [0.348, 0.364, 0.390, 0.396], [0.525, 0.551, 0.699]]
    assert np.array_equal(cut.yb, classes._class_of(STAFF_PER_PATIENT, cut.bins))


def test_classes_without_a_sliver_are_left_as_they_are():
    for values in samples():
        for scheme, k in [("Quantiles", 4), ("FisherJenks", 3)]:
            cut = classes.classify(values, scheme, k=k)
            if not classes.slivers(values, cut, step=1e-6):
                assert classes.without_slivers(values, cut, step=1e-6) is cut
    tight = np.array([1, 2, 3, 10, 10.5, 20, 21, 22])  # a tight group, apart: a class, not a sliver
    grouped = classes.classify(tight, "Quantiles", k=3)
    assert classes.slivers(tight, grouped, step=0.1) == [] and list(tight[grouped.yb == 1]) == [10, 10.5]


def test_a_value_far_above_the_rest_gets_a_class_of_its_own():
    """A fresh reader's finding: in quantiles Wuhan's 45 cases per 10,000 took the colour of Suizhou's 5.9,
    so the map could not show what its caption said, that Wuhan had by far the most."""
    values = np.array([0.5, 1.0, 1.2, 2.0, 2.5, 3.1, 4.0, 4.4, 5.9, 6.5, 7.0, 45.0])
    apart = classes.classify_apart(values, "Quantiles", 5)
    assert len(apart.bins) == 5 and (apart.yb == 4).sum() == 1 and apart.yb[-1] == 4
    assert (apart.yb[:-1] == classes.classify(values[:-1], "Quantiles", 4).yb).all()
    # Nothing far above the rest: the scheme's own classes.
    near = np.array([0.5, 1.0, 1.2, 2.0, 2.5, 3.1, 4.0, 4.4, 5.9, 6.5, 7.0, 9.0])
    assert (classes.classify_apart(near, "Quantiles", 5).bins == classes.classify(near, "Quantiles", 5).bins).all()
