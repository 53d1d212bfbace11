import dataclasses
import re
import shutil
import subprocess
import warnings

import pandas as pd
import pytest

import trendlab as tl

EVIL = "<script>alert('x')</script> 소버린 AI 전략"
KO = "정부가 소버린 AI 구축을 선언했다. AI 주권 확보를 위해 자체 AI 모델을 만든다. 빅테크 의존을 줄이고 데이터 주권을 지킨다. "


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    texts = [
        KO * 2,
        KO + "다른 문장도 있다. " * 3,
        "반도체 공정 소재를 개발했다. 공장 증설 계획도 밝혔다. " * 3,
        "전기차 배터리 양극재 공장이 준공됐다. 수요가 늘었다. " * 3,
        "지도 박물관이 새로 문을 열었다. " * 5,
    ]
    df = pd.DataFrame(
        {
            "text": texts,
            "title": [EVIL, "기사 둘", "기사 셋", "기사 넷", "기사 다섯"],
            "date": ["2021-05-01", "2022-05-01", "2021-07-01", "2024-02-01", None],
        }
    )
    corpus = tl.Corpus.from_frame(df)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = tl.analyze(corpus, backend="nmf")
    out = tmp_path_factory.mktemp("report")
    tl.write_report(res, out, title="시험 보고서 <b>bold?</b>")
    return out


def test_report_files_and_sections(report_dir):
    html = (report_dir / "index.html").read_text("utf-8")
    for section in [
        "요약 (Summary)",
        "추세 (Trends)",
        "테마와 기사",
        "발견된 토픽",
        "방법 (Methods)",
        "데이터 집계 (Data accounting)",
        "주의 (Warnings)",
    ]:
        assert section in html, section
    assert "2023" in html and "no dated articles" in html  # the empty year is reported
    for name in ["theme_shares", "theme_stack", "theme_heatmap", "theme_terms"]:
        assert (report_dir / "figures" / f"{name}.png").is_file()
        assert (report_dir / "figures" / f"{name}.svg").is_file()
    for name in ["articles", "assignments", "trends", "trend_stats", "topics", "accounting", "dynamic_terms"]:
        assert (report_dir / "tables" / f"{name}.csv").is_file()
    # self-contained: images and the Hangul font are embedded, nothing is fetched
    assert html.count("data:image/png;base64,") >= 4
    assert "@font-face" in html and "data:font/ttf;base64," in html
    assert not re.search(r"""(src|href)=['"]https?://""", html)


def test_titles_and_text_are_escaped(report_dir):
    html = (report_dir / "index.html").read_text("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html


def test_embedded_font_covers_every_hangul_character_on_the_page(report_dir):
    import base64
    import io

    from fontTools.ttLib import TTFont

    html = (report_dir / "index.html").read_text("utf-8")
    data = re.search(r"data:font/ttf;base64,([A-Za-z0-9+/=]+)", html).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    text = re.sub(r"<style>.*?</style>|data:[^'\"]+", " ", html, flags=re.S)
    hangul = {ch for ch in text if "\uac00" <= ch <= "\ud7a3"}
    assert hangul and all(ord(ch) in cmap for ch in hangul)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make check-browser installs it)")
def test_report_renders_in_headless_chromium(report_dir, tmp_path):
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = (report_dir / "index.html").as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=60).stdout
    assert "요약 (Summary)" in dom and dom.count("<img") >= 4
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=1200,1600", f"--screenshot={shot}", url], capture_output=True, timeout=60
    )
    from matplotlib.image import imread

    img = imread(shot)
    assert img.shape[0] >= 1000
    colours = {tuple(px) for px in (img[::7, ::7, :3] * 255).astype(int).reshape(-1, 3).tolist()}
    assert len(colours) > 50  # charts and text were drawn, not a blank page


def test_report_says_plainly_when_there_is_no_validation(report_dir):
    html = (report_dir / "index.html").read_text("utf-8")
    assert "검증 (Validation)" in html and "No validation sample was given" in html


