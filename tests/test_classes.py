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
