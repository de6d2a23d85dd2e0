"""The wild cluster bootstrap: the kernel compiled once gives the package's own draws, bit for bit."""

import numpy as np
import pandas as pd

from pairing.analysis import inference


def clustered(seed: int = 3, clusters: int = 12, per: int = 15) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"place": np.repeat(np.arange(clusters), per), "x": rng.normal(size=clusters * per)})
    shock = rng.normal(size=clusters)[frame["place"]]
    return frame.assign(y=0.3 * frame["x"] + shock + rng.normal(size=len(frame)))


def test_the_compiled_kernel_gives_the_packages_draws_exactly():
    fit = inference.fit("y ~ x", clustered(), cluster="place")
    ours = inference.bootstrap(fit, "x", draws=499, seed=11)
    # The package's own path: its kernel compiled inside get_denom, as pyfixest calls it.
    result, t_boot = fit.wildboottest(param="x", reps=499, weights_type=inference.WEIGHTS, impose_null=False,
                                      seed=11, return_bootstrapped_t_stats=True)
    estimate = float(fit.coef()["x"])
    se = abs(estimate / float(np.asarray(result["t value"])))
    half = float(np.quantile(np.abs(np.asarray(t_boot, dtype=float)), inference.LEVEL)) * se
    assert ours == inference.Coefficient(estimate, estimate - half, estimate + half,
                                         float(np.asarray(result["Pr(>|t|)"])))


def test_the_kernel_is_compiled_once():
    fit = inference.fit("y ~ x", clustered(seed=4), cluster="place")
    inference.bootstrap(fit, "x", draws=99)
    kernel = inference._compiled_kernel()
    inference.bootstrap(fit, "x", draws=99, seed=5)
    assert inference._compiled_kernel() is kernel and len(kernel.signatures) == 1
