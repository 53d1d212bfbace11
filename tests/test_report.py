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
