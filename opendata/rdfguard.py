"""RDF parsing that never fetches anything on its own: remote JSON-LD contexts are refused.

rdflib's JSON-LD parser resolves a remote ``@context`` (and ``@import``) with its own urllib, outside
``netguard``: a harvested catalogue or an uploaded file could make the server fetch internal
addresses or open local files (``file://``), and the different errors would tell which ports are
open and which files exist. Sharik does not follow remote contexts at all — a catalogue must
inline its context — so the loader rdflib uses for contexts is replaced once, at start-up, by one
that refuses every URL with the same error.
"""

from typing import Any

from rdflib.plugins.shared.jsonld import context as _jsonld_context

_original_source_to_json = _jsonld_context.source_to_json


class RemoteContextRefused(ValueError):
    """A JSON-LD document named a remote context; Sharik never fetches one."""


def _source_to_json(source: Any, *args, **kwargs):
    if isinstance(source, str):  # a URL or a path: rdflib would fetch or open it
        raise RemoteContextRefused(
            "remote JSON-LD contexts are not followed; the document must carry its @context inline"
        )
    return _original_source_to_json(source, *args, **kwargs)


def install() -> None:
    """Replace the JSON-LD context loader (idempotent; called from OpendataConfig.ready)."""
    _jsonld_context.source_to_json = _source_to_json
