import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

import trendlab as tl  # noqa: E402
from trendlab import plot  # noqa: E402
from trendlab.errors import InputError  # noqa: E402


@pytest.fixture(scope="module")
def fitted(seed_corpus):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokens = tl.tokenize_corpus(seed_corpus)
        m = tl.TopicModel("bertopic", random_state=0).fit(seed_corpus, tokens=tokens)
    a = tl.assign_themes(seed_corpus, model=m, tokens=tokens)
    return m, a, tl.theme_trends(a), tl.dynamic_terms(a, tokens), tokens


def test_hangul_font_really_has_the_glyphs():
    path = plot.korean_font_path()
    assert path is not None
    font = FT2Font(path)
    for ch in "소버린일자리반도체테마기사비율":
        assert font.get_char_index(ord(ch)) != 0, ch
    # and it is the font matplotlib resolves for our style
    from matplotlib import font_manager

    with plot.style():
        resolved = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]))
    assert resolved == path


def test_every_plot_returns_a_figure_accepts_ax_and_never_shows(fitted, monkeypatch):
    m, a, t, d, tokens = fitted
    monkeypatch.setattr(plt, "show", lambda *a, **k: (_ for _ in ()).throw(AssertionError("show() called")))
    calls = [
        lambda ax: plot.theme_shares(t, ax=ax),
        lambda ax: plot.theme_stack(t, ax=ax),
        lambda ax: plot.theme_heatmap(t, ax=ax),
        lambda ax: plot.term_evolution(d, "sovereign_ai", ax=ax),
        lambda ax: plot.topic_map(m, tokens, ax=ax),
    ]
    for call in calls:
        fig = call(None)
        assert isinstance(fig, Figure)
        own = Figure()
        ax = own.add_subplot()
        assert call(ax) is own
    assert isinstance(plot.theme_terms(a, tokens), Figure)


def test_text_in_figures_uses_the_hangul_font(fitted, tmp_path):
    _, _, t, _, _ = fitted
    fig = plot.theme_shares(t)
    names = {txt.get_fontname() for ax in fig.axes for txt in [ax.title, *ax.get_xticklabels()]}
    assert plot.korean_font() in names
    fig.savefig(tmp_path / "x.png")
    fig.savefig(tmp_path / "x.svg")
    assert (tmp_path / "x.png").stat().st_size > 10_000


def test_empty_periods_are_marked(fitted):
    _, _, t, _, _ = fitted
    fig = plot.theme_shares(t)
    texts = [x.get_text() for x in fig.axes[0].texts]
    assert any("no articles" in x for x in texts)  # 2023 has no seed article
    labels = [x.get_text() for x in fig.axes[0].get_xticklabels()]
    assert "2023\nN=0" in labels


def _by_outlet(n_outlets: int = 3):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    outlets = [f"신문{i:02d}" for i in range(n_outlets)]
    rows = [
        (f"{y}-0{m}-01", rng.choice(["sovereign_ai", "other"]), o)
        for k, o in enumerate(outlets)
        for y in (2021, 2022, 2024)
        for m in range(1, 2 + n_outlets - k)  # earlier outlets have more articles
    ]
    df = pd.DataFrame(rows, columns=["date", "theme", "outlet"])
    return tl.theme_trends(df, themes=["sovereign_ai"], by="outlet")


def test_group_shares_returns_a_figure_accepts_ax_and_never_shows(monkeypatch):
    tb = _by_outlet()
    monkeypatch.setattr(plt, "show", lambda *a, **k: (_ for _ in ()).throw(AssertionError("show() called")))
    fig = plot.group_shares(tb, theme="sovereign_ai")
    assert isinstance(fig, Figure)
    own = Figure()
    ax = own.add_subplot()
    assert plot.group_shares(tb, "sovereign_ai", ax=ax) is own
    assert tl.plot.group_shares is plot.group_shares
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(legend) == 3 and legend[0].startswith("신문00 (n=")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2021", "2022", "2023", "2024"]
    with pytest.raises(InputError, match="no theme"):
        plot.group_shares(tb, "nope")


def test_group_shares_uses_the_hangul_font_and_caps_the_groups(tmp_path):
    tb = _by_outlet(11)
    fig = plot.group_shares(tb, "sovereign_ai", max_groups=8)
    ax = fig.axes[0]
    legend = [t.get_text().split(" (")[0] for t in ax.get_legend().get_texts()]
    assert legend == [f"신문{i:02d}" for i in range(8)]  # the 8 largest, largest first
    assert "3개 그룹 생략" in ax.get_title() and "신문10" in ax.get_title()
    names = {t.get_fontname() for t in [ax.title, *ax.get_legend().get_texts()]}
    assert names == {plot.korean_font()}
    fig.savefig(tmp_path / "g.png")
    assert (tmp_path / "g.png").stat().st_size > 10_000
