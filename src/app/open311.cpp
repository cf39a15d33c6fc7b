#include "app/open311.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/jobs.hpp"
#include "app/social.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace mend::app {

namespace {

using domain::category;

constexpr std::size_t max_name = 100;
constexpr std::size_t max_sender_id = 100;
constexpr std::chrono::hours default_request_window{24 * 90};
constexpr std::chrono::hours default_update_window{2};

std::string trimmed(std::string_view text) {
    return std::string(domain::trim(text));
}

// The first answer to attribute `code`, trimmed; empty when not given.
std::string answer(const open311_report& r, std::string_view code) {
    for (const auto& [key, value] : r.attributes) {
        if (key == code) {
            return trimmed(value);
        }
    }
    return {};
}

bool said_yes(const open311_report& r, std::string_view code) {
    return domain::equals_ignoring_case(answer(r, code), "yes");
}

// Letters and digits only, lower case, words separated by one space: "14, Agar Grove" -> "14 agar grove".
std::string words_of(std::string_view text) {
    std::string out;
    bool gap = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0) {
            if (gap && !out.empty()) {
                out += ' ';
            }
            out += static_cast<char>(std::tolower(c));
            gap = false;
        } else {
            gap = true;
        }
    }
    return out;
}

// The UK postcode in `text`, without its space and in capitals ("NW1 9SL" -> "NW19SL"); empty when none.
std::string postcode_in(std::string_view text) {
    static const std::regex shape(R"(\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?) ?([0-9][A-Za-z]{2})\b)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(text.begin(), text.end(), m, shape)) {
        return {};
    }
    std::string out = m[1].str() + m[2].str();
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    return out;
}

// Whether the home's address without its town ("Flat 3, 12 Mill Lane" of "Flat 3, 12 Mill Lane, London") is
// in the text as whole words.
bool address_matches(const property_record& home, std::string_view address_string) {
    const auto town = home.address.rfind(',');
    const std::string street =
        words_of(town == std::string::npos ? home.address : home.address.substr(0, town));
    return !street.empty() &&
           (" " + words_of(address_string) + " ").find(" " + street + " ") != std::string::npos;
}

// The one home the report's place names, if exactly one.
std::optional<property_record> home_of(unit_of_work& uow, const open311_report& r) {
    if (const auto uprn = answer(r, uprn_attribute); !uprn.empty()) {
        return uow.accounts().property_by_uprn(uprn);
    }
    const auto postcode = postcode_in(r.address_string);
    if (postcode.empty()) {
        return std::nullopt;
    }
    std::vector<property_record> found;
    for (auto& home : uow.open311().homes_with_postcode(postcode)) {
        if (address_matches(home, r.address_string)) {
            found.push_back(std::move(home));
        }
    }
    if (found.size() != 1) {
        return std::nullopt;
    }
    return found.front();
}

std::string full_name(const open311_report& r) {
    return trimmed(trimmed(r.first_name) + " " + trimmed(r.last_name));
}

// The description as the job keeps it: the resident's text, CRLF as LF, and the answers triage needs.
std::string job_description(const open311_report& r) {
    std::string text = trimmed(r.description);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    if (said_yes(r, damp_attribute)) {
        text += "\n\nThere is damp or mould.";
    }
    if (said_yes(r, vulnerable_attribute)) {
        text += "\n\nSomeone vulnerable lives in the home.";
    }
    return text;
}

// What officers need to find the home of a report that matched none: the text, the place and the contact.
std::string intake_text(const open311_report& r) {
    std::string text = job_description(r);
    const auto add = [&text](std::string_view label, const std::string& value) {
        if (!value.empty()) {
            text += "\n" + std::string(label) + ": " + value;
        }
    };
    text += "\n";
    add("Address", trimmed(r.address_string));
    if (!r.lat.empty() || !r.lon.empty()) {
        add("Location", trimmed(r.lat) + "," + trimmed(r.lon));
    }
    add("UPRN", answer(r, uprn_attribute));
    add("Name", full_name(r));
    add("Email", trimmed(r.email));
    add("Phone", trimmed(r.phone));
    return text;
}

