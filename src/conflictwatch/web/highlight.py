"""Report text with evidence spans highlighted, as safe HTML.

Report text is untrusted: every segment is escaped with markupsafe before it is wrapped, so
`<script>` or `<img onerror>` in a report shows as text. Overlapping spans are flattened into
segments; each highlighted segment lists every field whose evidence covers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def segments(length: int, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int,
                                                                            list[str]]]:
    """Cut [0, length) at every span boundary; each piece with the fields covering it."""
    clean = [(max(0, s), min(length, e), f) for s, e, f in spans if 0 <= s < e and s < length]
    cuts = sorted({0, length, *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        fields = sorted({f for s, e, f in clean if s <= start and end <= e})
        out.append((start, end, fields))
    return out


def highlight(text: str, evidence: Iterable[dict[str, Any]]) -> Markup:
    """`text` as HTML with <mark> around evidence spans (escaped segment by segment)."""
    spans = []
    for item in evidence:
        try:
            spans.append((int(item["start"]), int(item["end"]), str(item.get("field", ""))))
        except (KeyError, TypeError, ValueError):
            continue
    parts = []
    for start, end, fields in segments(len(text), spans):
        piece = escape(text[start:end])
        if fields:
            label = escape(", ".join(fields))
            parts.append(Markup('<mark class="ev" title="{0}" data-field="{0}">{1}</mark>')
                         .format(label, piece))
        else:
            parts.append(piece)
    return Markup("").join(parts)
