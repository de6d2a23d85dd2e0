"""The 17 division colours (plots.CITY_COLORS) as thin lines on white and side by side (issue 27: a fresh
reader found Xiangyang's yellow, Tianmen's and Xiantao's pastels nearly invisible as lines, and several
pairs hard to tell apart). Colour science here, none in the package: WCAG contrast, CIEDE2000, and
Machado et al.'s (2009) simulation of deuteranopia."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from pairing.figures import plots

#: The old palette, kept to show that the thresholds below would have caught it.
OLD = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#8c564b",
       "#9467bd", "#17becf", "#bcbd22", "#006400", "#aec7e8", "#ff9896", "#98df8a", "#c49c94"]
#: WCAG's least contrast for graphics (a line, a marker) against their background.
MIN_CONTRAST = 3.0
#: The least CIEDE2000 difference between any two division colours, as most see them and as a
#: deuteranope does (the commonest colour blindness): the old palette's closest pairs were 10.4
#: (Xiangyang/Suizhou) and, for a deuteranope, 2.1 (Huangshi/Suizhou); the new one's 16.7 and 10.9.
MIN_DELTA_E = 15.0
MIN_DELTA_E_DEUTERANOPIA = 9.0
#: Chroma (CIELAB) below which a colour reads as grey, the book's "not paired" and "no data".
MIN_CHROMA = 20.0


def linear(color) -> np.ndarray:
    rgb = np.array(to_rgb(color))
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def contrast_on_white(color) -> float:
    """WCAG 2 contrast ratio of ``color`` against white."""
    luminance = float(linear(color) @ [0.2126, 0.7152, 0.0722])
    return 1.05 / (luminance + 0.05)


def lab_of_linear(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of linear sRGB."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    t = xyz / [0.95047, 1.0, 1.08883]
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab(color) -> np.ndarray:
    return lab_of_linear(linear(color))


#: Machado, Oliveira and Fernandes (2009), deuteranomaly at severity 1.0, on linear sRGB.
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])


def lab_deuteranopia(color) -> np.ndarray:
    return lab_of_linear(np.clip(DEUTERANOPIA @ linear(color), 0, 1))


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    C_bar = (C1 + C2) / 2
    G = 0.5 * (1 - np.sqrt(C_bar ** 7 / (C_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dhp = 0.0 if C1p * C2p == 0 else (h2p - h1p if abs(h2p - h1p) <= 180 else
                                      h2p - h1p - 360 if h2p - h1p > 180 else h2p - h1p + 360)
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dhp / 2))
    Lp_bar, Cp_bar = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    else:
        hp_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (1 - 0.17 * np.cos(np.radians(hp_bar - 30)) + 0.24 * np.cos(np.radians(2 * hp_bar))
         + 0.32 * np.cos(np.radians(3 * hp_bar + 6)) - 0.20 * np.cos(np.radians(4 * hp_bar - 63)))
    d_theta = 30 * np.exp(-(((hp_bar - 275) / 25) ** 2))
    R_C = 2 * np.sqrt(Cp_bar ** 7 / (Cp_bar ** 7 + 25 ** 7))
    S_L = 1 + 0.015 * (Lp_bar - 50) ** 2 / np.sqrt(20 + (Lp_bar - 50) ** 2)
    S_C, S_H = 1 + 0.045 * Cp_bar, 1 + 0.015 * Cp_bar * T
    R_T = -np.sin(np.radians(2 * d_theta)) * R_C
    return float(np.sqrt((dLp / S_L) ** 2 + (dCp / S_C) ** 2 + (dHp / S_H) ** 2
                         + R_T * (dCp / S_C) * (dHp / S_H)))


def closest_pair(colors, seen=lab) -> float:
    return min(ciede2000(seen(a), seen(b)) for a, b in itertools.combinations(colors, 2))


def test_ciede2000_matches_sharma_s_published_pairs():
    # Sharma, Wu and Dalal (2005), Table 1: pairs 1, 7 and 17
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_every_division_colour_stands_out_on_white_as_a_thin_line():
    weak = {code: round(contrast_on_white(c), 2) for code, c in plots.CITY_COLORS.items()
            if contrast_on_white(c) < MIN_CONTRAST}
    assert not weak
    assert min(contrast_on_white(c) for c in OLD) < MIN_CONTRAST  # Xiangyang's yellow: 1.4


def test_no_two_division_colours_look_alike_also_to_a_deuteranope():
    colors = list(plots.CITY_COLORS.values())
    assert len(set(colors)) == 17
    assert closest_pair(colors) >= MIN_DELTA_E
    assert closest_pair(colors, lab_deuteranopia) >= MIN_DELTA_E_DEUTERANOPIA
    assert closest_pair(OLD) < MIN_DELTA_E and closest_pair(OLD, lab_deuteranopia) < MIN_DELTA_E_DEUTERANOPIA


def test_wuhan_stays_black_and_no_division_is_grey_or_a_group_s_colour():
    assert plots.CITY_COLORS["420100"] == "#000000"
    for code, color in plots.CITY_COLORS.items():
        if code != "420100":
            assert np.hypot(*lab(color)[1:]) >= MIN_CHROMA, f"{code} reads as grey"
        for group in plots.GROUP_COLORS.values():
            assert ciede2000(lab(color), lab(group)) >= MIN_DELTA_E / 2, (code, group)


def test_the_did_figure_s_two_groups_differ_in_grey_too():
    """Fig. 4.7's assisted (wine) and control (indigo) lines were one grey (issue 27)."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from pairing.figures import turning

    dates = pd.date_range("2020-01-23", "2020-02-25")
    means = pd.concat([pd.DataFrame({"treated": treated, "date": dates, "recovered": np.linspace(0, top, len(dates)),
                                     "recovered_per_100": np.linspace(0, top / 4, len(dates))})
                       for treated, top in [(1, 66), (0, 12)]])
    for width in (turning.PAGE_WIDTH, plots.PHONE_WIDTH):
        fig, _ = turning.did_recoveries(means, pd.Timestamp("2020-02-13"), width=width)
        for ax in fig.axes:
            assisted, control = [line for line in ax.get_lines() if line.get_label() != "_nolegend_"
                                 and not line.get_label().startswith("_")][:2]
            assert abs(lab(assisted.get_color())[0] - lab(control.get_color())[0]) >= 20  # CIELAB lightness
            assert contrast_on_white(control.get_color()) >= MIN_CONTRAST
        plt.close(fig)
    assert abs(lab(plots.GROUP_COLORS["assisted"])[0] - lab(plots.GROUP_COLORS["control"])[0]) < 20  # as it was