std::optional<problem> check_report(const open311_report& r) {
    if (domain::is_blank(r.description)) {
        return invalid("description", "description is required: say what is wrong");
    }
    if (job_description(r).size() > max_description) {
        return invalid("description", "description must be at most 5000 bytes");
    }
    for (const auto& [code, value] : r.attributes) {
        if (code == damp_attribute || code == vulnerable_attribute) {
            const auto v = domain::lower_case(trimmed(value));
            if (!v.empty() && v != "yes" && v != "no") {
                return invalid("attribute[" + code + "]", "attribute[" + code + "] must be yes or no");
            }
        }
    }
    if (answer(r, sender_id_attribute).size() > max_sender_id) {
        return invalid("attribute[fixmystreet_id]",
                       "attribute[fixmystreet_id] must be at most 100 characters");
    }
    return std::nullopt;
}

open311_request request_of(const integration& via, const open311_report& r, domain::instant now) {
    open311_request out;
    out.integration_id = via.id;
    if (auto sender = answer(r, sender_id_attribute); !sender.empty()) {
        out.sender_id = std::move(sender);
    }
    out.service_code = r.service_code;
    out.lat = trimmed(r.lat);
    out.lon = trimmed(r.lon);
    out.address_string = trimmed(r.address_string);
    out.first_name = trimmed(r.first_name);
    out.last_name = trimmed(r.last_name);
    out.email = trimmed(r.email);
    out.phone = trimmed(r.phone);
    out.created_at = now;
    return out;
}

// A job for the home: hazard jobs start as an officer's do (the hazard set at report, clocks from triage).
outcome<std::string> raise_job(unit_of_work& uow, const integration& via, const service& s,
                               const property_record& home, const open311_report& r, open311_request& req,
                               domain::instant now) {
    report_command cmd;
    cmd.uprn = home.uprn;
    cmd.category = std::string(domain::to_string(s.category));
    cmd.description = job_description(r);
    cmd.location = std::string(domain::cut_utf8(trimmed(r.address_string), max_short_text));
    cmd.source = "open311";
    if (said_yes(r, damp_attribute)) {
        cmd.hazard = "significant";
    }
    auto done = record_report(uow, actor_of(via), cmd, now);
    if (!done) {
        return done.error();
    }
    req.job_id = done->job.id;
    req.job_reference = done->job.reference;
    req.service_request_id = done->job.reference;
    return done->job.reference;
}

// An intake item in the officers' inbox, its source the "open311" network.
std::string raise_intake_item(unit_of_work& uow, const open311_report& r, open311_request& req,
                              domain::instant now) {
    mention post;
    post.status_id = "open311-" + std::to_string(random_u64());
    post.notification_id = post.status_id;
    post.author = full_name(r).empty() ? trimmed(r.email) : full_name(r);
    post.text = intake_text(r);
    post.posted_at = now;
    const auto item = add_intake_item(uow, "open311", post, now);
    req.mention_id = item.id;
    req.service_request_id = item.reference;
    return item.reference;
}

outcome<std::pair<domain::instant, domain::instant>> window_of(const std::optional<std::string>& start,
                                                               const std::optional<std::string>& end,
                                                               std::chrono::hours fallback,
                                                               domain::instant now) {
    if (start.has_value() != end.has_value()) {
        return invalid(start ? "end_date" : "start_date", "start_date and end_date go together");
    }
    if (!start) {
        return std::pair{now - fallback, now};
    }
    const auto from = domain::parse_iso(*start);
    if (!from) {
        return invalid("start_date", "start_date must be a W3C date and time with a zone");
    }
    const auto to = domain::parse_iso(*end);
    if (!to) {
        return invalid("end_date", "end_date must be a W3C date and time with a zone");
    }
    if (*to < *from) {
        return invalid("end_date", "end_date must not be before start_date");
    }
    return std::pair{*from, *to};
}

// Whether the comment reopens the job: the client sends its report's state after the comment, and an open
// state (OPEN, or REOPEN with mark_reopen) on a job mend has completed means the resident said "not fixed".
bool says_not_fixed(unit_of_work& uow, const open311_request& req, const open311_comment& comment) {
    const auto status = trimmed(comment.status);
    if (!domain::equals_ignoring_case(status, "OPEN") && !domain::equals_ignoring_case(status, "REOPEN")) {
        return false;
    }
    const auto job = uow.jobs().job_by_reference(req.job_reference);
    return job && (job->state == domain::status::completed || job->state == domain::status::resolved);
}

} // namespace

domain::actor actor_of(const integration& via) {
    return {via.user_id, domain::role::system, "via " + via.name, std::nullopt};
}

