"""Topic models: BERTopic, NMF and LDA behind :class:`TopicModel`."""

from .backends import BACKENDS
from .topic_model import FORMAT_VERSION, TopicModel

__all__ = ["TopicModel", "BACKENDS", "FORMAT_VERSION"]
