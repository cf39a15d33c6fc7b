"""End-to-end tests of the work queue's CSV download (/queue.csv): the filters of the queue page applied, the
columns of `mend export jobs`, and a long queue streamed in chunks (never built whole) and complete."""

import html
import os
import re
import socket
import sys
import unittest
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402

JOBS = 5000
HEADER = "reference,uprn,category,priority,hazard,status,source,contractor_id,reported_at,completed_at,target_due,recharge"


def raw_get(port, path, cookie):
    """GET over a bare socket: the status line, the headers (lower-case names) and the body as chunks, so the
    test sees the transfer coding that http.client would hide."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
    finally:
        sock.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    chunks, ended = [], False
    if headers.get("transfer-encoding") == "chunked":
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                ended = True
                break
            chunks.append(rest[:size])
            rest = rest[size + 2:]
    else:
        chunks = [rest]
    return lines[0], headers, chunks, ended


class QueueExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        try:
            cls.demo = cls.mend.demo()
            cls.mend.start()
            cls.officer = cls.demo.one("officer")
            cls.uprn = cls.demo.properties[0]["uprn"]
            api = cls.mend.client(cls.officer["token"])

            def report(i):
                category = "electrical" if i % 10 == 0 else "plumbing"
                body = {"uprn": cls.uprn, "category": category, "description": f"Job {i}"}
                resp = api.post("/api/v1/requests", body)
                assert resp.status == 201, resp
                return category, resp.json["reference"]

            with ThreadPoolExecutor(max_workers=16) as pool:
                made = list(pool.map(report, range(JOBS)))
            cls.electrical = {ref for category, ref in made if category == "electrical"}
            signed_in = cls.mend.sign_in(cls.officer["email"], cls.officer["password"])
            assert signed_in.status == 303, signed_in
            cls.cookie = signed_in.cookie_set()
        except BaseException:
            cls.mend.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()

    def get(self, path):
        return raw_get(self.mend.port, path, self.cookie)

    def rows(self, chunks):
        text = b"".join(chunks).decode("utf-8")
        self.assertTrue(text.endswith("\r\n"))
        lines = text.split("\r\n")[:-1]
        self.assertEqual(lines[0], HEADER)
        return lines[1:]

    def test_the_whole_open_queue_is_streamed_in_chunks_and_complete(self):
        status, headers, chunks, ended = self.get("/queue.csv")
        self.assertEqual(status, "HTTP/1.1 200 OK")
        self.assertEqual(headers["content-type"], "text/csv; charset=utf-8")
        self.assertRegex(headers["content-disposition"], r'^attachment; filename="work-queue-\d{4}-\d\d-\d\d\.csv"$')
        self.assertEqual(headers["transfer-encoding"], "chunked")
        self.assertNotIn("content-length", headers)
        self.assertTrue(ended, "the last chunk was not sent")
        rows = self.rows(chunks)
        self.assertGreaterEqual(len(rows), JOBS)
        references = [r.split(",")[0] for r in rows]
        self.assertEqual(len(set(references)), len(references), "a job is in the file twice")
        # A page of jobs per chunk: many chunks, none holding the whole file.
        self.assertGreater(len(chunks), 10)
        self.assertLess(max(len(c) for c in chunks), sum(len(c) for c in chunks) // 10)

    def test_the_filters_of_the_queue_page_are_applied(self):
        _, headers, chunks, ended = self.get("/queue.csv?category=electrical&status=reported")
        self.assertTrue(ended)
        rows = self.rows(chunks)
        self.assertTrue(self.electrical <= {r.split(",")[0] for r in rows})
        for row in rows:
            fields = row.split(",")
            self.assertEqual(fields[2], "electrical", row)
            self.assertEqual(fields[5], "reported", row)
        _, _, searched, _ = self.get("/queue.csv?q=" + rows[0].split(",")[0])
        self.assertEqual([r.split(",")[0] for r in self.rows(searched)], [rows[0].split(",")[0]])

    def queue_page(self, path):
        """The references listed on a queue page, and its Previous and Next links."""
        status, _, chunks, _ = self.get(path)
        self.assertEqual(status, "HTTP/1.1 200 OK", path)
        page = b"".join(chunks).decode()
        refs = re.findall(r'<a class="govuk-link" href="/jobs/([A-Z0-9-]+)">', page)
        links = {rel: html.unescape(href) for href, rel in re.findall(r'href="([^"]+)" rel="(prev|next)"', page)}
        return refs, links.get("prev"), links.get("next")

    def test_next_and_previous_walk_the_queue_in_its_order_and_back(self):
        _, _, chunks, _ = self.get("/queue.csv?category=electrical")
        expected = [r.split(",")[0] for r in self.rows(chunks)]
        self.assertGreater(len(expected), 150)
        walked, pages, path = [], [], "/queue?category=electrical"
        while path:
            refs, _, path = self.queue_page(path)
            self.assertEqual(len(refs), min(50, len(expected) - len(walked)))
            walked += refs
            pages.append(refs)
            if path:
                self.assertRegex(path, r"^/queue\?page=\d+&after=\d+&category=electrical$")
        self.assertEqual(walked, expected)
        # Back from the last page to the first through the Previous links.
        _, back, _ = self.queue_page(f"/queue?page={len(pages)}&category=electrical")
        for want in reversed(pages[:-1]):
            refs, back, _ = self.queue_page(back)
            self.assertEqual(refs, want)
        self.assertIsNone(back, "the first page links to no page before it")
        # A start that is no job's id names its field.
        status, _, chunks, _ = self.get("/queue?page=2&after=x")
        self.assertEqual(status, "HTTP/1.1 422 Unprocessable Entity")
        self.assertIn("Choose a page from the links at the foot of the queue", b"".join(chunks).decode())

    def test_the_queue_page_links_to_the_download_with_its_filters(self):
        _, _, chunks, _ = self.get("/queue?category=electrical&priority=&q=")
        page = b"".join(chunks).decode()
        self.assertIn('href="/queue.csv?category=electrical" download>Download CSV</a>', page)

    def test_a_refused_filter_goes_back_to_the_queue_page_to_show_its_error(self):
        status, headers, _, _ = self.get("/queue.csv?category=roofing_and_more")
        self.assertEqual(status, "HTTP/1.1 303 See Other")
        self.assertEqual(headers["location"], "/queue?page=1&category=roofing_and_more")

    def test_rows_are_those_of_the_command_line_export(self):
        _, _, chunks, _ = self.get("/queue.csv?category=electrical")
        web = sorted(self.rows(chunks))
        p = self.mend.run("export", "jobs", "--from", "2000-01-01", "--to", "2100-01-01", "--data", self.mend.data)
        if p.returncode != 0:
            self.skipTest(f"the CLI export cannot run beside the server: {p.stderr.strip()}")
        cli = p.stdout.replace("\r\n", "\n").split("\n")
        self.assertEqual(cli[0], HEADER)
        cli_rows = sorted(r for r in cli[1:] if r and r.split(",")[2] == "electrical")
        self.assertEqual(web, cli_rows)

    def test_others_cannot_download(self):
        tenant = self.demo.one("tenant")
        signed_in = self.mend.sign_in(tenant["email"], tenant["password"])
        cookie = signed_in.cookie_set()
        status, _, _, _ = raw_get(self.mend.port, "/queue.csv", cookie)
        self.assertEqual(status, "HTTP/1.1 404 Not Found")
        status, headers, _, _ = raw_get(self.mend.port, "/queue.csv", "mend_session=nothing")
        self.assertEqual(status, "HTTP/1.1 303 See Other")


if __name__ == "__main__":
    unittest.main()
