// Fuzzes the whole request path in memory: bytes -> Beast's parser -> router -> handler -> response, through
// the server's own session loop (http/session.hpp) on a beast::test::stream, with the routes of `mend serve`
// (API and pages) wired as it wires them (cli/wiring.hpp), against a real database file in a temporary
// directory.
//
// The database holds a landlord set up with known credentials, so that seeds reach past authentication:
//   Authorization: Bearer fuzz-officer-token | fuzz-tenant-token | fuzz-contractor-token | fuzz-admin-token
//   Cookie: mend_session=<64 x 's'> (the officer's session; its CSRF token is 64 x 'c')
//   Cookie: mend_session=<64 x 't'> (the tenant's session; its CSRF token is 64 x 'd')
//   Cookie: mend_login=<64 x 'l'> with csrf_token=<64 x 'l'> for POST /login
// and a home with UPRN 100000000001 held by the tenant.
#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/unit_of_work.hpp"
#include "cli/config.hpp"
#include "cli/wiring.hpp"
#include "domain/time.hpp"
#include "http/session.hpp"
#include "log/log.hpp"
#include "storage/sqlite/database.hpp"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

using namespace mend;
namespace net = boost::asio;

// One instant for every input, so that a finding replays the same way.
struct fixed_clock final : app::clock {
    domain::instant now() const override { return *domain::parse_iso("2026-01-05T10:00:00Z"); }
};

// A fresh directory on tmpfs when there is one: the writer's fsyncs cost little there.
std::filesystem::path temporary_directory() {
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    const auto dir = base / ("mend-fuzz-request-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

app::user_record user_of(domain::role role, std::string name, std::optional<app::id_t> firm = std::nullopt) {
    return {0, role, std::move(name), std::nullopt, std::nullopt, firm};
}

// The landlord the seeds address: users with known API tokens, a home, a session and a firm.
void set_up_landlord(storage::database& db, domain::instant now) {
    db.run([now](app::unit_of_work& uow) {
        auto& tx = uow.accounts();
        const auto firm = tx.insert_contractor({0, "Fuzz Plumbing", {"plumbing", "general"}});
        const auto officer = tx.insert_user(user_of(domain::role::officer, "Olive Officer"),
                                            app::token_hash("fuzz-officer-token"));
        const auto tenant =
            tx.insert_user(user_of(domain::role::tenant, "Tom Tenant"), app::token_hash("fuzz-tenant-token"));
        tx.insert_user(user_of(domain::role::contractor, "Cat Contractor", firm.id),
                       app::token_hash("fuzz-contractor-token"));
        tx.insert_user(user_of(domain::role::admin, "Ada Admin"), app::token_hash("fuzz-admin-token"));
        const auto home = tx.insert_property({0, "100000000001", "1 Fuzz Street", "AB1 2CD"});
        tx.add_tenancy(home.id, tenant.id, domain::home_tenure::tenant);
        const auto expires = now + std::chrono::hours(24 * 365);
        tx.insert_session(app::token_hash(std::string(64, 's')), officer.id, std::string(64, 'c'), now,
                          expires);
        tx.insert_session(app::token_hash(std::string(64, 't')), tenant.id, std::string(64, 'd'), now,
                          expires);
        return true;
    });
}

// Built once per process, on the first input, and torn down at exit.
struct fixture {
    fixture()
        : dir(temporary_directory())
        , cfg(config_for(dir))
        , db(std::make_unique<storage::database>(storage::database_options{dir / "mend.db"})) {
        set_up_landlord(*db, clock.now());
        parts = std::make_unique<cli::wiring>(cfg, *db, clock);
    }

    static cli::config config_for(const std::filesystem::path& dir) {
        cli::config cfg;
        cfg.data = dir;
        return cfg;
    }

    // The pages' workers, then the writer: as serve drains.
    void tear_down() {
        parts->pages.workers.join();
        db->stop();
        parts.reset();
        db.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }

    std::filesystem::path dir;
    cli::config cfg;
    fixed_clock clock;
    std::unique_ptr<storage::database> db;
    std::unique_ptr<cli::wiring> parts;
    net::io_context ioc;
};

fixture* the_fixture = nullptr;

void tear_down_at_exit() {
    if (the_fixture != nullptr) {
        the_fixture->tear_down();
    }
}

fixture& get_fixture() {
    if (the_fixture == nullptr) {
        log::configure({log::format::logfmt, log::level::error, false});
        log::set_sink([](std::string_view) {}); // a 500 logs a line; the finding is the crash, not the line
        the_fixture = new fixture();            // NOLINT(cppcoreguidelines-owning-memory): lives until exit
        std::atexit(tear_down_at_exit);
    }
    return *the_fixture;
}

// The session's coroutine, as the server spawns it; what escapes it (or the io_context) is a finding.
void rethrow(const std::exception_ptr& failure) {
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fixture& f = get_fixture();
    boost::beast::test::stream client(f.ioc);
    boost::beast::test::stream server(f.ioc);
    server.connect(client);
    // The whole input is what the client sent before closing its side; responses pile up in `client`.
    server.append({reinterpret_cast<const char*>(data), size});
    server.close_remote();
    const http::server_limits limits; // serve's defaults
    http::session<boost::beast::test::stream> conversation(server, f.parts->svc, limits, {});
    f.ioc.restart();
    net::co_spawn(f.ioc, conversation.run(), rethrow);
    f.ioc.run();
    return 0;
}
