"""A 2-D map of articles coloured by topic, from the model's document embeddings."""

from __future__ import annotations

from ..errors import ModelError
from ._style import PALETTE, new_axes, style

__all__ = ["topic_map"]


def topic_map(model, tokens, *, ax=None, random_state: int = 0, title: str | None = None):
    """Scatter the articles in 2-D (PCA of the BERTopic embeddings), coloured by topic.

    Available for the BERTopic backend fitted in this process (it needs its embedder) with the
    token-based embedding; raises :class:`~trendlab.errors.ModelError` otherwise.

    Parameters
    ----------
    model : TopicModel
    tokens : Tokens or list of list of str
        The tokens the model was fitted on (from :func:`trendlab.tokenize_corpus`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from sklearn.decomposition import PCA

    emb_model = getattr(getattr(model, "backend_", None), "embedder_", None)
    if emb_model is None:
        raise ModelError("topic_map needs a BERTopic model fitted in this session (it uses the embeddings).")
    if getattr(emb_model, "uses_text", False):
        raise ModelError("topic_map supports the token-based embedding; text embeddings are not kept.")
    if len(tokens) != len(model.doc_topics_):
        raise ModelError(f"topic_map needs the {len(model.doc_topics_)} token lists the model was fitted on.")
    Z = emb_model.transform(list(tokens))
    xy = PCA(n_components=2, random_state=random_state).fit_transform(Z) if Z.shape[1] > 2 else Z
    topics = model.doc_topics_["topic"].to_numpy()
    labels = dict(zip(model.topics_["topic"], model.topics_["label"]))
    with style():
        fig, ax = new_axes(ax, figsize=(7, 6))
        for i, t in enumerate(sorted(set(topics.tolist()))):
            m = topics == t
            ax.scatter(
                xy[m, 0],
                xy[m, 1],
                s=18,
                alpha=0.8,
                label=labels.get(t, str(t))[:30],
                color="#BBBBBB" if t == -1 else PALETTE[i % len(PALETTE)],
            )
        ax.set_title(title or "토픽 지도 (topic map, PCA of embeddings)")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.legend(fontsize=7, frameon=False, loc="best")
    return fig
