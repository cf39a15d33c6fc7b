// HTML pages: mustache rendering of the embedded templates, the page layout and its security headers, form
// errors as the GOV.UK Design System shows them, and the words people read (UK times: domain/calendar.hpp).
#pragma once

#include "domain/calendar.hpp"
#include "domain/clocks.hpp"
#include "domain/enums.hpp"
#include "http/forms.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"
#include "http/route_table.hpp"

#include <chrono>
#include <kainjow/mustache.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mend::pages {

// The page handlers adapt HTTP to use cases; these are the transport's words they use.
using http::access;
using http::context;
using http::cookie_value;
using http::error_for;
using http::form;
using http::form_value;
using http::parse_form;
using http::parse_id;
using http::request_t;
using http::response_t;
using http::route_table;
using http::run_blocking;
using http::services;
using http::site;

using mdata = kainjow::mustache::data;
using mlist = kainjow::mustache::list;

// Renders src/pages/templates/<name>.mustache; templates named "_*" are available to it as partials. {{ }}
// escapes (& < > " '); triple mustache is used only for HTML this code rendered itself. Throws when the
// template is missing or malformed (a bug, so a 500).
std::string render(std::string_view name, const mdata& data);

// Form errors in the order of the fields on the page: the error summary lists them, each field shows its own.
class form_errors {
public:
    void add(std::string field_id, std::string message);
    bool empty() const { return items_.empty(); }
    // The message for one field, or empty.
    std::string of(std::string_view field_id) const;
    // The message for a group of radios or checkboxes with this id: their errors name the first option,
    // "<id>-<value>", so that the summary's link lands on it.
    std::string of_group(std::string_view id) const;
    mlist summary() const;

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

// The page layout around a rendered template, with the caller's navigation; security headers are set by the
// router on every response. Titles get "Error: " in front when there are errors.
response_t page(const context& ctx, boost::beast::http::status status, const std::string& title,
                std::string_view template_name, mdata body, const form_errors* errors = nullptr);

// 303 See Other: the answer to every successful form post (post/redirect/get).
response_t redirect(const context& ctx, const std::string& location);

response_t not_found_page(const context& ctx);
response_t message_page(const context& ctx, boost::beast::http::status status, const std::string& title,
                        const std::string& message);

// Sets `key` only when `value` is not empty: kainjow mustache treats an empty string as true in {{#key}}.
void set_text(mdata& data, const std::string& key, const std::string& value);

// Form fields for the partials: id, name, label, value, error, hint.
mdata field(const std::string& id, const std::string& name, const std::string& label,
            const std::string& value, const form_errors& errors, const std::string& hint = {});
// Options for _select and _radios: {value, label, selected}.
mlist options(const std::vector<std::pair<std::string, std::string>>& values, const std::string& selected);

// Puts `field` (a text box) under the option whose value is `value`, revealed when it is chosen (mend.mjs;
// without JavaScript it is always shown, so its label says when it is needed).
void reveal_with(mlist& options, std::string_view value, const mdata& field);

template <typename E> std::vector<std::pair<std::string, std::string>> enum_options();

std::string label(domain::status s);
std::string label(domain::category c);
std::string label(domain::priority p);
std::string label(domain::hazard h);
std::string label(domain::hold_reason r);
std::string label(domain::action a);
// A channel (or social network) as people read it: "Text message (GOV.UK Notify)", "Bluesky".
std::string channel_name(std::string_view channel);
// govuk-tag modifier for a status colour, e.g. "govuk-tag--blue".
std::string tag_class(domain::status s);

// Targets and legal clocks, for staff and contractors: "Investigate the hazard", "Overdue".
std::string label(domain::clock_kind k);
std::string label(domain::clock_state s);
std::string tag_class(domain::clock_state s);
std::string label(domain::pause_reason r);
std::string label(domain::safety_work_need n);
std::string label(domain::further_works_need n);
// What the landlord must do, in the tenant's words: "Send you a written summary of what we found".
std::string tenant_label(domain::clock_kind k);
// Why a clock is paused, in the tenant's words: "we could not get into your home".
std::string tenant_label(domain::pause_reason r);
// The satisfaction scale of the tenant satisfaction measures: 5 "Very satisfied" ... 1 "Very dissatisfied".
std::string rating_label(int rating);
// "2 days 3 hours", "45 minutes": how long a clock was paused.
std::string duration_words(std::chrono::seconds d);

template <typename E> std::vector<std::pair<std::string, std::string>> enum_options() {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(std::size(domain::names<E>::list));
    for (auto name : domain::names<E>::list) {
        out.emplace_back(std::string(name), label(*domain::parse<E>(name)));
    }
    return out;
}

} // namespace mend::pages
