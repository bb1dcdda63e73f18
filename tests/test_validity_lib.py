"""bench/validity_lib.py: paired differences of two scores on the same resamples."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from validity_lib import paired_auc, paired_outlet_rho, paired_spearman  # noqa: E402


def test_paired_differences_are_zero_for_one_score_and_positive_for_a_better_one():
    rng = np.random.default_rng(0)
    outlets = [f"o{i // 10}" for i in range(300)]
    y = np.array([int(o[1:]) % 2 for o in outlets])
    good = y + rng.normal(0, 0.8, 300)
    weak = y + rng.normal(0, 3.0, 300)
    assert paired_auc(y, good, good, outlets, 200) == (0.0, 0.0, 0.0)
    d, lo, hi = paired_auc(y, good, weak, outlets, 200)
    assert 0 < lo <= d <= hi
    bias = ["left" if v else "center" for v in y]
    d, lo, hi = paired_outlet_rho(good, weak, outlets, bias, 10, 200)
    assert lo <= d <= hi and d > 0
    d, lo, hi = paired_spearman(weak, good, y.astype(float), 200)
    assert lo <= d <= hi < 0
