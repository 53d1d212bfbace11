"""The store's per-month stages on a Dask LocalCluster give the same results as in-process."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from test_store import BACKEND, _parts

from trendlab.store import Store

distributed = pytest.importorskip("distributed", reason="Dask is optional: pip install 'trendlab[dask]'")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.mark.parametrize("backend", [BACKEND, "bertopic"])
def test_dask_and_in_process_stores_are_identical(tmp_path, client, backend):
    parts = _parts(tmp_path)
    local, dask = Store(tmp_path / "local"), Store(tmp_path / "dask")
    for p in parts[:2]:  # no token cache: the workers tokenize for themselves
        local.add(p, backend=backend, cache=False)
        dask.add(p, backend=backend, client=client, cache=False)
    pd.testing.assert_frame_equal(local.assignments(), dask.assignments())
    pd.testing.assert_frame_equal(local.corpus().frame, dask.corpus().frame)  # files parsed on the workers
    pd.testing.assert_frame_equal(local.corpus().accounting, dask.corpus().accounting)
    assert local.tokens().text == dask.tokens().text and local.tokens().title == dask.tokens().title
    local.refit(cache=False)
    dask.refit(client=client, cache=False)
    pd.testing.assert_frame_equal(local.assignments(), dask.assignments())
    assert len(client.scheduler_info()["workers"]) == 2


def test_the_in_process_store_does_not_import_dask(tmp_path):
    parts = _parts(tmp_path)
    code = (
        "import sys; from trendlab.store import Store; "
        f"Store({str(tmp_path / 's')!r}).add({str(parts[0])!r}, backend={BACKEND!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
