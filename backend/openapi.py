"""How schemas are named in the OpenAPI document."""
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api
from marshmallow import Schema, fields


def schema_name(schema) -> str:
    """Name a schema by its class; a partial or trimmed variant gets its own name."""
    name = resolve_schema_cls(schema).__name__
    if getattr(schema, "partial", False):
        name += "Patch"
    if getattr(schema, "only", None) or getattr(schema, "exclude", None):
        name += "Part"
    return name


def decimal_as_string(self, field, **kwargs) -> dict:
    """Document a Decimal dumped as a string ("92.50") as a string, not apispec's number."""
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal"}
    return {}


class XunkePlugin(MarshmallowPlugin):
    def init_spec(self, spec):
        super().init_spec(spec)
        self.converter.add_attribute_function(decimal_as_string)


def marshmallow_plugin() -> MarshmallowPlugin:
    return XunkePlugin(schema_name_resolver=schema_name)


class ErrorOut(Schema):
    """The one error shape of the API (backend.errors), as the document must describe it."""

    code = fields.Integer(required=True, metadata={"description": "HTTP 状态码"})
    error = fields.String(required=True, metadata={"description": "供程序判断的错误名"})
    message = fields.String(required=True, metadata={"description": "给用户看的说明"})
    errors = fields.Dict(metadata={"description": "按字段列出的问题"})


class XunkeApi(Api):
    """flask-smorest's Api documenting our error shape instead of its own."""

    ERROR_SCHEMA = ErrorOut
