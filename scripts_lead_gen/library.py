"""The scripts bundled with Prospector (``bundled/*.yaml``), read via importlib.resources."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from scripts_lead_gen.fields import BUNDLED_FIELDS_FILE
from scripts_lead_gen.validate import CompiledScript, Fields, compile_script

BUNDLED_SCRIPT_FILES = (
    "lead_qualification.yaml",
    "lead_qualification_research.yaml",
    "foot_in_the_door.yaml",
    "customer_development.yaml",
)


def bundled_script_text(file_name: str) -> str:
    """The YAML text of a bundled script, by file name (``foot_in_the_door.yaml``)."""
    if file_name not in BUNDLED_SCRIPT_FILES or file_name == BUNDLED_FIELDS_FILE:
        raise KeyError(f"no bundled script {file_name!r}")
    return resources.files(__package__).joinpath("bundled", file_name).read_text(encoding="utf-8")


@lru_cache(maxsize=len(BUNDLED_SCRIPT_FILES))
def _bundled(file_name: str) -> CompiledScript:
    return compile_script(bundled_script_text(file_name))


def load_bundled_script(script_id: str, fields: Fields = None) -> CompiledScript:
    """A bundled script, compiled, by id (``lead_qualification``) or file name."""
    file_name = script_id if script_id.endswith(".yaml") else f"{script_id}.yaml"
    if fields is None:
        return _bundled(file_name)
    return compile_script(bundled_script_text(file_name), fields)


def list_bundled_scripts() -> list[dict[str, Any]]:
    """``[{"id", "title", "title_en", "file", "version", "language", "campaign_type"}]``."""
    out = []
    for file_name in BUNDLED_SCRIPT_FILES:
        script = _bundled(file_name).script
        out.append(
            {
                "id": script.id,
                "title": script.title,
                "title_en": script.title_en,
                "file": file_name,
                "version": script.version,
                "language": script.language,
                "campaign_type": script.campaign_type,
            }
        )
    return out
