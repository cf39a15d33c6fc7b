"""End-to-end tests of shared problems (issue 19), first step: places. Blocks and estates are added by the
command line and by admins through the API, homes belong to them (`property add --block`, the homes CSV's
block and estate columns), and staff list the homes of a block or an estate; bad input is refused naming the
field, with nothing changed."""

import html
import os
import re
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import ServerTestCase  # noqa: E402

HEADER = "uprn,address,postcode,tenant_name,tenant_email,tenant_phone,block,estate"


def multipart(fields, name, filename, data, boundary="sharedboundary"):
    out = b""
    for key, value in fields.items():
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n".encode()
    out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Places(ServerTestCase, unittest.TestCase):
    @classmethod
    def seed(cls):
        m = cls.mend
        cls.estate = m.cli("place", "add", "--kind", "estate", "--name", "Agar Estate", "--address",
                           "Agar Grove, London NW1")
        cls.block = m.cli("place", "add", "--kind", "block", "--name", "Agar House", "--address",
                          "1-40 Agar Grove, London NW1 9AB", "--uprn", "10002345678", "--estate", str(cls.estate["id"]))
        cls.flat = m.cli("property", "add", "--uprn", "100000000101", "--address", "Flat 1, Agar House",
                         "--postcode", "NW1 9AB", "--block", str(cls.block["id"]))

    def db_rows(self, sql, *args):
        db = sqlite3.connect(f"file:{os.path.join(self.mend.data, 'mend.db')}?mode=ro", uri=True)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def test_the_command_line_adds_places_and_homes_in_them(self):
        self.assertEqual(self.block["kind"], "block")
        self.assertEqual(self.block["estate_id"], self.estate["id"])
        self.assertEqual(self.block["uprn"], "10002345678")
        self.assertIsNone(self.estate["uprn"])
        self.assertEqual((self.flat["block_id"], self.flat["estate_id"]), (self.block["id"], self.estate["id"]),
                         "a home in a block is on the block's estate")
        homes_before = self.db_rows("SELECT count(*) FROM properties")
        places_before = self.db_rows("SELECT count(*) FROM places")
        for args, option in ((["property", "add", "--uprn", "100000000199", "--address", "X", "--postcode", "NW1 9AB",
                               "--block", str(self.estate["id"])], "--block"),
                              (["place", "add", "--kind", "tower", "--name", "T", "--address", "A"], "--kind"),
                              (["place", "add", "--kind", "estate", "--name", "E", "--address", "A", "--estate",
                                str(self.estate["id"])], "--estate")):
            p = self.mend.run(*args, "--data", self.mend.data)
            self.assertNotEqual(p.returncode, 0, args)
            self.assertIn(option, p.stderr, p.stderr)
        self.assertEqual(self.db_rows("SELECT count(*) FROM properties"), homes_before, "nothing was added")
        self.assertEqual(self.db_rows("SELECT count(*) FROM places"), places_before)

    def test_admins_add_places_and_staff_list_their_homes(self):
        admin, officer, tenant = self.demo.one("admin"), self.demo.one("officer"), self.demo.one("tenant")
        api = self.as_(admin)
        made = api.post("/api/v1/blocks", {"name": "Bell House", "address": "2 Bell Lane, London NW1",
                                           "uprn": 10002345679, "estate_id": self.estate["id"]})
        self.assertEqual(made.status, 201, made.body)
        self.assertEqual(made.header("location"), f"/api/v1/blocks/{made.json['id']}")
        self.assertEqual(made.json["uprn"], "10002345679")
        bell = made.json

        for body, field, status in (({"name": "Bell House", "address": "A"}, "name", 409),
                                    ({"name": "", "address": "A"}, "name", 422),
                                    ({"name": "C", "address": "A", "uprn": "12-3"}, "uprn", 422),
                                    ({"name": "C", "address": "A", "estate_id": bell["id"]}, "estate", 422),
                                    ({"name": "C", "address": "A", "colour": "red"}, "colour", 422)):
            resp = api.post("/api/v1/blocks", body)
            self.assertEqual(resp.status, status, (body, resp.body))
            self.assertEqual(resp.json["error"]["field"], field, resp.body)
        resp = api.post("/api/v1/estates", {"name": "E", "address": "A", "estate_id": self.estate["id"]})
        self.assertEqual((resp.status, resp.json["error"]["field"]), (422, "estate_id"), resp.body)
        self.assertEqual(self.as_(officer).post("/api/v1/blocks", {"name": "D", "address": "A"}).status, 403)

        blocks = self.as_(officer).get("/api/v1/blocks")
        self.assertEqual(blocks.status, 200, blocks.body)
        self.assertEqual([b["name"] for b in blocks.json["items"]], ["Agar House", "Bell House"])
        homes = self.as_(officer).get(f"/api/v1/blocks/{self.block['id']}/homes")
        self.assertEqual(homes.status, 200, homes.body)
        self.assertEqual(homes.json["block"]["name"], "Agar House")
        self.assertIn("100000000101", [h["uprn"] for h in homes.json["items"]])
        self.assertEqual(self.as_(officer).get(f"/api/v1/estates/{self.estate['id']}").json["name"], "Agar Estate")
        self.assertEqual(self.as_(officer).get(f"/api/v1/estates/{self.block['id']}/homes").status, 404,
                         "a block's id names no estate")
        self.assertEqual(self.as_(officer).get("/api/v1/blocks/0/homes").status, 404)
        self.assertEqual(self.as_(tenant).get(f"/api/v1/blocks/{self.block['id']}/homes").status, 403)
        self.assertEqual(self.as_(self.demo.one("contractor")).get("/api/v1/estates").status, 403)

    def test_the_homes_file_puts_homes_in_blocks_and_estates(self):
        admin = self.demo.one("admin")
        signed_in = self.mend.sign_in(admin["email"], admin["password"])
        self.assertEqual(signed_in.status, 303, signed_in)
        cookie = signed_in.cookie_set()
        page = self.anon.get("/homes", headers={"Cookie": cookie})
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
        csv = "\r\n".join([
            HEADER,
            "100000000201,\"Flat 2, Agar House\",NW1 9AB,Ruth Lee,ruth@example.org,,Agar House,",
            "100000000202,3 Agar Grove,NW1 9AC,,,,,Agar Estate",
            "100000000203,Flat 3,NW1 9AB,Sam Okafor,,,Nowhere House,",
            "100000000204,4 Agar Grove,NW1 9AC,,,",
        ]).encode()
        body, kind = multipart({"csrf_token": csrf}, "file", "homes.csv", csv)
        resp = self.anon.post("/homes/import", raw=body, content_type=kind, headers={"Cookie": cookie})
        self.assertEqual(resp.status, 200, resp.body[:500])
        text = html.unescape(resp.body)
        self.assertIn("Imported 2 of 4 rows.", text)
        self.assertIn("no block is named Nowhere House", text)
        self.assertIn("The row must have 8 cells, not 6", text)
        self.assertEqual(self.db_rows("SELECT count(*) FROM users WHERE name = 'Sam Okafor'"), [(0,)],
                         "a refused row adds no tenant")

        officer = self.as_(self.demo.one("officer"))
        estate_homes = officer.get(f"/api/v1/estates/{self.estate['id']}/homes").json["items"]
        by_uprn = {h["uprn"]: h for h in estate_homes}
        self.assertEqual(by_uprn["100000000201"]["block_id"], self.block["id"])
        self.assertEqual(by_uprn["100000000201"]["estate_id"], self.estate["id"])
        self.assertIsNone(by_uprn["100000000202"]["block_id"])
        self.assertNotIn("100000000203", by_uprn)
        block_homes = [h["uprn"] for h in officer.get(f"/api/v1/blocks/{self.block['id']}/homes").json["items"]]
        self.assertIn("100000000201", block_homes)
        self.assertNotIn("100000000202", block_homes)
        self.assertEqual(block_homes, sorted(block_homes), "in UPRN order")


if __name__ == "__main__":
    unittest.main()
