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
    for i, p in enumerate(parts[:2]):
        local.add(p, backend=backend) if i == 0 else local.add(p)
        dask.add(p, backend=backend, client=client) if i == 0 else dask.add(p, client=client)
    pd.testing.assert_frame_equal(local.assignments(), dask.assignments())
    assert local.tokens().text == dask.tokens().text and local.tokens().title == dask.tokens().title
    local.refit()
    dask.refit(client=client)
    pd.testing.assert_frame_equal(local.assignments(), dask.assignments())
    assert (client.run(lambda: 1)) and len(client.scheduler_info()["workers"]) == 2


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
