"""The call-script engine: field catalogue, script schema, validation and runtime.

Pure Python (no Qt, nothing of ``app``/``models``/``widgets``). The main entry points:

- :func:`load_bundled_fields` — the qualification field catalogue;
- :func:`validate_script` → :class:`Report`; :func:`compile_script` → :class:`CompiledScript`;
- :class:`ScriptRun` — one call, step by step; :func:`run_headless` — a whole run at once;
- :func:`list_bundled_scripts`, :func:`load_bundled_script`;
- :func:`assign_variant` — stable A/B assignment of a company to a script variant.
"""

from scripts_lead_gen.expr import ExpressionError, compile_condition
from scripts_lead_gen.fields import Choice, FieldSpec, fields_by_key, load_bundled_fields
from scripts_lead_gen.library import (
    bundled_script_text,
    list_bundled_scripts,
    load_bundled_script,
)
from scripts_lead_gen.runtime import (
    AnswerResult,
    NodeView,
    ScriptRun,
    ScriptRunError,
    StepResult,
    run_headless,
)
from scripts_lead_gen.schema import Script
from scripts_lead_gen.validate import (
    CompiledScript,
    Problem,
    Report,
    ScriptInvalid,
    compile_script,
    validate_script,
)
from scripts_lead_gen.values import FieldError, format_value, parse_value
from scripts_lead_gen.variants import assign_variant

__all__ = [
    "AnswerResult",
    "Choice",
    "CompiledScript",
    "ExpressionError",
    "FieldError",
    "FieldSpec",
    "NodeView",
    "Problem",
    "Report",
    "Script",
    "ScriptInvalid",
    "ScriptRun",
    "ScriptRunError",
    "StepResult",
    "assign_variant",
    "bundled_script_text",
    "compile_condition",
    "compile_script",
    "fields_by_key",
    "format_value",
    "list_bundled_scripts",
    "load_bundled_fields",
    "load_bundled_script",
    "parse_value",
    "run_headless",
    "validate_script",
]
