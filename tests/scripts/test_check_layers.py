"""Tests of scripts/check-layers on small fake trees: a clean tree passes, each kind of broken rule fails and
names the file, the line, the include and the rule."""

import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECK_LAYERS = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "check-layers"

LAYERS = ["domain", "log", "app", "storage", "background", "notify", "social", "http", "formats", "api", "pages", "cli"]

CMAKE = """
mend_layer(mend_domain domain)
mend_layer(mend_log log)
mend_layer(mend_app app)
target_link_libraries(mend_app PUBLIC mend::domain PRIVATE PkgConfig::SODIUM)
mend_layer(mend_storage storage)
target_link_libraries(mend_storage PUBLIC mend::app PRIVATE SQLiteCpp)
mend_layer(mend_background background)
target_link_libraries(mend_background PUBLIC mend::app mend::log)
mend_layer(mend_notify notify)
target_link_libraries(mend_notify PUBLIC mend::app mend::background PRIVATE CURL::libcurl OpenSSL::Crypto)
mend_layer(mend_social social)
target_link_libraries(mend_social PUBLIC mend::app mend::background)
mend_layer(mend_http http)
target_link_libraries(mend_http PUBLIC mend::app)
mend_layer(mend_formats formats)
target_link_libraries(mend_formats PUBLIC mend::app)
mend_layer(mend_api api)
target_link_libraries(mend_api PUBLIC mend::http mend::formats)
mend_layer(mend_pages pages)
target_link_libraries(mend_pages PUBLIC mend::http mend::formats)
mend_layer(mend_cli cli)
target_link_libraries(mend_cli PUBLIC mend::storage mend::notify mend::social mend::api
                                      mend::pages # the HTML pages
                                      CLI11::CLI11)
add_executable(mend main.cpp)
target_link_libraries(mend PRIVATE mend::cli)
"""

# A tree that keeps every rule: each layer includes what it may.
CLEAN = {
    "src/domain/job.hpp": "#pragma once\n#include <string>\n#include <cstdint>\n",
    "src/log/log.hpp": "#pragma once\n#include <string_view>\n",
    "src/app/jobs.hpp": '#pragma once\n#include "domain/job.hpp"\n#include <boost/system/result.hpp>\n',
    "src/app/accounts/tokens.cpp": '#include "app/jobs.hpp"\n#include <sodium.h>\n',
    "src/storage/jobs/store.cpp": '#include "app/jobs.hpp"\n#include "domain/job.hpp"\n'
    "#include <SQLiteCpp/Database.h>\n#include <sqlite3.h>\n",
    "src/background/loop.hpp": '#pragma once\n#include "app/jobs.hpp"\n#include "log/log.hpp"\n'
    "#include <boost/asio/steady_timer.hpp>\n",
    "src/notify/email.cpp": '#include "background/loop.hpp"\n#include <curl/curl.h>\n#include <openssl/hmac.h>\n',
    "src/social/poller.cpp": '#include "background/loop.hpp"\n',
    "src/http/server.cpp": '#include "app/jobs.hpp"\n#include <boost/beast/http/read.hpp>\n',
    "src/formats/reports.cpp": '#include "app/jobs.hpp"\n#include <boost/json.hpp>\n',
    "src/api/jobs.cpp": '#include "http/server.hpp"\n#include "formats/reports.hpp"\n#include "domain/job.hpp"\n',
    "src/pages/jobs.cpp": '#include "http/server.hpp"\n#include <kainjow/mustache.hpp>\n',
    "src/cli/serve.cpp": '#include "api/jobs.hpp"\n#include "pages/jobs.hpp"\n#include "storage/jobs/store.hpp"\n'
    "#include <CLI/CLI.hpp>\n",
    "src/main.cpp": '#include "cli/serve.hpp"\n',
    "src/CMakeLists.txt": CMAKE,
}


