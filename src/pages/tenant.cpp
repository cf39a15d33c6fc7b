#include "pages/tenant.hpp"

#include "app/clocks.hpp"
#include "app/jobs.hpp"
#include "app/notices/notices.hpp"
#include "domain/targets.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"
#include "http/offload.hpp"
#include "pages/pages.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace mend::pages {

namespace net = boost::asio;
using domain::action;
using domain::role;
using domain::status;

namespace {

bool allows(const std::vector<std::string>& allowed, action a) {
    return std::find(allowed.begin(), allowed.end(), domain::to_string(a)) != allowed.end();
}

// What happens next, in the tenant's words, for each state of an open job.
std::string next_words(status s) {
    switch (s) {
    case status::reported:
        return "We will check your report, decide how urgent it is and give it a target date. Then we will "
               "ask a contractor to do the work and agree a time to come with you.";
    case status::triaged:
        return "We have checked your report and are asking a contractor to do the work. We will tell you "
               "when a time to come is booked.";
    case status::assigned:
        return "A contractor has the job. We will tell you when a time to come is booked.";
    case status::scheduled:
        return "A time to come is booked. Someone aged 18 or over needs to be at home.";
    case status::in_progress:
        return "The contractor has started the work.";
    case status::on_hold:
        return "The work is on hold. We will tell you when it can go on.";
    case status::completed:
        return "The contractor says the work is done. Tell us below whether it is fixed.";
    default:
        return {};
    }
}

// How a notice reaches the tenant, in words; empty for channels a tenant would not recognise.
std::string channel_words(const app::notice_record& n) {
    if (n.channel.find("sms") != std::string::npos) {
        return "By text message to " + n.address;
    }
    if (n.channel.find("email") != std::string::npos) {
        return "By email to " + n.address;
    }
    if (n.channel == "letter") {
        return "By letter to your home";
    }
    if (n.channel == "mastodon") {
        return "By a message on Mastodon to " + n.address;
    }
    return {};
}

// How the tenant will hear: the channels the notice of their report went to, in the order tried.
std::string how_told(const context& ctx, const domain::job& job) {
    if (ctx.svc.notices != nullptr) {
        app::notice_filter f;
        f.job_id = job.id;
        for (const auto& n : ctx.svc.notices->reads.notices(f)) {
            if (n.to != app::audience::tenant || n.event != "reported") {
                continue;
            }
            if (auto words = channel_words(n); !words.empty()) {
                return words;
            }
        }
    }
    return "We will contact you using the details we have for you";
}

// The repair's target date; before it is checked, the target of a routine repair reported now.
std::string target_words(const context& ctx, const domain::job& job,
                         const std::vector<domain::job_clock>& clocks) {
    if (ctx.svc.time == nullptr) {
        return {};
    }
    for (const auto& c : clocks) {
        if (c.kind == domain::clock_kind::repair_target && c.open()) {
            return "By " + domain::uk_weekday_date_words(c.due());
        }
    }
    const auto& s = ctx.svc.time->settings;
    const auto p = job.priority.value_or(domain::priority::routine);
    const auto due = domain::compute_target(s.targets, s.calendar, p, job.created_at).due;
    std::string out = "By " + domain::uk_weekday_date_words(due);
    if (!job.priority) {
        out += " for a routine repair. We will confirm the date when we have checked your report";
    }
    return out;
}

mdata confirmation(const context& ctx, const domain::job& job, const std::vector<domain::job_clock>& clocks) {
    mdata c;
    c.set("reference", job.reference);
    set_text(c, "target", target_words(ctx, job, clocks));
    c.set("how", how_told(ctx, job));
    return c;
}

std::string tenant_done(std::string_view done) {
    if (done == "fixed") {
        return "Thank you for telling us it is fixed.";
    }
    if (done == "reopen") {
        return "Thank you. We have reopened your repair and will be in touch.";
    }
    if (done == "add_update") {
        return "Your update has been sent to your housing officer.";
    }
    if (done == "cancel") {
        return "Your repair has been cancelled.";
    }
    if (done == "rate") {
        return "Thank you for rating this repair.";
    }
    return {};
}

// Values sent back to a tenant's form after an error: only to the form they came from.
std::string kept_value(const action_input* in, std::string_view form_name, std::string_view input) {
    return in != nullptr && in->action == form_name ? form_value(in->fields, input) : std::string();
}

mdata fixed_form(const context& ctx, const domain::job& job, const form_errors& errors,
                 const action_input* in) {
    mdata f = page_data(ctx);
    f.set("reference", job.reference);
    f.set("version", std::to_string(job.version));
    auto answer = field("fixed-answer", "fixed", "Is it fixed?", "", errors);
    auto choices = options({{"yes", "Yes"}, {"no", "No"}}, kept_value(in, "fixed", "fixed"));
    reveal_with(choices, "no",
                field("fixed-reason", "reason", "What is still wrong? (only if it is not fixed)",
                      kept_value(in, "fixed", "reason"), errors, "For example, the tap still drips"));
    answer.set("options", choices);
    answer.set("large", true);
    f.set("f_answer", answer);
    return f;
}

mdata update_form(const context& ctx, const domain::job& job, const form_errors& errors,
                  const action_input* in) {
    mdata f = page_data(ctx);
    f.set("reference", job.reference);
    auto note = field("update-note", "note", "What do you want to tell us?", kept_value(in, "update", "note"),
                      errors, "For example, it has got worse, or times you are at home");
    note.set("rows", "3");
    f.set("f_note", note);
    f.set("f_photos", photo_field(ctx, "update-photos", "Photos (optional)", errors, {}));
    return f;
}

} // namespace

