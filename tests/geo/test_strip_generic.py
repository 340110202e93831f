"""Admin area names keep a bare form without their generic word, in English and French."""

from __future__ import annotations

import pytest

from conflictwatch.geo.gazetteer import strip_generic


@pytest.mark.parametrize("name, bare", [
    ("Idlib Governorate", "Idlib"),
    ("Province of Kandahar", "Kandahar"),
    ("Province du Mouhoun", "Mouhoun"),
    ("Province des Balé", "Balé"),
    ("Province de la Koosin", "Koosin"),
    ("Rio de la Plata", "Rio de la Plata"),
    ("Kadiogo Province", "Kadiogo"),
])
def test_strip_generic(name: str, bare: str) -> None:
    assert strip_generic(name) == bare
