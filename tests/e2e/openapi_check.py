"""Checks mend's answers against its OpenAPI document, schema/openapi.yaml, so the document cannot drift from the code.

mendctl.Client calls check() on every answer. An answer to a path under /api/v1/ (or any other path the document
names) must belong to an operation of the document (path and method), under a status the operation lists, with a
media type that status lists; a JSON body must validate against that status's schema (JSON Schema 2020-12, the
dialect of OpenAPI 3.1). The only answers from outside the document are the router's own 404 for a path no route
has and 405 for a method a path does not take, and those must be the API's error body.

Uses Debian's python3-yaml and python3-jsonschema (scripts/deps installs them).
"""

import json
import os
import re

import jsonschema
import yaml

DOCUMENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schema", "openapi.yaml")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

_loaded = None


class Document:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.resolver = jsonschema.RefResolver.from_schema(self.doc)
        # Literal paths before templated ones, so /api/v1/openapi.yaml is never read as a template's value.
        self.routes = sorted(
            ((template, self._pattern(template)) for template in self.doc["paths"]),
            key=lambda route: route[0].count("{"),
        )

    @staticmethod
    def _pattern(template):
        parts = re.split(r"(\{[^}/]+\})", template)
        return re.compile("^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")

    def template_of(self, path):
        for template, pattern in self.routes:
            if pattern.match(path):
                return template
        return None

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            _, node = self.resolver.resolve(node["$ref"])
        return node

    def validate(self, schema, instance):
        """The first error of `instance` against `schema` (resolved against the whole document), or None."""
        validator = jsonschema.Draft202012Validator(schema, resolver=self.resolver)
        return jsonschema.exceptions.best_match(validator.iter_errors(instance))


def document():
    global _loaded
    if _loaded is None:
        _loaded = Document(DOCUMENT)
    return _loaded


def pointer(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def router_error(doc, what, res, code):
    """The router's own answer for a path or method outside every route: the API's error body with `code`."""
    error = doc.validate({"$ref": "#/components/schemas/Error"}, res.json)
    if error is not None or res.json["error"]["code"] != code:
        raise AssertionError(f"{what}: {res.status} is outside schema/openapi.yaml and is not the router's "
                             f"{code} error body: {res.body[:300]!r}")


def check(method, target, res):
    """Raises AssertionError naming the path, the status and the failing pointer when `res` does not match."""
    method = method.lower()
    if method == "head":
        return
    path = target.split("?", 1)[0]
    doc = document()
    template = doc.template_of(path)
    if template is None and not path.startswith("/api/v1/"):
        return
    what = f"{method.upper()} {path} -> {res.status}"
    if template is None:
        if res.status == 404:
            return router_error(doc, what, res, "not_found")
        raise AssertionError(f"{what}: the path is missing from schema/openapi.yaml")
    operation = doc.doc["paths"][template].get(method)
    if operation is None:
        if res.status == 405:
            return router_error(doc, what, res, "method_not_allowed")
        raise AssertionError(f"{what}: {method.upper()} {template} is missing from schema/openapi.yaml")
    response = operation["responses"].get(str(res.status))
    if response is None:
        raise AssertionError(f"{what}: status {res.status} is not listed for {method.upper()} {template} in "
                             f"schema/openapi.yaml (body {res.body[:300]!r})")
    response = doc.resolve(response)
    content = response.get("content", {})
    if not res.raw_body:
        if content:
            raise AssertionError(f"{what}: an empty body, but schema/openapi.yaml gives {sorted(content)}")
        return
    media_type = (res.header("content-type") or "").split(";", 1)[0].strip()
    if media_type not in content:
        raise AssertionError(f"{what}: Content-Type {media_type!r} is not among {sorted(content)} for status "
                             f"{res.status} of {method.upper()} {template} in schema/openapi.yaml")
    if media_type != "application/json":
        return
    if res.json is None:
        try:
            json.loads(res.body)
        except ValueError as e:
            raise AssertionError(f"{what}: the body is not JSON ({e}): {res.body[:300]!r}") from None
    error = doc.validate(content[media_type]["schema"], res.json)
    if error is not None:
        raise AssertionError(f"{what}: the body does not match schema/openapi.yaml ({method.upper()} {template} "
                             f"{res.status}) at {pointer(error)}: {error.message}")