class CheckLayers(unittest.TestCase):
    def run_on(self, files):
        with tempfile.TemporaryDirectory() as root:
            for name, text in files.items():
                path = pathlib.Path(root, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            return subprocess.run([sys.executable, str(CHECK_LAYERS), "--root", root], capture_output=True,
                                  text=True, check=False)

    def fails(self, changes, *expected):
        files = dict(CLEAN, **changes)
        result = self.run_on(files)
        self.assertEqual(result.returncode, 1, f"the check should fail: {result.stdout!r} {result.stderr!r}")
        for text in expected:
            self.assertIn(text, result.stderr)
        return result

    def test_clean_tree_passes(self):
        result = self.run_on(CLEAN)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_domain_including_asio_fails_naming_file_line_include_and_rule(self):
        self.fails({"src/domain/job.hpp": "#pragma once\n#include <string>\n#include <boost/asio/post.hpp>\n"},
                   "src/domain/job.hpp:3: #include <boost/asio/post.hpp>: domain may not include Asio")

    def test_app_including_each_confined_library_fails(self):
        for include, library in [("boost/asio.hpp", "Asio"), ("boost/beast/http/verb.hpp", "Beast"),
                                 ("SQLiteCpp/Statement.h", "SQLiteCpp/sqlite3"), ("sqlite3.h", "SQLiteCpp/sqlite3"),
                                 ("curl/curl.h", "curl"), ("openssl/evp.h", "OpenSSL")]:
            with self.subTest(include=include):
                self.fails({"src/app/jobs.cpp": f'#include "app/jobs.hpp"\n#include <{include}>\n'},
                           f"src/app/jobs.cpp:2: #include <{include}>: app may not include {library}")

    def test_sqlite_outside_storage_fails(self):
        self.fails({"src/http/db.cpp": "#include <sqlite3.h>\n"},
                   "src/http/db.cpp:1: #include <sqlite3.h>: http may not include SQLiteCpp/sqlite3 "
                   "(SQLiteCpp/sqlite3 is for: storage)")

    def test_domain_including_any_third_party_header_fails(self):
        self.fails({"src/domain/money.hpp": "#pragma once\n#include <fmt/format.h>\n"},
                   "src/domain/money.hpp:2: #include <fmt/format.h>: domain includes only the C++ standard library")

    def test_layer_including_one_above_it_fails(self):
        self.fails({"src/app/web.cpp": '#include "http/server.hpp"\n'},
                   'src/app/web.cpp:1: #include "http/server.hpp": app may not include http')

    def test_layer_including_a_sibling_it_may_not_depend_on_fails(self):
        self.fails({"src/storage/notices.cpp": '// the outbox\n#include "notify/email.hpp"\n'},
                   'src/storage/notices.cpp:2: #include "notify/email.hpp": storage may not include notify')
        self.fails({"src/api/pages_link.cpp": '#include "pages/jobs.hpp"\n'}, "api may not include pages")
        self.fails({"src/http/loop.cpp": '#include "background/loop.hpp"\n'}, "http may not include background")

    def test_domain_and_app_may_not_log(self):
        self.fails({"src/app/jobs.cpp": '#include "log/log.hpp"\n'},
                   'src/app/jobs.cpp:1: #include "log/log.hpp": app may not include log')
        self.fails({"src/domain/job.cpp": '#include "log/log.hpp"\n'}, "domain may not include log")

    def test_log_including_a_third_party_header_fails(self):
        self.fails({"src/log/log.cpp": "#include <fmt/format.h>\n"},
                   "src/log/log.cpp:1: #include <fmt/format.h>: log includes only the C++ standard library")

    def test_commented_out_include_is_ignored(self):
        result = self.run_on(dict(CLEAN, **{"src/app/old.cpp": '/*\n#include "http/server.hpp"\n*/\n'}))
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_quoted_include_not_naming_a_layer_fails(self):
        self.fails({"src/app/jobs.cpp": '#include "jobs.hpp"\n'},
                   'src/app/jobs.cpp:1: #include "jobs.hpp": our headers are included by their path from src/')

    def test_folder_missing_from_the_table_fails(self):
        self.fails({"src/reports/summary.cpp": '#include "app/jobs.hpp"\n'},
                   "src/reports/summary.cpp: src/reports is not in the layer table")

    def test_cmake_link_against_the_table_fails(self):
        cmake = CMAKE.replace("target_link_libraries(mend_http PUBLIC mend::app)",
                              "target_link_libraries(mend_http PUBLIC mend::app mend::pages CURL::libcurl)")
        self.fails({"src/CMakeLists.txt": cmake}, "src/CMakeLists.txt: http links mend::pages, but http may not "
                   "depend on pages", "src/CMakeLists.txt: http links CURL::libcurl, but curl is for: notify")

    def test_include_of_an_allowed_layer_that_is_not_linked_fails(self):
        cmake = CMAKE.replace("target_link_libraries(mend_social PUBLIC mend::app mend::background)",
                              "target_link_libraries(mend_social PUBLIC mend::app) # mend::background")
        self.fails({"src/CMakeLists.txt": cmake},
                   'src/social/poller.cpp:1: #include "background/loop.hpp": social does not link mend::background')

    def test_missing_target_fails(self):
        cmake = CMAKE.replace("mend_layer(mend_formats formats)", "")
        self.fails({"src/CMakeLists.txt": cmake}, "src/CMakeLists.txt: no target for the layer formats")

    def test_help(self):
        result = subprocess.run([sys.executable, str(CHECK_LAYERS), "--help"], capture_output=True, text=True,
                                check=False)
        self.assertEqual(result.returncode, 0)
        self.assertIn("--root", result.stdout)


if __name__ == "__main__":
    unittest.main()