const std::vector<service>& all_services() {
    static const std::vector<service> all{
        {"plumbing", "Leaks, taps and toilets", "Water",
         "Leaking pipes, dripping taps, blocked toilets and drains", category::plumbing},
        {"heating", "Heating and hot water", "Water", "No heating or hot water, boiler faults, radiators",
         category::heating},
        {"damp_mould", "Damp and mould", "Inside the home", "Damp patches, mould, condensation",
         category::damp_mould},
        {"electrical", "Electrics", "Inside the home", "Sockets, lights, fuse box, no power",
         category::electrical},
        {"windows_doors", "Windows and doors", "Inside the home", "Broken windows, doors and locks",
         category::windows_doors},
        {"carpentry", "Floors, stairs and kitchens", "Inside the home", "Floorboards, stairs, kitchen units",
         category::carpentry},
        {"pests", "Pests", "Inside the home", "Mice, rats, insects", category::pests},
        {"roofing", "Roofs and gutters", "Outside the home", "Leaking roofs, blocked gutters",
         category::roofing},
        {"communal", "Shared areas", "Outside the home",
         "Stairwells, lifts, lighting and doors shared by residents", category::communal},
        {"other", "Other repairs", "Other", "Anything else that needs repairing in a council home",
         category::other},
    };
    return all;
}

const service* find_service(std::string_view code) {
    const auto& all = all_services();
    const auto it = std::find_if(all.begin(), all.end(), [code](const service& s) { return s.code == code; });
    return it == all.end() ? nullptr : &*it;
}

const std::vector<service_attribute>& open311_attributes() {
    static const std::vector<service_attribute> all{
        {std::string(damp_attribute),
         "Is there damp or mould?",
         "singlevaluelist",
         true,
         true,
         1,
         "",
         {{"yes", "Yes"}, {"no", "No"}}},
        {std::string(vulnerable_attribute),
         "Is anyone vulnerable in the home?",
         "singlevaluelist",
         true,
         false,
         2,
         "",
         {{"yes", "Yes"}, {"no", "No"}}},
        {std::string(uprn_attribute),
         "The home's Unique Property Reference Number (UPRN), if known",
         "string",
         true,
         false,
         3,
         "",
         {}},
        {std::string(sender_id_attribute),
         "The report's id on the sending site",
         "string",
         true,
         false,
         4,
         "hidden_field",
         {}},
    };
    return all;
}

outcome<created_integration> add_integration(unit_of_work& uow, const new_integration& in,
                                             domain::instant now) {
    if (in.kind != "open311") {
        return invalid("kind", "kind must be open311");
    }
    const std::string name = trimmed(in.name);
    if (name.empty()) {
        return invalid("name", "name is required: what officers will see, e.g. FixMyStreet");
    }
    if (name.size() > max_name) {
        return invalid("name", "name must be at most 100 characters");
    }
    const std::string jurisdiction = trimmed(in.jurisdiction);
    if (jurisdiction.size() > max_name) {
        return invalid("jurisdiction", "jurisdiction must be at most 100 characters");
    }
    std::string key = new_token();
    auto record = uow.open311().insert_integration({in.kind, name, jurisdiction}, token_hash(key),
                                                   domain::whole_seconds(now));
    return created_integration{std::move(record), std::move(key)};
}

std::vector<integration> list_integrations(unit_of_work& uow) {
    return uow.open311().integrations();
}

outcome<integration> revoke_integration(unit_of_work& uow, id_t id, domain::instant now) {
    auto found = uow.open311().integration_by_id(id);
    if (!found) {
        return invalid("id", "no integration has id " + std::to_string(id));
    }
    if (!found->revoked_at) {
        found->revoked_at = domain::whole_seconds(now);
        uow.open311().revoke_integration(id, *found->revoked_at);
    }
    return *found;
}

outcome<integration> authenticate(open311_reads& reads, std::string_view api_key,
                                  std::string_view jurisdiction) {
    if (api_key.empty()) {
        return problem{errc::forbidden, "api_key is required", "api_key", {}};
    }
    auto via = reads.integration_by_key_hash(token_hash(api_key));
    if (!via) {
        return problem{errc::forbidden, "api_key is not valid", "api_key", {}};
    }
    if (!jurisdiction.empty() && !via->jurisdiction.empty() && jurisdiction != via->jurisdiction) {
        return problem{errc::not_found, "unknown jurisdiction_id", "jurisdiction_id", {}};
    }
    return *via;
}

outcome<std::optional<integration>> authenticate_optional(open311_reads& reads, std::string_view api_key,
                                                          std::string_view jurisdiction) {
    if (api_key.empty()) {
        return std::optional<integration>{};
    }
    auto via = authenticate(reads, api_key, jurisdiction);
    if (!via) {
        return via.error();
    }
    return std::optional<integration>{std::move(*via)};
}

