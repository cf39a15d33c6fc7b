// A repair job, the people acting on it, and the immutable events of its history.
#pragma once

#include "domain/enums.hpp"
#include "domain/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mend::domain {

using id_t = std::int64_t;

struct appointment {
    instant start;
    instant end;
};

// The block or estate whose shared areas a communal job is for (app/places.hpp).
struct job_place {
    id_t id = 0;
    std::string kind; // "block" or "estate"
    std::string name;
};

struct job {
    id_t id = 0;
    std::string reference;
    status state = status::reported;
    std::int64_t version = 1;
    id_t property_id = 0;
    std::string uprn;
    std::optional<id_t> tenant_id; // the tenant the job is for; empty for communal jobs raised by staff
    id_t raised_by = 0;
    domain::category category = domain::category::other;
    std::string description;
    std::string location;
    std::optional<domain::priority> priority;
    domain::hazard hazard = domain::hazard::none;
    domain::source source = domain::source::web;
    std::optional<id_t> contractor_id;
    bool accepted = false;
    std::optional<domain::appointment> appointment;
    std::optional<hold_reason> hold;
    std::optional<std::string> duplicate_of;
    instant created_at{};
    instant updated_at{};
    std::optional<instant> completed_at;
    bool rated = false; // the tenant has rated the repair (once only)
    // Communal jobs only: the place, whose "communal areas" home is property_id, and what is wrong in words
    // an officer wrote for the public (app/communal.hpp).
    std::optional<job_place> place{};
    std::string public_summary{};
    // Communal jobs only: leaseholders of the place may be recharged for it through the service charge (set
    // when it is raised for a place with leasehold homes; app/leasehold.hpp).
    bool recharge = false;
};

struct actor {
    id_t user_id = 0;
    domain::role role = domain::role::tenant;
    std::string name;
    std::optional<id_t> contractor_id; // the firm a contractor user works for
};

// Extra facts of an event, kept as text pairs so the domain needs no JSON.
using event_data = std::vector<std::pair<std::string, std::string>>;

struct event {
    id_t id = 0;
    id_t job_id = 0;
    std::int64_t seq = 0;
    instant at{};
    id_t actor_id = 0;
    role actor_role = role::system;
    std::string actor_name;
    domain::action action = domain::action::report;
    std::optional<status> from;
    status to = status::reported;
    std::string note;
    std::string internal_note;
    event_data data;
};

} // namespace mend::domain
