"""HTTP(S) fetching with a timeout, a size cap, a user agent and few redirects."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from conflictwatch import __version__

USER_AGENT = f"conflictwatch/{__version__} (+offline conflict event extraction)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_REDIRECTS = 5


class FetchError(RuntimeError):
    """A URL that could not be fetched; the message is the reason shown to the user."""


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str
    charset: str | None


def fetch_url(url: str, *, max_bytes: int, client: httpx.Client | None = None) -> Fetched:
    """GET `url`, streaming so that a response over `max_bytes` is cut off, not buffered."""
    own = client is None
    client = client or make_client()
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large: {int(declared)} bytes > cap {max_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"too large: over cap {max_bytes} bytes")
                chunks.append(chunk)
            ctype = response.headers.get("content-type", "")
            return Fetched(str(response.url), b"".join(chunks), ctype.split(";")[0].strip().lower(),
                           response.charset_encoding)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"unreachable: {exc or type(exc).__name__}") from exc
    finally:
        if own:
            client.close()


def make_client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                        headers={"User-Agent": USER_AGENT})
