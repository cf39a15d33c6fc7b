// The closed vocabularies of a repair job, with their names on the wire.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace mend::domain {

enum class status {
    reported,
    triaged,
    assigned,
    scheduled,
    in_progress,
    on_hold,
    completed,
    resolved,
    closed,
    cancelled,
    rejected,
    duplicate
};

enum class action {
    report,
    triage,
    assign,
    accept,
    decline,
    schedule,
    start,
    hold,
    complete,
    confirm_fixed,
    reopen,
    close,
    cancel,
    reject,
    mark_duplicate,
    // No state change: the time that matters (targets and Awaab's Law clocks) and the tenant's rating.
    reprioritise,
    investigation_concluded,
    summary_sent,
    safety_work_done,
    works_started,
    pause_clock,
    resume_clock,
    settle_clock,
    record_awareness,
    rate,
    add_update // the tenant's own words or photos on an open job ("it has got worse")
};

enum class role { tenant, officer, contractor, admin, system };

enum class priority { emergency, urgent, routine, planned };

enum class hazard { none, significant, emergency };

enum class category {
    plumbing,
    heating,
    electrical,
    damp_mould,
    roofing,
    windows_doors,
    carpentry,
    communal,
    pests,
    other
};

enum class hold_reason { no_access, parts, consent, other };

enum class source { web, phone, api, social, open311 };

// How a resident holds a home (a tenancy's tenure): the landlord repairs less inside a home whose lease is
// owned (app/leasehold.hpp). Not the survey's tenure (domain/surveys.hpp), which is the regulator's split.
enum class home_tenure { tenant, leaseholder, shared_owner };

// names<E> lists the wire name of each enumerator, in declaration order.
template <typename E> struct names;

template <> struct names<status> {
    static constexpr std::array<std::string_view, 12> list{
        "reported",  "triaged",  "assigned", "scheduled", "in_progress", "on_hold",
        "completed", "resolved", "closed",   "cancelled", "rejected",    "duplicate"};
};

template <> struct names<action> {
    static constexpr std::array<std::string_view, 26> list{"report",
                                                           "triage",
                                                           "assign",
                                                           "accept",
                                                           "decline",
                                                           "schedule",
                                                           "start",
                                                           "hold",
                                                           "complete",
                                                           "confirm_fixed",
                                                           "reopen",
                                                           "close",
                                                           "cancel",
                                                           "reject",
                                                           "mark_duplicate",
                                                           "reprioritise",
                                                           "investigation_concluded",
                                                           "summary_sent",
                                                           "safety_work_done",
                                                           "works_started",
                                                           "pause_clock",
                                                           "resume_clock",
                                                           "settle_clock",
                                                           "record_awareness",
                                                           "rate",
                                                           "add_update"};
};

template <> struct names<role> {
    static constexpr std::array<std::string_view, 5> list{"tenant", "officer", "contractor", "admin",
                                                          "system"};
};

template <> struct names<priority> {
    static constexpr std::array<std::string_view, 4> list{"emergency", "urgent", "routine", "planned"};
};

template <> struct names<hazard> {
    static constexpr std::array<std::string_view, 3> list{"none", "significant", "emergency"};
};

template <> struct names<category> {
    static constexpr std::array<std::string_view, 10> list{
        "plumbing",      "heating",   "electrical", "damp_mould", "roofing",
        "windows_doors", "carpentry", "communal",   "pests",      "other"};
};

template <> struct names<hold_reason> {
    static constexpr std::array<std::string_view, 4> list{"no_access", "parts", "consent", "other"};
};

template <> struct names<source> {
    static constexpr std::array<std::string_view, 5> list{"web", "phone", "api", "social", "open311"};
};

template <> struct names<home_tenure> {
    static constexpr std::array<std::string_view, 3> list{"tenant", "leaseholder", "shared_owner"};
};

template <typename E> constexpr std::string_view to_string(E value) {
    return names<E>::list[static_cast<std::size_t>(value)];
}

template <typename E> constexpr std::optional<E> parse(std::string_view text) {
    for (std::size_t i = 0; i < names<E>::list.size(); ++i) {
        if (names<E>::list[i] == text) {
            return static_cast<E>(i);
        }
    }
    return std::nullopt;
}

// "a, b or c", for error messages that list the accepted values.
template <typename E> std::string one_of() {
    std::string out;
    const auto& list = names<E>::list;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) {
            out += i + 1 == list.size() ? " or " : ", ";
        }
        out += list[i];
    }
    return out;
}

constexpr bool is_terminal(status s) {
    return s == status::closed || s == status::cancelled || s == status::rejected || s == status::duplicate;
}

} // namespace mend::domain
