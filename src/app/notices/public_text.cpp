#include "app/notices/public_text.hpp"

#include <algorithm>
#include <array>

namespace mend::app {

namespace {

constexpr std::array<std::string_view, 16> public_names{
    "handle",           "reference",         "intake_reference", "status",
    "category",         "answer_url",        "duplicate_of",     "target_date",
    "appointment_date", "appointment_start", "action",           "clock",
    "due_date",         "due_time",          "public_note",      "intake_url",
};

// Marks a withheld value in rendered text; U+2063 (invisible separator) is never typed by anyone.
constexpr std::string_view withheld_open = "\xE2\x81\xA3withheld:";
constexpr std::string_view withheld_close = "\xE2\x81\xA3";

struct told {
    domain::action act;
    std::string_view event;
};

// The public event each action is told as in a thread and to followers. The firm's own steps are not told;
// deadlines, hazards and ratings (reprioritise, the clocks of Awaab's Law, rate) are between the landlord and
// the tenant, never told in public.
constexpr std::array<told, 10> public_events{{
    {domain::action::triage, "triaged"},
    {domain::action::start, "started"},
    {domain::action::hold, "on_hold"},
    {domain::action::complete, "completed"},
    {domain::action::confirm_fixed, "resolved"},
    {domain::action::reopen, "reopened"},
    {domain::action::close, "closed"},
    {domain::action::cancel, "cancelled"},
    {domain::action::reject, "rejected"},
    {domain::action::mark_duplicate, "duplicate"},
}};

} // namespace

template_vars public_variables(const template_vars& all) {
    template_vars out;
    out.reserve(all.size());
    for (const auto& [name, value] : all) {
        const bool is_public =
            std::find(public_names.begin(), public_names.end(), name) != public_names.end();
        out.emplace_back(name,
                         is_public ? value : std::string(withheld_open) + name + std::string(withheld_close));
    }
    return out;
}

std::optional<std::string> public_event(const change& c) {
    if (c.recorded.action == domain::action::schedule) {
        return c.before != nullptr && c.before->appointment ? "rescheduled" : "scheduled";
    }
    for (const auto& t : public_events) {
        if (t.act == c.recorded.action) {
            return std::string(t.event);
        }
    }
    return std::nullopt;
}

std::optional<std::string> public_text_problem(std::string_view text, const domain::personal_facts& facts,
                                               std::string_view answered) {
    if (const auto at = text.find(withheld_open); at != std::string_view::npos) {
        const auto name_start = at + withheld_open.size();
        const auto name = text.substr(name_start, text.find(withheld_close, name_start) - name_start);
        return "privacy: the template uses {{" + std::string(name) +
               "}}, which is not public; only the reference, status, dates and public links may be posted";
    }
    if (const auto leak = domain::find_public_leak(text, facts, answered)) {
        return "privacy: " + leak->why;
    }
    return std::nullopt;
}

} // namespace mend::app
