"""How schemas are named in the OpenAPI document."""
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls


def schema_name(schema) -> str:
    """Name a schema by its class; a partial or trimmed variant gets its own name."""
    name = resolve_schema_cls(schema).__name__
    if getattr(schema, "partial", False):
        name += "Patch"
    if getattr(schema, "only", None) or getattr(schema, "exclude", None):
        name += "Part"
    return name


def marshmallow_plugin() -> MarshmallowPlugin:
    return MarshmallowPlugin(schema_name_resolver=schema_name)
