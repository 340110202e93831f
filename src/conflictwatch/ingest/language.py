"""Language of a document (py3langid ships its model inside the package: works offline)."""

from __future__ import annotations

import py3langid

MIN_CHARS = 40  # shorter texts give unreliable guesses: leave them undetermined


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:5000].strip()
    if len(sample) < MIN_CHARS:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
