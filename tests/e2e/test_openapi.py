"""End-to-end tests of the API's OpenAPI document: mend serves schema/openapi.yaml as it was compiled in (a moved
binary too), the document has every /api/v1 route of src/api and no other, and the check every test's answers go
through (openapi_check.py) refuses what does not match."""

import os
import re
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openapi_check  # noqa: E402
from mendctl import Mend, Response  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
# Beast's verbs are named as HTTP names them, but for a C++ keyword's trailing underscore (delete_).
ROUTE = re.compile(r'(?:v|http::verb)::(\w+?)_?,\s*"(/api/v1/[^"]*)"')


def routes_in_code():
    """(method, path) of every /api/v1 route added in src/api, placeholders written {}."""
    found = set()
    api = os.path.join(ROOT, "src", "api")
    for name in os.listdir(api):
        if name.endswith(".cpp"):
            with open(os.path.join(api, name), encoding="utf-8") as f:
                for method, path in ROUTE.findall(f.read()):
                    found.add((method, re.sub(r"\{[^}]*\}", "{}", path)))
    return found


def routes_in_document():
    found = set()
    for path, item in openapi_check.document().doc["paths"].items():
        if path.startswith("/api/v1/"):
            for method in item:
                if method in openapi_check.METHODS:
                    found.add((method, re.sub(r"\{[^}]*\}", "{}", path)))
    return found


class Document(unittest.TestCase):
    def test_served_without_a_token_as_compiled_in_even_by_a_moved_binary(self):
        with open(openapi_check.DOCUMENT, "rb") as f:
            text = f.read()
        mend = Mend()
        self.addCleanup(mend.cleanup)
        mend.demo()
        moved = os.path.join(mend.root, "elsewhere", "mend")
        os.makedirs(os.path.dirname(moved))
        shutil.copy2(mend.bin, moved)
        mend.bin = moved
        anon = mend.start()
        res = anon.get("/api/v1/openapi.yaml")
        self.assertEqual(res.status, 200, res)
        self.assertEqual(res.header("content-type"), "application/yaml")
        self.assertEqual(res.raw_body, text)
        self.assertEqual(anon.post("/api/v1/openapi.yaml", {}).status, 405)
        mend.stop_ok()

    def test_every_api_route_of_the_code_is_in_the_document_and_no_other(self):
        code, document = routes_in_code(), routes_in_document()
        self.assertGreater(len(code), 30)
        self.assertEqual(code - document, set(), "routes of src/api missing from schema/openapi.yaml")
        self.assertEqual(document - code, set(), "operations of schema/openapi.yaml that src/api does not have")


def answer(status, body, content_type="application/json"):
    return Response(status, {"content-type": content_type}, body)


class Check(unittest.TestCase):
    """The check refuses, naming the path, the status and the pointer."""

    def refused(self, method, path, res):
        with self.assertRaises(AssertionError) as caught:
            openapi_check.check(method, path, res)
        return str(caught.exception)

    def test_a_body_that_does_not_match_names_the_path_status_and_pointer(self):
        message = self.refused("GET", "/api/v1/me?x=1", answer(200, '{"id": 1, "role": "tenant", "name": "N"}'))
        self.assertIn("GET /api/v1/me -> 200", message)
        self.assertIn("at /:", message)
        self.assertIn("'contractor_id' is a required property", message)
        message = self.refused("GET", "/api/v1/me", answer(
            200, '{"id": 1, "role": "landlord", "name": "N", "contractor_id": null}'))
        self.assertIn("at /role:", message)
        message = self.refused("GET", "/api/v1/requests/K7QD-9XPT/events", answer(200, '{"items": [{"seq": 1}]}'))
        self.assertIn("/api/v1/requests/{reference}/events 200) at /items/0:", message)

    def test_a_member_the_document_does_not_have_is_refused(self):
        message = self.refused("GET", "/api/v1/me", answer(
            200, '{"id": 1, "role": "tenant", "name": "N", "contractor_id": null, "extra": 1}'))
        self.assertIn("'extra' was unexpected", message)

    def test_an_answer_outside_the_document_is_refused(self):
        self.assertIn("the path is missing", self.refused("GET", "/api/v1/nowhere", answer(200, "{}")))
        self.assertIn("DELETE /api/v1/me is missing", self.refused("DELETE", "/api/v1/me", answer(200, "{}")))
        self.assertIn("status 418 is not listed", self.refused("GET", "/api/v1/me", answer(418, "{}")))
        self.assertIn("Content-Type 'text/plain'", self.refused("GET", "/api/v1/me", answer(200, "hi", "text/plain")))
        # The router's own 404 and 405 pass only as the API's error body.
        openapi_check.check("GET", "/api/v1/nowhere", answer(404, '{"error": {"code": "not_found", "message": "m"}}'))
        self.assertIn("not the router's", self.refused("GET", "/api/v1/nowhere", answer(404, "{}")))
        self.assertIn("not the router's", self.refused("DELETE", "/api/v1/me", answer(
            405, '{"error": {"code": "not_found", "message": "m"}}')))

    def test_a_matching_answer_passes(self):
        openapi_check.check("GET", "/api/v1/me", answer(
            200, '{"id": 1, "role": "contractor", "name": "N", "contractor_id": 2}'))
        openapi_check.check("GET", "/healthz", answer(200, '{"status": "ok"}'))
        openapi_check.check("GET", "/login", answer(200, "<html>", "text/html"))


if __name__ == "__main__":
    unittest.main()
