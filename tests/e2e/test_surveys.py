"""End-to-end tests of the Tenant Satisfaction Measures from perception surveys: responses imported from CSV (by
the command line and over the API), TP01-TP03 per respondent and by tenure, checked against an independent
computation here; per-job ratings stay apart as job satisfaction."""

import csv
import io
import json
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402

SCALE = {"very satisfied": 5, "fairly satisfied": 4, "neither satisfied nor dissatisfied": 3,
         "fairly dissatisfied": 2, "very dissatisfied": 1}
OFF_SCALE = ["", "don't know", "not applicable"]
PERIOD = ("2026-04-01", "2027-04-01")


def generated_responses(seed, count):
    """Rows of (respondent, tenure, date, tp01, tp02, tp03), some respondents answering twice, some dates outside
    the period, answers as words, digits or off the scale."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        respondent = f"R{rng.randrange(count * 2 // 3):04d}"
        tenure = rng.choice(["LCRA", "LCRA", "LCRA", "LCHO", "Low-cost rental", "Shared ownership"])
        month = rng.randrange(1, 12)  # January to November 2026: some before April
        day = f"2026-{month:02d}-{rng.randrange(1, 29):02d}"
        answers = []
        for _ in range(3):
            pick = rng.random()
            if pick < 0.15:
                answers.append(rng.choice(OFF_SCALE))
            elif pick < 0.5:
                answers.append(str(rng.randrange(1, 6)))
            else:
                answers.append(rng.choice(list(SCALE)).title())
        rows.append([respondent, tenure, day, *answers])
    return rows


def to_csv(rows, header=("respondent", "tenure", "date", "tp01", "tp02", "tp03")):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def by_hand(rows):
    """TP01-TP03 as the regulator counts them: each respondent once, by their latest response in the period."""
    latest = {}
    for row in rows:  # in file order: a later row of the same respondent and day replaces the earlier
        respondent, tenure, day = row[0], row[1], row[2]
        if not (PERIOD[0] <= day < PERIOD[1]):
            continue
        if respondent not in latest or day >= latest[respondent][2]:
            latest[respondent] = row
    groups = {g: {"respondents": 0, "tp01": [0, 0], "tp02": [0, 0], "tp03": [0, 0]}
              for g in ("low_cost_rental", "low_cost_home_ownership", "all")}
    for row in latest.values():
        tenure = "low_cost_home_ownership" if row[1] in ("LCHO", "Shared ownership") else "low_cost_rental"
        for g in (tenure, "all"):
            groups[g]["respondents"] += 1
            for i, name in enumerate(("tp01", "tp02", "tp03")):
                text = row[3 + i].lower()
                value = int(text) if text.isdigit() else SCALE.get(text)
                if value is not None:
                    groups[g][name][0] += 1
                    groups[g][name][1] += value >= 4
    out = {}
    for g, m in groups.items():
        out[g] = {"respondents": m["respondents"]}
        for name in ("tp01", "tp02", "tp03"):
            count, satisfied = m[name]
            percent = round(100.0 * satisfied / count, 2) if count else None
            out[g][name] = {"count": count, "meeting": satisfied, "percent": percent}
    return out


class Surveys(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()

    def write(self, name, text):
        path = os.path.join(self.mend.root, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def report(self, client, fmt=""):
        return client.get(f"/api/v1/reports/tsm?from={PERIOD[0]}&to={PERIOD[1]}{fmt}")

    def test_imported_responses_give_tp01_to_tp03_by_respondent_and_tenure(self):
        rows = generated_responses(7, 300)
        bad = rows[:40] + [["R9999", "LCRA", "2026-05-01", "very satisfied", "quite happy", ""]]
        refused = self.mend.run("survey", "import", "--file", self.write("bad.csv", to_csv(bad)),
                                "--data", self.mend.data)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("Line 42, tp02", refused.stderr)

        imported = self.mend.cli("survey", "import", "--file", self.write("survey.csv", to_csv(rows)))
        self.assertEqual(imported["rows"], 300)
        days = {(r[0], r[2]) for r in rows}
        self.assertEqual(imported["added"], len(days))  # the same respondent and day once
        again = self.mend.cli("survey", "import", "--file", self.write("survey.csv", to_csv(rows)))
        self.assertEqual((again["added"], again["replaced"]), (0, 300))

        expected = by_hand(rows)
        cli = self.mend.cli("report", "tsm", "--from", PERIOD[0], "--to", PERIOD[1])
        for group in ("low_cost_rental", "low_cost_home_ownership", "all"):
            self.assertEqual(cli[group], expected[group], group)
        self.assertGreater(expected["low_cost_home_ownership"]["respondents"], 10)

        self.mend.start()
        officer = self.mend.client(self.demo.one("officer")["token"])
        tenant = self.mend.client(self.demo.one("tenant")["token"])
        api = self.report(officer)
        self.assertEqual(api.status, 200, api)
        self.assertEqual(api.json, cli)
        self.assertEqual(self.report(tenant).status, 403)
        as_csv = self.report(officer, "&format=csv")
        self.assertTrue(as_csv.header("Content-Type").startswith("text/csv"))
        self.assertEqual(as_csv.body.splitlines()[0], "measure,tenure,respondents,count,satisfied,percent")
        self.assertEqual(len(as_csv.body.splitlines()), 10)

    def test_the_api_imports_the_whole_file_or_nothing_and_empty_measures_are_na(self):
        self.mend.start()
        officer = self.mend.client(self.demo.one("officer")["token"])
        tenant = self.mend.client(self.demo.one("tenant")["token"])
        empty = self.report(officer).json
        self.assertEqual(empty["all"]["tp01"], {"count": 0, "meeting": 0, "percent": None})
        self.assertIn("TP01,all,0,0,0,n/a", self.report(officer, "&format=csv").body)

        body = to_csv([["A1", "LCRA", "2026-06-01", "Very satisfied", "not applicable", ""],
                       ["A2", "LCHO", "15/07/2026", "2", "Fairly satisfied", "Very dissatisfied"]],
                      header=("Respondent", "Tenure", "Date", "TP01", "TP02", "TP03", ))
        wrong_type = officer.post("/api/v1/surveys", raw=body.encode(), content_type="application/json")
        self.assertEqual(wrong_type.status, 415, wrong_type)
        forbidden = tenant.post("/api/v1/surveys", raw=body.encode(), content_type="text/csv")
        self.assertEqual(forbidden.status, 403, forbidden)
        bad = body + "A3,LCRA,2026-08-01,5,5,maybe\r\n"
        refused = officer.post("/api/v1/surveys", raw=bad.encode(), content_type="text/csv")
        self.assertEqual(refused.status, 422, refused)
        self.assertEqual(refused.error["field"], "tp03")
        self.assertIn("Line 4", refused.error["message"])
        self.assertEqual(self.report(officer).json["all"]["respondents"], 0)  # nothing of the file was kept

        done = officer.post("/api/v1/surveys", raw=body.encode(), content_type="text/csv; charset=utf-8")
        self.assertEqual(done.status, 200, done)
        self.assertEqual(done.json, {"rows": 2, "added": 2, "replaced": 0})
        r = self.report(officer).json
        self.assertEqual(r["low_cost_rental"]["tp01"], {"count": 1, "meeting": 1, "percent": 100.0})
        self.assertEqual(r["low_cost_rental"]["tp02"], {"count": 0, "meeting": 0, "percent": None})
        self.assertEqual(r["low_cost_home_ownership"]["tp02"], {"count": 1, "meeting": 1, "percent": 100.0})
        self.assertEqual(r["all"]["tp03"], {"count": 1, "meeting": 0, "percent": 0.0})
        self.assertEqual(r["all"]["respondents"], 2)
        json.dumps(r)  # one JSON document


if __name__ == "__main__":
    unittest.main()
