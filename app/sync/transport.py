"""HTTP for the sync engine, behind a small interface so tests can put the server in
the same process or inject faults (a lost response, a server that is down)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests


class TransportError(Exception):
    """The request did not get an answer (connection refused, timeout, lost response)."""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def detail(self) -> str:
        """The server's reason (``{"detail": ...}``), or the status."""
        try:
            data = self.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and data.get("detail"):
            detail = data["detail"]
            if isinstance(detail, list):
                return "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d)
                                 for d in detail[:3])
            return str(detail)
        return f"HTTP {self.status}"


class Transport(Protocol):
    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        timeout: float = 30.0,
    ) -> HttpResponse: ...


class RequestsTransport:
    """The real network, through one ``requests.Session`` (connection reuse)."""

    def __init__(self, session: requests.Session | None = None) -> None:
        self.session = session or requests.Session()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        timeout: float = 30.0,
    ) -> HttpResponse:
        data = None
        hdrs = dict(headers)
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
            hdrs["Content-Type"] = "application/json"
        try:
            resp = self.session.request(
                method, url, headers=hdrs, data=data, params=params, timeout=timeout
            )
        except requests.RequestException as exc:
            raise TransportError(_reason(exc)) from exc
        return HttpResponse(resp.status_code, resp.content, dict(resp.headers))

    def close(self) -> None:
        self.session.close()


def _reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.ConnectionError):
        return "connection refused or no network"
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    return type(exc).__name__
