// The long-lived services main owns and every handler reaches through its context: the app's ports, the
// route table, and what the HTML side serves with (its stores, photo files, a worker pool and settings).
#pragma once

#include "app/accounts/form_stash.hpp"
#include "app/accounts/web.hpp"
#include "app/accounts/web_ports.hpp"
#include "app/clocks.hpp"
#include "app/complaints.hpp"
#include "app/followers.hpp"
#include "app/gauges.hpp"
#include "app/leasehold.hpp"
#include "app/notices/notices.hpp"
#include "app/open311.hpp"
#include "app/places.hpp"
#include "app/ports.hpp"
#include "app/social.hpp"
#include "app/unit_of_work.hpp"
#include "http/metrics.hpp"

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <filesystem>
#include <string>

namespace mend::http {

class route_table;

struct web_config {
    std::string landlord_name = "Mend Housing";
    std::string brand_colour = "#1d4f91"; // "#rrggbb"; white text sits on it, so it must be dark enough
    std::filesystem::path assets_dir;     // govuk-frontend's dist/govuk (its .min.css and .min.js)
    bool secure_cookies =
        false; // true behind TLS; a trusted proxy's X-Forwarded-Proto: https turns it on per request
};

// Owned by main, like services; outlives every session.
struct site {
    app::web_read_store& reads;
    app::photo_files& photos;
    boost::asio::thread_pool& workers; // argon2id and photo file I/O run here, never on the HTTP thread
    web_config config;
    std::string secret_key{}; // app::secret_key_bytes; signs the claims of kept photos (app::photo_claim)
    app::login_throttle throttle{};
    app::form_stash kept_forms{}; // forms posted after their session ended, until their writer is back
};

// Long-lived services owned by main; every session holds a reference to one instance.
struct services {
    app::read_store& reads;
    app::writer& writes;
    const app::clock& clock;
    std::size_t body_limit = std::size_t{1024} * 1024;
    app::notice_services* notices = nullptr;          // the outbox's API; null when notices are not wired in
    app::social_services* social = nullptr;           // the inbox; has_network() when [social.mastodon] is on
    app::open311_services* open311 = nullptr;         // Open311 GeoReport v2; null: its routes answer 404
    app::complaint_services* complaints = nullptr;    // complaints; null: their routes answer 404
    app::place_reads* places = nullptr;               // blocks and estates; null: their routes answer 404
    app::follower_reads* followers = nullptr;         // the followers of jobs; null: their routes answer 404
    const app::leasehold_policy* leasehold = nullptr; // leaseholders' own repairs; null: the default list
    std::atomic<std::uint64_t> next_request_id{1};
    const app::time_services* time = nullptr; // targets and clocks; when null, jobs are shown without them
    http_metrics metrics{};                   // of every request handle_request answers
    app::gauge_cache* gauges = nullptr;       // /metrics' gauges, gathered off the HTTP thread; null: none
    std::string metrics_token{};              // when set, /metrics wants it as Authorization: Bearer
    site* web = nullptr;                      // null: the pages are not served (their routes answer 404)
    const route_table* routes = nullptr;      // what handle_request dispatches on; set by main before serving
};

} // namespace mend::http
