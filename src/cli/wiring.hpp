// What the HTTP handlers answer with, wired as `mend serve` wires it: the routes (API and pages), the
// services they reach, the pages' parts, the outbox and social intake. The fuzz target uses the same wiring.
#pragma once

#include "app/accounts/web.hpp"
#include "app/clocks.hpp"
#include "app/gauges.hpp"
#include "app/notices/health.hpp"
#include "cli/config.hpp"
#include "cli/social_runtime.hpp"
#include "http/route_table.hpp"
#include "http/services.hpp"
#include "notify/dispatcher.hpp"
#include "notify/notice_listener.hpp"
#include "notify/registry.hpp"
#include "notify/templates.hpp"
#include "storage/accounts/sqlite_web_store.hpp"
#include "storage/sqlite/database.hpp"

#include <boost/asio/thread_pool.hpp>
#include <memory>

namespace mend::cli {

// [notify]'s retry policy, with each channel's own horizon where its section sets one.
app::retry_policy retry_of(const config& cfg);

// What the pages serve with. Argon2id and photo files run on this small pool, never on the HTTP threads.
struct page_parts {
    page_parts(const config& cfg, storage::database& db);

    boost::asio::thread_pool workers{2};
    storage::photo_directory photos;
    http::site site;
    app::tracking_links tracking;
};

// Notices: rendered into the outbox inside each change's transaction (listener), and inside the overdue
// loop's scans (escalation); sent by the dispatcher's threads.
struct notice_parts {
    // `writes`: what the dispatcher records its attempts through (the counting writer, so /metrics hears).
    notice_parts(const config& cfg, storage::database& db, app::writer& writes, const app::clock& clock);

    const app::retry_policy retry;
    // Each channel's health, shared by the dispatcher and the social poller (which posts on mastodon too).
    app::channel_health health;
    const notify::template_renderer templates;
    const notify::channel_set channels;
    const app::notice_policy policy;
    notify::notice_listener listener;
    notify::escalation_notices escalation;
    notify::dispatcher dispatcher; // after what it sends through; started by serve
    app::notice_services services;
};

// Stops the writer (running the units already submitted) before what their completions reach is destroyed:
// the counting writer and the gauge cache, declared before it. serve's normal end has stopped it already.
class writer_stopper {
public:
    explicit writer_stopper(storage::database& db)
        : db_(db) {}
    writer_stopper(const writer_stopper&) = delete;
    writer_stopper& operator=(const writer_stopper&) = delete;
    ~writer_stopper() { db_.stop(); }

private:
    storage::database& db_;
};

// Built in this order and handed to every handler through `svc`. `db` and `clock` are owned by the caller and
// outlive this; the caller starts and stops the background parts (social, the dispatcher) and joins the
// pages' workers before the database stops.
struct wiring {
    wiring(const config& cfg, storage::database& db, const app::clock& clock);

    const http::route_table routes;
    app::clock_keeper keeper;
    const app::time_services time;
    app::gauge_cache gauges;
    app::counting_writer writes; // so that /metrics knows when its gauges are stale
    const writer_stopper stop_writer_first;
    http::services svc;
    page_parts pages;
    notice_parts notices;
    std::unique_ptr<social_runtime> social; // null unless [social.mastodon] or [social.bluesky] is set
    // Without a network the inbox still holds Open311's reports that matched no home: these serve it.
    app::social_policy inbox_policy;
    app::social_services inbox;
    app::open311_services open311;
    app::complaint_services complaints;
    app::duplicate_followers duplicates;
    app::leasehold_listener leasehold; // refuses a leaseholder's report of a repair that is theirs
};

} // namespace mend::cli