void add_tenant_parts(const context& ctx, const domain::job& job, const std::vector<std::string>& allowed,
                      const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                      const action_input* in, mdata& body) {
    const std::string done = query_value(ctx, "done");
    if (errors.empty() && done == "report" && job.state == status::reported) {
        body.set("confirmation", confirmation(ctx, job, clocks));
        body.set("done", false);
    } else if (const auto words = tenant_done(done); errors.empty() && !words.empty()) {
        body.set("done", words);
    }
    set_text(body, "next_words", next_words(job.state));
    if (allows(allowed, action::cancel)) {
        body.set("cancel_href", "/jobs/" + job.reference + "/cancel");
    }
    // Asked only while the work awaits the answer: once answered, the page does not ask again.
    if (job.state == status::completed && allows(allowed, action::confirm_fixed)) {
        body.set("fixed_form", fixed_form(ctx, job, errors, in));
    }
    if (allows(allowed, action::add_update)) {
        body.set("update_form", update_form(ctx, job, errors, in));
    }
    if (allows(allowed, action::rate)) {
        body.set("can_rate", action_form(ctx, action::rate, job, clocks, errors, in));
    }
}

mlist open_repairs(const context& ctx) {
    app::list_query q;
    q.limit = std::to_string(app::max_page_size);
    mlist out;
    const auto jobs = app::list_jobs(ctx.svc.reads, *ctx.who, q)->items;
    for (const auto& job : jobs) {
        if (domain::is_terminal(job.state) || job.state == status::resolved) {
            continue;
        }
        mdata row;
        row.set("reference", job.reference);
        row.set("category", label(job.category));
        row.set("status", label(job.state));
        row.set("description", std::string(domain::cut_utf8(job.description, 80)));
        out.push_back(row);
    }
    return out;
}

// --- Photos kept across a form's errors ---

net::awaitable<std::vector<app::photo_upload>> sent_photos(context& ctx, std::string name) {
    std::vector<app::photo_upload> out;
    std::vector<std::pair<std::string, std::string>> kept; // sha256, file name
    const std::string& key = web(ctx).secret_key;
    for (const auto& f : ctx.fields) {
        if (f.is_file || f.name != "kept_photo") {
            continue;
        }
        const std::string_view value = f.value;
        const auto first = value.find(':');
        const auto second = first == std::string_view::npos ? first : value.find(':', first + 1);
        if (second == std::string_view::npos) {
            continue;
        }
        const auto sha = value.substr(0, first);
        const auto claim = value.substr(first + 1, second - first - 1);
        if (app::holds_claim(key, ctx.who->user_id, sha, claim)) {
            const auto filename = value.substr(second + 1);
            kept.emplace_back(std::string(sha),
                              filename.empty() ? std::string("photo") : std::string(filename));
        }
    }
    if (!kept.empty()) {
        app::photo_files& files = web(ctx).photos;
        co_await run_blocking(web(ctx).workers, [&kept, &files, &out] {
            for (const auto& [sha, filename] : kept) {
                if (auto bytes = files.get(sha)) {
                    out.push_back({filename, std::move(*bytes)});
                }
            }
        });
    }
    for (const auto* f : form_files(ctx.fields, name)) {
        out.push_back({f->filename, f->value});
    }
    co_return out;
}