def test_report_shows_a_validation_with_corrected_shares(seed_corpus, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = tl.analyze(seed_corpus, backend="nmf")
    s = tl.validate.sample(first.assignments, seed_corpus, n=20, random_state=0)
    # a reader's verdicts: every sampled "other" was right, one sovereign_ai article was not
    s["label"] = s["assigned"]
    wrong = s.index[s["assigned"] == "sovereign_ai"][0]
    s.loc[wrong, "label"] = "other"
    path = tmp_path / "sample.csv"
    s.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = tl.analyze(seed_corpus, backend="nmf", validation=path)
    assert res.validation.n_labelled == len(s)
    sov = res.trends[(res.trends["theme"] == "sovereign_ai") & (res.trends["n_docs"] > 0)]
    assert (sov["share_corrected"] < sov["share"]).all()  # the measured error pulls the share down
    html = (tl.write_report(res, tmp_path / "r")).read_text("utf-8")
    assert "No validation sample" not in html
    assert f"{len(s)} articles labelled by hand" in html and "share_corrected" in html


# -- trends by outlet ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def by_outlet(tmp_path_factory):
    texts = [
        KO * 2,
        KO + "다른 문장도 있다. " * 3,
        "반도체 공정 소재를 개발했다. 공장 증설 계획도 밝혔다. " * 3,
        "전기차 배터리 양극재 공장이 준공됐다. 수요가 늘었다. " * 3,
        "지도 박물관이 새로 문을 열었다. " * 5,
        KO + "AI 반도체 투자도 늘린다. " * 2,
    ]
    df = pd.DataFrame(
        {
            "text": texts,
            "title": ["기사 하나", "기사 둘", "기사 셋", "기사 넷", "기사 다섯", "기사 여섯"],
            "date": ["2021-05-01", "2022-05-01", "2021-07-01", "2024-02-01", None, "2024-03-01"],
            "outlet": ["한겨레", "조선일보", "한겨레", None, "조선일보", "조선일보"],
        }
    )
    corpus = tl.Corpus.from_frame(df)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = tl.analyze(corpus, backend="nmf", by="outlet")
        plain = tl.analyze(corpus, backend="nmf")
    out = tmp_path_factory.mktemp("report_by")
    tl.write_report(res, out)
    return res, plain, out


def test_analyze_by_outlet_gathers_group_trends(by_outlet):
    res, plain, _ = by_outlet
    assert plain.group_trends is None and plain.by is None
    gt = res.group_trends
    assert res.by == "outlet" and gt.attrs["by"] == "outlet"
    assert list(gt.columns[:3]) == ["period", "outlet", "theme"]
    assert list(dict.fromkeys(gt["outlet"])) == ["조선일보", "한겨레", "(none)"]
    # n_total is the outlet's dated articles in the period
    n = gt.drop_duplicates(["period", "outlet"]).set_index(["outlet", "period"])["n_total"]
    assert n[("한겨레", "2021")] == 2 and n[("조선일보", "2024")] == 1 and n[("(none)", "2024")] == 1
    assert n[("한겨레", "2024")] == 0
    assert any("no outlet" in w and "(none)" in w for w in res.warnings)
    # the overall trends do not change with by
    pd.testing.assert_frame_equal(res.trends, plain.trends)


def test_report_has_the_by_outlet_section_only_with_by(by_outlet, report_dir):
    _, _, out = by_outlet
    html = (out / "index.html").read_text("utf-8")
    assert "매체별 추세 (Trends by outlet)" in html and "tables/trends_by_outlet.csv" in html
    assert html.index("추세 (Trends)") < html.index("매체별 추세") < html.index("검증 (Validation)")
    assert (out / "tables" / "trends_by_outlet.csv").is_file()
    table = pd.read_csv(out / "tables" / "trends_by_outlet.csv")
    assert list(table.columns[:3]) == ["period", "outlet", "theme"] and "(none)" in set(table["outlet"])
    for name in ["sovereign_ai", "edge_ai_silicon", "ai_jobs"]:
        assert (out / "figures" / f"group_shares_{name}.png").is_file()
        assert (out / "figures" / f"group_shares_{name}.svg").is_file()
    section = html[html.index("매체별 추세") : html.index("검증 (Validation)")]
    assert section.count("<img") == 3 and "한겨레" in section
    trends = html[html.index("<h2>추세 (Trends)") : html.index("매체별 추세")]
    assert "group_shares_" not in trends  # the group figures are shown in their own section only
    plain = (report_dir / "index.html").read_text("utf-8")
    assert "Trends by" not in plain and not list((report_dir / "tables").glob("trends_by_*"))
    assert not list((report_dir / "figures").glob("group_shares_*"))


def test_report_renders_only_what_analyze_gathered(by_outlet, tmp_path):
    res, _, _ = by_outlet
    html = tl.write_report(dataclasses.replace(res, group_trends=None), tmp_path / "r").read_text("utf-8")
    assert "Trends by" not in html and not list((tmp_path / "r" / "tables").glob("trends_by_*"))


def test_analyze_by_a_missing_column_fails_before_fitting(monkeypatch):
    frame = pd.DataFrame({"text": [KO], "title": ["기사"], "date": ["2021-01-01"], "outlet": ["한겨레"]})
    corpus = tl.Corpus.from_frame(frame)
    monkeypatch.setattr(tl.pipeline, "assign", lambda *a, **k: pytest.fail("fitted before checking by"))
    with pytest.raises(tl.errors.InputError, match=r"'press'.*outlet"):
        tl.analyze(corpus, backend="nmf", by="press")
