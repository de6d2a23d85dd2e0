"""The book's one standard of inference for regressions clustered by place: the wild cluster
bootstrap-t.

Why: the regressions here have few clusters (17 cities in the difference-in-differences, 16
divisions in the event study). With so few, conventional clustered standard errors are too small
and t intervals built on them too narrow, so effects look surer than they are. The wild cluster
bootstrap-t (Cameron, Gelbach and Miller 2008; MacKinnon and Webb 2017) does not lean on the
number of clusters being large.

How: fit the model once (:func:`fit`, :func:`pyfixest.feols`, fixed effects absorbed, errors
clustered by ``cluster``). Then, ``DRAWS`` times, multiply every cluster's residuals by one random
weight, rebuild the outcome from the fitted values and those residuals, refit, and take the
coefficient's t-statistic t* (its distance from the original estimate, over its clustered standard
error). The interval is estimate ± (the ``LEVEL`` quantile of |t*|) × the standard error; the
p-value of zero is the share of |t*| at least as large as the original |t| (:func:`bootstrap`,
through pyfixest's ``Feols.wildboottest`` and the ``wildboottest`` package).

Two choices:

- Webb's six-point weights (``WEIGHTS``), not Rademacher's ±1: with G clusters Rademacher
  weights allow only 2^G distinct draws (2^16 = 65,536 sign patterns, half of them mirror images),
  too few to resolve the tails well; six points per cluster give 6^G.
- The null is not imposed (WCU): the draws are centred on the estimate, not on zero, so one set
  of t* gives both the interval and the p-value, and the two always agree on whether zero is
  inside.

Pure: no input or output; the same ``seed`` gives the same draws.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from unittest import mock

import numpy as np
import pandas as pd

#: Webb's six-point weights (with 16 or 17 clusters, Rademacher weights give only 2^G distinct draws).
WEIGHTS = "webb"
#: Bootstrap draws. Measured on the book's data (DiD and event study, seeds 2020-2024): at 1,999
#: and 4,999 draws interval ends moved by up to a unit in the printed last decimal, so the book
#: keeps 9,999.
DRAWS = 9999
#: The seed of the draws, so every run prints the same intervals.
SEED = 2020
#: The intervals' coverage.
LEVEL = 0.95


@dataclass(frozen=True)
class Coefficient:
    """One estimate with its wild-cluster-bootstrap interval (``LEVEL``) and p-value of zero."""

    estimate: float
    low: float
    high: float
    p: float


def _quiet_pyfixest() -> None:
    """pyfixest 0.60 calls pandas methods with ``inplace=``, which pandas 3 marks for removal; the
    warning is about pyfixest's code, not the data (call inside ``warnings.catch_warnings``)."""
    try:
        from pandas.errors import Pandas4Warning
    except ImportError:  # an older pandas does not warn
        return
    warnings.filterwarnings("ignore", category=Pandas4Warning, module="pyfixest")


def fit(formula: str, data: pd.DataFrame, cluster: str):
    """``formula`` (pyfixest's syntax, fixed effects after ``|``) fitted by :func:`pyfixest.feols`
    on ``data`` with errors clustered by the column ``cluster``, ready for :func:`bootstrap`.

    The bootstrap needs numeric clusters: a non-numeric ``cluster`` is replaced by its codes in
    order of first appearance (the same partition). Known harmless warnings are silenced: pyfixest's
    own pandas deprecations, and its notice that it dropped singleton fixed effects (an
    observation alone in its fixed-effect group says nothing about the coefficients)."""
    import pyfixest as pf

    if not pd.api.types.is_numeric_dtype(data[cluster]):
        data = data.assign(**{cluster: pd.factorize(data[cluster])[0]})
    with warnings.catch_warnings():
        _quiet_pyfixest()
        warnings.filterwarnings("ignore", message=".*singleton fixed effect", category=UserWarning)
        return pf.feols(formula, data=data, vcov={"CRV1": cluster})


def bootstrap(fit, term: str, draws: int = DRAWS, seed: int = SEED, weights: str = WEIGHTS) -> Coefficient:
    """The coefficient ``term`` of ``fit`` (from :func:`fit`) with its wild cluster bootstrap-t
    interval and p-value: ``draws`` draws of ``weights`` weights from ``seed``, the null not
    imposed, so the interval, estimate ± (``LEVEL`` quantile of |t*|) × the standard error the
    bootstrap studentises with, and the p-value, the share of |t*| above |t|, agree on zero."""
    from wildboottest.wildboottest import WildboottestCL

    with warnings.catch_warnings(), mock.patch.object(WildboottestCL, "get_denom", _denominators):
        _quiet_pyfixest()
        # "2^G < the number of boot iterations" concerns Rademacher weights only.
        warnings.filterwarnings("ignore", message="2\\^G", category=UserWarning)
        result, t_boot = fit.wildboottest(param=term, reps=draws, weights_type=weights, impose_null=False,
                                          seed=seed, return_bootstrapped_t_stats=True)
    estimate = float(fit.coef()[term])
    t = float(np.asarray(result["t value"]))
    se = abs(estimate / t) if t != 0 else float(fit.se()[term])
    half = float(np.quantile(np.abs(np.asarray(t_boot, dtype=float)), LEVEL)) * se
    return Coefficient(estimate, estimate - half, estimate + half, float(np.asarray(result["Pr(>|t|)"])))


def _denominators(boot) -> None:
    """``WildboottestCL.get_denom`` of the ``wildboottest`` package (0.3), the denominators of the
    draws' t*, with its numba kernel compiled once per machine instead of on every call: the
    package decorates the kernel inside the method, so each bootstrap compiled it anew (0.6 s;
    40 s of the event study's 63 bootstraps). The same loops in the same order give the same
    bytes (``tests/test_inference.py`` compares the two). Only the CRV1 case, the one pyfixest asks for."""
    if boot.crv_type != "crv1":
        raise NotImplementedError(f"wild bootstrap denominators of type {boot.crv_type}")
    H = np.zeros((boot.G, boot.G))
    for ixg, _ in enumerate(boot.bootclustid):
        for ixh, _ in enumerate(boot.bootclustid):
            H[ixg, ixh] = boot.R @ boot.tXXinv @ boot.tXgXg_list[ixg] @ boot.tXXinv @ boot.scores_mat[:, ixh]
    boot.denom = _compiled_kernel()(boot.Cg, H, boot.B, boot.G, boot.v, boot.ssc)


def _kernel(Cg, H, B, G, v, ssc):  # the package's loops, for numba (sums in the same order)
    denom = np.zeros(B)
    for b in range(B):
        Zg = np.zeros(G)
        for ixg in range(G):
            vH = 0
            for ixh in range(G):
                vH += v[ixh, b] * H[ixg, ixh]
            Zg[ixg] = Cg[ixg] * v[ixg, b] - vH
        denom[b] = ssc * np.sum(np.power(Zg, 2))
    return denom


@functools.cache
def _compiled_kernel():
    from numba import njit  # half a second to import, paid only by a chapter that bootstraps

    return njit(cache=True)(_kernel)