net::awaitable<std::optional<std::vector<app::checked_photo>>>
store_photos(context& ctx, const std::vector<app::photo_upload>& uploads, form_errors& errors,
             std::string id) {
    auto checked = app::check_photos(uploads, id);
    if (!checked) {
        errors.add(id, checked.error().message);
        co_return std::nullopt;
    }
    std::vector<app::checked_photo> photos = std::move(*checked);
    app::photo_files& files = web(ctx).photos;
    co_await run_blocking(web(ctx).workers, [&photos, &files] {
        for (const auto& p : photos) {
            files.put(p.sha256, *p.bytes);
        }
    });
    co_return photos;
}

mdata photo_field(const context& ctx, const std::string& id, const std::string& label,
                  const form_errors& errors, const std::vector<app::photo_upload>& kept) {
    auto f = field(id, "photos", label, "", errors);
    mlist list;
    for (const auto& p : kept) {
        if (p.bytes.empty()) {
            continue;
        }
        mdata k;
        k.set("name", p.filename.empty() ? std::string("photo") : p.filename);
        const std::string sha = app::sha256_hex(p.bytes);
        k.set("value",
              sha + ":" + app::photo_claim(web(ctx).secret_key, ctx.who->user_id, sha) + ":" + p.filename);
        list.push_back(k);
    }
    f.set("has_kept", !list.empty());
    f.set("kept", list);
    return f;
}

// --- The tenant's own routes ---

