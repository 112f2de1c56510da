from __future__ import annotations

from pathlib import Path

import pytest

from app.config import SETTINGS, Settings, resolve_profile


def test_profile_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSPECTOR_HOME", str(tmp_path / "home"))
    assert resolve_profile(None).root == (tmp_path / "home").resolve()
    assert resolve_profile(tmp_path / "x").root == (tmp_path / "x").resolve()


def test_settings_declared_typed_and_persisted(tmp_path: Path) -> None:
    profile = resolve_profile(tmp_path / "p")
    settings = Settings(profile)
    assert settings.get("ui/page_size") == SETTINGS["ui/page_size"].default
    settings.set("ui/language", "en")
    settings.set("ui/page_size", 500)
    again = Settings(profile)
    assert again.get("ui/language") == "en"
    assert again.get("ui/page_size") == 500
    with pytest.raises(TypeError):
        settings.set("ui/page_size", "many")
    with pytest.raises(KeyError):
        settings.get("no/such")
