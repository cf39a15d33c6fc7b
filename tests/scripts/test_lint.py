"""Tests of scripts/lint's choice of files on a small git repository (scripts/lint --list runs no clang-tidy):
what changed since .lint-base and what includes it, everything when the base is unusable; and of the
capturing-lambda-coroutine rule clang-tidy 14 lacks."""

import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

LINT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "lint"

FILES = {
    ".clang-tidy": "Checks: '-*'\n",
    "CMakeLists.txt": "project(fake)\n",
    "src/domain/job.hpp": "#pragma once\nstruct job {};\n",
    "src/domain/job.cpp": '#include "domain/job.hpp"\n',
    "src/app/jobs.hpp": '#pragma once\n#include "domain/job.hpp"\n',
    "src/app/jobs.cpp": '#include "app/jobs.hpp"\n',
    "src/http/server.cpp": "#include <vector>\n",
}
SOURCES = ["src/app/jobs.cpp", "src/domain/job.cpp", "src/http/server.cpp"]


class Lint(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.root = pathlib.Path(self.directory.name)
        for name, text in FILES.items():
            self.write(name, text)
        self.git("init", "-q")
        self.git("add", ".")
        self.git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base")
        self.base = self.git("rev-parse", "HEAD").strip()
        self.compile(SOURCES)

    def git(self, *arguments):
        return subprocess.run(["git", "-C", str(self.root), *arguments], capture_output=True, text=True,
                              check=True).stdout

    def write(self, name, text):
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def compile(self, sources):
        entries = [{"directory": str(self.root / "build" / "release"), "file": str(self.root / source),
                    "command": f"g++ -std=c++20 -c {self.root / source}"} for source in sources]
        self.write("build/release/compile_commands.json", json.dumps(entries))

    def lint(self, *arguments):
        return subprocess.run([sys.executable, str(LINT), "--root", str(self.root), *arguments], capture_output=True,
                              text=True, check=False)

    def listed(self, *arguments):
        result = self.lint("--list", *arguments)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.split(), result.stderr

    def test_without_a_base_every_file_is_checked(self):
        files, why = self.listed("--changed")
        self.assertEqual(files, SOURCES)
        self.assertIn(".lint-base is missing", why)

    def test_a_base_not_in_the_clone_checks_every_file(self):
        self.write(".lint-base", "0123456789012345678901234567890123456789\n")
        files, why = self.listed("--changed")
        self.assertEqual(files, SOURCES)
        self.assertIn("is not in this clone", why)

    def test_nothing_changed_checks_nothing(self):
        self.write(".lint-base", f"{self.base}\n# comment\n")
        self.assertEqual(self.listed("--changed")[0], [])

    def test_a_changed_header_checks_every_source_including_it_directly_or_not(self):
        self.write(".lint-base", f"{self.base}\n")
        self.write("src/domain/job.hpp", "#pragma once\nstruct job { int id; };\n")
        self.assertEqual(self.listed("--changed")[0], ["src/app/jobs.cpp", "src/domain/job.cpp"])

    def test_a_changed_source_and_a_new_one_are_checked(self):
        self.write(".lint-base", f"{self.base}\n")
        self.write("src/http/server.cpp", "#include <string>\n")
        self.write("src/http/router.cpp", "#include <string>\n")
        self.compile(SOURCES + ["src/http/router.cpp"])
        self.assertEqual(self.listed("--changed")[0], ["src/http/router.cpp", "src/http/server.cpp"])

    def test_a_committed_change_since_the_base_is_checked(self):
        self.write(".lint-base", f"{self.base}\n")
        self.write("src/app/jobs.cpp", '#include "app/jobs.hpp"\nint x;\n')
        self.git("add", "src/app/jobs.cpp")
        self.git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "change")
        self.assertEqual(self.listed("--changed")[0], ["src/app/jobs.cpp"])

    def test_a_changed_tidy_configuration_checks_every_file(self):
        self.write(".lint-base", f"{self.base}\n")
        self.write(".clang-tidy", "Checks: '-*,bugprone-*'\n")
        files, why = self.listed("--changed")
        self.assertEqual(files, SOURCES)
        self.assertIn(".clang-tidy changed", why)

    def test_named_header_checks_the_sources_including_it(self):
        files, _ = self.listed(str(self.root / "src/app/jobs.hpp"))
        self.assertEqual(files, ["src/app/jobs.cpp"])

    def test_a_capturing_lambda_coroutine_fails(self):
        self.write(".lint-base", f"{self.base}\n")
        self.git("add", ".lint-base")
        self.git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base")
        self.write("src/http/server.cpp", "#include <vector>\n// [x]() -> net::awaitable<void> in a comment\n"
                   "auto ok = [](int n) -> net::awaitable<void> { co_return; };\n"
                   "auto bad = [this, n = 2](int a,\n  int b) mutable -> boost::asio::awaitable<int> {\n"
                   "    co_return a;\n};\n")
        self.compile([])  # no sources to give clang-tidy: only the pattern rule runs
        result = self.lint("--changed")
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("src/http/server.cpp:4:1: error: a capturing lambda is a coroutine", result.stdout)
        self.assertIn("[mend-capturing-lambda-coroutine]", result.stdout)
        self.assertEqual(result.stdout.count("capturing lambda is a coroutine"), 1, result.stdout)

    def test_help(self):
        result = self.lint("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("--changed", result.stdout)


if __name__ == "__main__":
    unittest.main()