outcome<std::string> submit_report(unit_of_work& uow, const integration& via, const open311_report& report,
                                   domain::instant now) {
    now = domain::whole_seconds(now);
    const service* s = find_service(report.service_code);
    if (s == nullptr) {
        return problem{
            errc::not_found, "unknown service_code \"" + report.service_code + "\"", "service_code", {}};
    }
    if (auto p = check_report(report)) {
        return *p;
    }
    auto req = request_of(via, report, now);
    if (req.sender_id) {
        if (const auto earlier = uow.open311().request_by_sender(via.id, *req.sender_id)) {
            return earlier->service_request_id; // a resend: the first answer again
        }
    }
    if (const auto home = home_of(uow, report)) {
        auto raised = raise_job(uow, via, *s, *home, report, req, now);
        if (!raised) {
            return raised;
        }
    } else {
        raise_intake_item(uow, report, req, now);
    }
    return uow.open311().insert_request(std::move(req)).service_request_id;
}

outcome<std::string> post_comment(unit_of_work& uow, const integration& via, const open311_comment& comment,
                                  domain::instant now) {
    const std::string update_id = trimmed(comment.update_id);
    if (update_id.empty()) {
        return invalid("update_id", "update_id is required: the comment's id on the sending site");
    }
    if (update_id.size() > max_sender_id) {
        return invalid("update_id", "update_id must be at most 100 characters");
    }
    if (const auto earlier = uow.open311().comment_event(via.id, update_id)) {
        return std::to_string(*earlier);
    }
    const auto req = uow.open311().request_by_service_id(trimmed(comment.service_request_id));
    if (!req || req->integration_id != via.id) {
        return problem{
            errc::not_found, "no service request has this service_request_id", "service_request_id", {}};
    }
    if (!req->job_id) {
        return problem{errc::invalid_transition,
                       "the request is waiting for an officer to find its home",
                       "service_request_id",
                       {}};
    }
    action_command cmd{"add_update"};
    cmd.note = trimmed(comment.description);
    cmd.note.erase(std::remove(cmd.note.begin(), cmd.note.end(), '\r'), cmd.note.end());
    if (cmd.note.empty()) {
        cmd.note = comment.media_url.empty() ? "The resident updated the report: " + trimmed(comment.status)
                                             : "The resident sent a photo: " + trimmed(comment.media_url);
    }
    if (says_not_fixed(uow, *req, comment)) {
        cmd.action = "reopen";
        cmd.reason = "The resident says it is not fixed (" + via.name + ")";
    }
    auto done = record_action(uow, actor_of(via), req->job_reference, cmd, now);
    if (!done) {
        return done.error();
    }
    uow.open311().insert_comment(via.id, update_id, done->recorded.id);
    return std::to_string(done->recorded.id);
}

outcome<std::vector<request_view>> find_requests(open311_reads& reads, read_store& jobs,
                                                 const std::optional<integration>& via,
                                                 const request_query& q, domain::instant now) {
    std::vector<open311_request> found;
    if (q.service_request_ids) {
        const auto ids = domain::split_list(*q.service_request_ids);
        if (ids.empty() || ids.size() > max_open311_items) {
            return invalid("service_request_id",
                           "service_request_id must list 1 to 1000 ids, comma-separated");
        }
        found = reads.requests_by_service_ids(ids);
    } else {
        const auto window = window_of(q.start_date, q.end_date, default_request_window, now);
        if (!window) {
            return window.error();
        }
        found = reads.requests_between(via ? std::optional(via->id) : std::nullopt, window->first,
                                       window->second, max_open311_items);
    }
    std::vector<request_view> out;
    for (auto& r : found) {
        std::optional<domain::job> job;
        if (r.job_id) {
            job = jobs.job_by_reference(r.job_reference);
        }
        out.push_back({std::move(r), std::move(job)});
    }
    return out;
}

outcome<std::vector<open311_update>> find_updates(open311_reads& reads, const std::optional<integration>& via,
                                                  const std::optional<std::string>& start_date,
                                                  const std::optional<std::string>& end_date,
                                                  domain::instant now) {
    const auto window = window_of(start_date, end_date, default_update_window, now);
    if (!window) {
        return window.error();
    }
    return reads.updates_between(via ? std::optional(via->id) : std::nullopt, window->first, window->second,
                                 max_open311_items);
}

} // namespace mend::app