namespace {

std::optional<std::int64_t> version_of(const context& ctx) {
    const std::string text = form_value(ctx.fields, "expected_version");
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

std::optional<domain::job> tenants_job(const context& ctx) {
    if (ctx.who->role != role::tenant) {
        return std::nullopt;
    }
    auto job = app::get_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!job) {
        return std::nullopt;
    }
    return std::move(*job);
}

std::string refusal_words(const app::problem& p) {
    if (p.code == app::errc::stale_version) {
        return "This repair changed while you were looking at it. Check it below and try again";
    }
    if (p.code == app::errc::invalid_transition || p.code == app::errc::forbidden) {
        return "That cannot be done to this repair now. Check it below";
    }
    return p.message;
}

// Takes the action; on a refusal, the job page again with the error on `error_id`.
net::awaitable<response_t> take(context& ctx, domain::job job, app::action_command cmd,
                                std::vector<app::checked_photo> photos, action_input in,
                                std::string error_id) {
    const auto now = ctx.svc.clock.now();
    const domain::actor& who = *ctx.who;
    const std::string reference = job.reference;
    const auto result =
        co_await http::write(ctx.svc.writes, app::act_with_photos, who, reference, cmd, photos, now);
    if (!result) {
        form_errors errors;
        errors.add(error_id, refusal_words(result.error()));
        auto fresh = app::get_job(ctx.svc.reads, who, reference);
        co_return job_page(ctx, http::status::conflict, fresh ? *fresh : job, errors, &in);
    }
    const std::string done = cmd.action == "confirm_fixed" ? "fixed" : cmd.action;
    const std::string anchor = cmd.action == "confirm_fixed" ? "#rate" : "";
    co_return redirect(ctx, "/jobs/" + reference + "?done=" + done + anchor);
}

net::awaitable<response_t> answer_fixed(context& ctx) {
    const auto job = tenants_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    action_input in{"fixed", ctx.fields};
    const std::string answer = form_value(ctx.fields, "fixed");
    const std::string reason = form_value(ctx.fields, "reason");
    form_errors errors;
    if (answer != "yes" && answer != "no") {
        errors.add("fixed-answer-yes", "Select yes if the repair is fixed, or no if it is not");
    } else if (answer == "no" && domain::is_blank(reason)) {
        errors.add("fixed-reason", "Tell us what is still wrong");
    }
    if (!errors.empty()) {
        co_return job_page(ctx, http::status::unprocessable_entity, *job, errors, &in);
    }
    app::action_command cmd;
    cmd.action = answer == "yes" ? "confirm_fixed" : "reopen";
    if (answer == "no") {
        cmd.reason = reason;
    }
    cmd.expected_version = version_of(ctx);
    co_return co_await take(ctx, *job, std::move(cmd), {}, std::move(in), "fixed-answer-yes");
}

net::awaitable<response_t> send_update(context& ctx) {
    const auto job = tenants_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    action_input in{"update", ctx.fields};
    const auto uploads = co_await sent_photos(ctx, "photos");
    const std::string note = form_value(ctx.fields, "note");
    const bool any_photo = std::any_of(uploads.begin(), uploads.end(),
                                       [](const app::photo_upload& u) { return !u.bytes.empty(); });
    form_errors errors;
    if (domain::is_blank(note) && !any_photo) {
        errors.add("update-note", "Enter your update, or choose a photo to send");
    }
    std::optional<std::vector<app::checked_photo>> photos;
    if (errors.empty()) {
        photos = co_await store_photos(ctx, uploads, errors, "update-photos");
    }
    if (!errors.empty()) {
        co_return job_page(ctx, http::status::unprocessable_entity, *job, errors, &in);
    }
    app::action_command cmd;
    cmd.action = "add_update";
    cmd.note = note;
    co_return co_await take(ctx, *job, std::move(cmd), std::move(*photos), std::move(in), "update-note");
}

response_t cancel_page(context& ctx, http::status status, const domain::job& job, const form_errors& errors,
                       const std::string& reason) {
    mdata body = page_data(ctx);
    body.set("reference", job.reference);
    body.set("version", std::to_string(job.version));
    body.set("category", label(job.category));
    body.set("description", job.description);
    body.set("f_reason", field("cancel-reason", "reason", "Why are you cancelling it? (optional)", reason,
                               errors, "For example, it fixed itself, or you reported it twice"));
    return page(ctx, status, "Cancel repair " + job.reference, "cancel", body, &errors);
}

net::awaitable<response_t> show_cancel(context& ctx) {
    const auto job = tenants_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    co_return cancel_page(ctx, http::status::ok, *job, {}, "");
}

net::awaitable<response_t> cancel_repair(context& ctx) {
    const auto job = tenants_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    const std::string reason = form_value(ctx.fields, "reason");
    app::action_command cmd;
    cmd.action = "cancel";
    cmd.reason = domain::is_blank(reason) ? std::string("The tenant gave no reason") : reason;
    cmd.expected_version = version_of(ctx);
    const auto now = ctx.svc.clock.now();
    const domain::actor& who = *ctx.who;
    const std::string reference = job->reference;
    const auto result = co_await http::write(ctx.svc.writes, app::act_with_photos, who, reference, cmd,
                                             std::vector<app::checked_photo>{}, now);
    if (!result) {
        form_errors errors;
        errors.add("cancel-reason", refusal_words(result.error()));
        auto fresh = app::get_job(ctx.svc.reads, who, reference);
        co_return cancel_page(ctx, http::status::conflict, fresh ? *fresh : *job, errors, reason);
    }
    co_return redirect(ctx, "/jobs/" + reference + "?done=cancel");
}

// Where "Go back" leads from a refused upload: the form's page.
std::string form_page_of(std::string_view target) {
    std::string path(target.substr(0, target.find('?')));
    for (std::string_view tail : {"/updates", "/complete", "/actions", "/fixed"}) {
        if (path.ends_with(tail)) {
            return path.substr(0, path.size() - tail.size());
        }
    }
    return path.starts_with("/") ? path : std::string("/");
}

response_t upload_too_large(services& svc, unsigned version, std::string_view target) {
    request_t req{http::verb::get, "/", version};
    const boost::urls::url_view url("/");
    const context ctx{svc, req, url, {}, std::nullopt};
    mdata body;
    body.set("back", form_page_of(target));
    body.set("max_photos", std::to_string(app::max_photos));
    body.set("max_mb", std::to_string(app::max_photo_bytes / (std::size_t{1024} * 1024)));
    return page(ctx, http::status::payload_too_large, "Your photos are too large to send", "too_large", body);
}

} // namespace

void add_tenant_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/jobs/{reference}/cancel", access::session, show_cancel});
    table.add({v::post, "/jobs/{reference}/cancel", access::session, cancel_repair});
    table.add({v::post, "/jobs/{reference}/fixed", access::session, answer_fixed});
    table.add({v::post,
               "/jobs/{reference}/updates",
               access::session,
               send_update,
               upload_body_limit,
               {role::tenant}});
    table.set_too_large_page(upload_too_large);
}

} // namespace mend::pages
