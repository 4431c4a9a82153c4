"""Pydantic reply models in the strict structured-output form providers accept: one derivation
for every reply the product asks a model for (the verdict, the interviewer's answer)."""

from typing import Any

from pydantic import BaseModel


def _strict(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Every property required, no extra properties, no titles or defaults, references inlined."""
    if "$ref" in schema:
        return _strict(defs[schema["$ref"].split("/")[-1]], defs)
    out: dict[str, Any] = {"type": schema["type"]} if "type" in schema else {}
    for key, value in schema.items():
        if key in ("title", "default", "description", "$defs"):
            continue
        if key == "properties":
            out[key] = {name: _strict(prop, defs) for name, prop in value.items()}
        elif key == "items":
            out[key] = _strict(value, defs)
        elif key == "anyOf":
            out[key] = [_strict(option, defs) for option in value]
        else:
            out[key] = value
    if out.get("type") == "object":
        out["required"] = list(out.get("properties", {}))
        out["additionalProperties"] = False
    return out


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    raw = model.model_json_schema()
    return _strict(raw, raw.get("$defs", {}))
