// A job's evidence pack for officers: as JSON (GET /api/v1/requests/{reference}/evidence), and as a ZIP of
// that JSON with the photos and the letters (…/evidence.zip over the API, and /jobs/{reference}/evidence.zip
// for the signed-in officer on the printable evidence page).
#include "app/evidence.hpp"

#include "api/json_clocks.hpp"
#include "api/json_complaints.hpp"
#include "api/json_mapping.hpp"
#include "api/json_notices.hpp"
#include "api/routes.hpp"
#include "app/accounts/web.hpp"
#include "formats/zip.hpp"
#include "http/evidence.hpp"

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

std::string photo_file(const app::photo_record& p) {
    return "photos/" + p.sha256 + (p.type == app::photo_type::png ? ".png" : ".jpg");
}

std::string letter_file(const app::notice_record& n) {
    return "letters/notice-" + std::to_string(n.id) + ".html";
}

bool is_letter(const app::notice_record& n) {
    return n.channel == "letter";
}

json::object person_json(const app::user_record& u) {
    return {{"id", u.id},
            {"name", u.name},
            {"email", u.email ? json::value(*u.email) : json::value(nullptr)},
            {"phone", u.phone ? json::value(*u.phone) : json::value(nullptr)}};
}

json::object evidence_json(const app::evidence_pack& pack, const services& svc) {
    const double share = svc.time != nullptr ? svc.time->settings.at_risk_share : 0.25;
    json::object out;
    out["made_at"] = domain::format_iso(pack.made_at);
    out["made_by"] = actor_to_json(pack.made_by);
    auto job = job_to_json(pack.job, {});
    if (svc.time != nullptr) {
        add_time_fields(job, pack.clocks, pack.made_at, share);
    }
    out["job"] = std::move(job);
    out["home"] = pack.home ? json::value(json::object{{"uprn", pack.home->uprn},
                                                       {"address", pack.home->address},
                                                       {"postcode", pack.home->postcode},
                                                       {"access_notes", pack.home->access_notes}})
                            : json::value(nullptr);
    out["tenant"] = pack.tenant ? json::value(person_json(*pack.tenant)) : json::value(nullptr);
    json::array events;
    for (const auto& e : pack.events) {
        events.push_back(event_to_json(e, true));
    }
    out["events"] = std::move(events);
    json::array clocks;
    for (const auto& c : pack.clocks) {
        clocks.push_back(clock_to_json(c, pack.made_at, share));
    }
    out["clocks"] = std::move(clocks);
    json::array notices;
    for (const auto& n : pack.notices) {
        auto item = notice_to_json(n.notice, true);
        json::array attempts;
        for (const auto& a : n.attempts) {
            attempts.push_back(attempt_to_json(a));
        }
        item["attempt_log"] = std::move(attempts);
        item["letter_file"] = is_letter(n.notice) ? json::value(letter_file(n.notice)) : json::value(nullptr);
        notices.push_back(std::move(item));
    }
    out["notices"] = std::move(notices);
    json::array alerts;
    for (const auto& a : pack.alerts) {
        alerts.push_back(alert_to_json(a));
    }
    out["alerts"] = std::move(alerts);
    json::array photos;
    for (const auto& p : pack.photos) {
        photos.push_back(json::object{{"sha256", p.sha256},
                                      {"content_type", app::content_type_of(p.type)},
                                      {"bytes", p.bytes},
                                      {"event_seq", p.event_seq},
                                      {"file", photo_file(p)}});
    }
    out["photos"] = std::move(photos);
    json::array complaints;
    for (const auto& c : pack.complaints) {
        complaints.push_back(complaint_detail_to_json(c, pack.made_by, pack.made_at, share));
    }
    out["complaints"] = std::move(complaints);
    return out;
}

app::outcome<app::evidence_pack> gather(context& ctx) {
    return app::gather_evidence(http::evidence_sources(ctx.svc), *ctx.who, ctx.params.at(0),
                                ctx.svc.clock.now());
}

net::awaitable<response_t> evidence(context& ctx) {
    const auto pack = gather(ctx);
    if (!pack) {
        co_return problem_response(ctx.req, pack.error());
    }
    co_return json_response(ctx.req, http::status::ok, evidence_json(*pack, ctx.svc));
}

constexpr std::string_view readme =
    "Evidence pack made by mend.\r\n\r\n"
    "evidence.json   the job and its home and tenant; every event in order (with internal notes); the "
    "clocks\r\n"
    "                with their pauses, due times and states when the pack was made; every notice with "
    "each\r\n"
    "                delivery attempt (attempt_log) and the provider's receipt ids; the alerts; the "
    "photos.\r\n"
    "photos/         the photos sent with the job, named by their SHA-256 (listed in evidence.json).\r\n"
    "letters/        each letter as it was laid out for print.\r\n";

// The ZIP: evidence.json, README.txt, photos/ and letters/. Photo files are read on the worker pool.
net::awaitable<response_t> evidence_zip(context& ctx) {
    const auto pack = gather(ctx);
    if (!pack) {
        co_return problem_response(ctx.req, pack.error());
    }
    std::vector<formats::zip_entry> entries{
        {"README.txt", std::string(readme)},
        {"evidence.json", json::serialize(evidence_json(*pack, ctx.svc)) + "\n"}};
    if (ctx.svc.notices != nullptr && ctx.svc.notices->print) {
        for (const auto& n : pack->notices) {
            if (is_letter(n.notice)) {
                entries.push_back({letter_file(n.notice), ctx.svc.notices->print(n.notice)});
            }
        }
    }
    std::string archive;
    if (ctx.svc.web != nullptr) {
        auto* web = ctx.svc.web;
        co_await http::run_blocking(web->workers, [&entries, &archive, &pack, web] {
            for (const auto& p : pack->photos) {
                if (auto bytes = web->photos.get(p.sha256)) {
                    entries.push_back({photo_file(p), std::move(*bytes)});
                }
            }
            archive = formats::make_zip(entries);
        });
    } else {
        archive = formats::make_zip(entries);
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "application/zip");
    res.set(http::field::cache_control, "no-store");
    res.set(http::field::content_disposition,
            "attachment; filename=\"evidence-" + pack->job.reference + ".zip\"");
    res.body() = std::move(archive);
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

} // namespace

void add_evidence_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/requests/{reference}/evidence", access::bearer, evidence});
    table.add({v::get, "/api/v1/requests/{reference}/evidence.zip", access::bearer, evidence_zip});
    table.add({v::get, "/jobs/{reference}/evidence.zip", access::session, evidence_zip});
}

} // namespace mend::api
