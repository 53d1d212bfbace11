"""Write examples/tour.ipynb (outputs stripped). Run from the repository root."""

import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
    md(
        "# A tour of trendlab\n\nThis notebook walks through every stage on the bundled sample corpus: "
        "load, tokenize, topics, themes, trends, plots and the report. Each stage returns a plain object "
        "(mostly a DataFrame) that you can inspect and replace with your own."
    ),
    code("import warnings\nwarnings.simplefilter('ignore')\nimport trendlab as tl\ntl.__version__"),
    md(
        "## 1. Load\n\n`load_corpus` reads folders, text files and tables; the sample is 122 articles written "
        "for trendlab. `accounting` records what happened to every input."
    ),
    code(
        "corpus = tl.datasets.load_sample()\nprint(corpus)\ncorpus.frame[['doc_id', 'title', 'date', 'date_source']].head()"
    ),
    code("acc = corpus.accounting\nacc[acc['action'] != 'kept'][['input', 'action', 'reason', 'title']]"),
    md(
        "## 2. Tokenize once\n\n`KiwiTokenizer` keeps nouns and foreign words, joins domain phrases and folds "
        "variants. `tl.tokenize_corpus` makes the corpus' tokens once (cached on disk, keyed by text and "
        "configuration); every later stage takes them."
    ),
    code(
        "tok = tl.KiwiTokenizer()\nprint(tok('소버린 AI와 인공지능 반도체, 생성형 AI가 온디바이스 NPU를 바꾼다'))\n"
        "tokens = tl.tokenize_corpus(corpus, tok)\ntokens, tokens[0][:10]"
    ),
    md("## 3. Topics\n\nThree backends behind one interface. They all read the same tokens."),
    code(
        "model = tl.TopicModel('nmf', tokenizer=tok, random_state=0).fit(corpus, tokens=tokens)\n"
        "model.topics_[['topic', 'size', 'label']]"
    ),
    code(
        "bt = tl.TopicModel('bertopic', tokenizer=tok, random_state=0).fit(corpus, tokens=tokens)\n"
        "bt.topics_[['topic', 'size', 'label']]"
    ),
    md("## 4. Themes\n\nEvery article gets one theme or `other`, with the evidence that decided it."),
    code(
        "themes = tl.ThemeSet.default()\nassigned = tl.assign_themes(corpus, themes, model=bt, tokens=tokens)\n"
        "assigned[['title', 'theme', 'theme_score', 'decided_by', 'evidence']].head(10)"
    ),
    code("assigned['theme'].value_counts()"),
    md(
        "## 5. Trends\n\nShares of each calendar period's dated articles with Wilson intervals; statistics "
        "that refuse to claim a trend from four yearly points; quarters give enough periods for a test."
    ),
    code(
        "trends = tl.theme_trends(assigned, freq='year')\ntrends[['period', 'theme', 'n_docs', 'n_total', 'share', 'ci_low', 'ci_high']]"
    ),
    code("tl.trend_stats(trends)[['theme', 'n_periods', 'direction', 'summary']]"),
    code(
        "q = tl.theme_trends(assigned, freq='quarter')\ntl.trend_stats(q)[['theme', 'n_periods', 'slope', 'p_value', 'direction', 'change_points']]"
    ),
    code("dyn = tl.dynamic_terms(assigned, tokens, exclude=['AI'])\ndyn[dyn['theme'] == 'sovereign_ai'].head(10)"),
    md("## 6. Plots\n\nEvery plot returns a matplotlib Figure and accepts `ax=`; Hangul renders with NanumGothic."),
    code("tl.plot.theme_shares(trends)"),
    code("tl.plot.theme_heatmap(trends)"),
    code("tl.plot.term_evolution(dyn, 'sovereign_ai')"),
    md(
        "## 7. Report\n\n`analyze` runs the whole chain; `write_report` writes a self-contained HTML file with "
        "figures and CSV tables."
    ),
    code(
        "import tempfile, pathlib\nres = tl.analyze(corpus, backend='nmf')\n"
        "index = tl.write_report(res, pathlib.Path(tempfile.mkdtemp()) / 'report')\nindex, index.stat().st_size"
    ),
]
nb = nbf.v4.new_notebook(
    cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
)
nbf.write(nb, "examples/tour.ipynb")
print("wrote examples/tour.ipynb")
