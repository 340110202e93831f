from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sample_data import build

from conflictwatch.api.app import create_app
from conflictwatch.api.auth import create_token
from conflictwatch.store.db import open_store


@pytest.fixture
def sample_url(db_url: str) -> str:
    build(db_url)
    return db_url


@pytest.fixture
def client(sample_url: str) -> TestClient:
    return TestClient(create_app(sample_url))


@pytest.fixture
def token(sample_url: str) -> str:
    with open_store(sample_url)() as session:
        return create_token(session, "tester")
