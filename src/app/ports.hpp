// What the use cases need from the outside world: stores, the single writer and a clock.
#pragma once

#include "app/error.hpp"
#include "domain/job.hpp"
#include "domain/visibility.hpp"

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

using domain::id_t;

struct user_record {
    id_t id = 0;
    domain::role role = domain::role::tenant;
    std::string name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<id_t> contractor_id;
};

struct contractor_record {
    id_t id = 0;
    std::string name;
    std::vector<std::string> trades;
};

struct property_record {
    id_t id = 0;
    std::string uprn;
    std::string address;
    std::string postcode;
};

struct job_filter {
    std::optional<domain::status> state;
    std::optional<domain::priority> priority;
    std::optional<domain::category> category;
    std::optional<id_t> contractor_id;
    std::optional<std::string> uprn;
    std::optional<id_t> after_id; // keyset cursor: items with a larger id
    int limit = 50;
    bool overdue = false; // only jobs with an open clock the overdue loop has marked breached
};

// Reads that never wait for the writer. Implementations are safe to call from any thread.
class read_store {
public:
    virtual ~read_store() = default;
    virtual std::optional<domain::actor> actor_by_token_hash(std::string_view token_hash) = 0;
    virtual std::optional<domain::job> job_by_reference(std::string_view reference) = 0;
    virtual bool holds_home(id_t user_id, id_t property_id) = 0;
    // Ordered by id; at most filter.limit + 1 items, so the caller can tell if there are more.
    virtual std::vector<domain::job> list_jobs(const job_filter& filter,
                                               const domain::visibility& visibility) = 0;
    virtual std::vector<domain::event> events_of(id_t job_id) = 0;
};

// One unit of work inside the writer's transaction. Reads here see the unit's own writes.
class write_tx {
public:
    virtual ~write_tx() = default;
    virtual std::optional<property_record> property_by_uprn(std::string_view uprn) = 0;
    virtual std::optional<user_record> user_by_id(id_t id) = 0;
    virtual std::optional<contractor_record> contractor_by_id(id_t id) = 0;
    virtual std::optional<domain::job> job_by_reference(std::string_view reference) = 0;
    virtual bool holds_home(id_t user_id, id_t property_id) = 0;

    // Gives the job its id and a reference no other job has.
    virtual domain::job insert_job(domain::job job) = 0;
    virtual void update_job(const domain::job& job) = 0;
    // Gives the event its id and its place (seq) in the job's history.
    virtual domain::event append_event(domain::event e) = 0;

    virtual user_record insert_user(user_record user, const std::string& token_hash) = 0;
    virtual contractor_record insert_contractor(contractor_record firm) = 0;
    virtual property_record insert_property(property_record home) = 0;
    virtual void add_tenancy(id_t property_id, id_t user_id) = 0;

    // A feature's own port on the same transaction (for example the outbox's), which the storage class also
    // implements. Throws std::logic_error when the store does not offer it.
    template <typename Port> Port& extension() {
        if (auto* port = dynamic_cast<Port*>(this)) {
            return *port;
        }
        throw std::logic_error("this store does not implement the port a feature needs");
    }
};

// What an accepted report or action changed, as a listener sees it.
struct change {
    const domain::actor& who;
    const domain::job* before; // null for a new report
    const domain::job& after;
    const domain::event& recorded;
};

// Runs inside the unit of work that made a change, so what it writes (notices, clocks) commits with the
// change or not at all. Throwing rolls the whole unit back.
class change_listener {
public:
    virtual ~change_listener() = default;
    // Runs before the change is recorded (c.recorded has no id or seq yet): may refuse it, which rolls the
    // unit back, or add facts to its event's data.
    virtual std::optional<problem> before_change(write_tx& /*tx*/, const change& /*proposed*/,
                                                 domain::event_data& /*data*/) {
        return std::nullopt;
    }
    virtual void on_change(write_tx& tx, const change& c) = 0;
};

using listeners = std::vector<change_listener*>;

// What a unit's caller receives when the database cannot take writes for now: the disk is full, the file or
// its filesystem is read-only, or a write failed. Nothing of the unit was kept, and the same write may
// succeed later (HTTP answers 503 storage_unavailable).
struct storage_unavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The single writer: units submitted from any thread are grouped into few commits.
class writer {
public:
    // Returns false to roll its own writes back; throwing does the same and reports the exception.
    using work = std::function<bool(write_tx&)>;
    // Called on the writer thread after the unit's commit is durable, or with the failure.
    using done = std::function<void(std::exception_ptr)>;

    virtual ~writer() = default;
    virtual void submit(work w, done d) = 0;
};

// The program's one wall clock: handlers, listeners, background loops and channels read it (never the system
// clock), so that tests control their times with one manual clock. Timers and rate limits measure intervals
// on the steady clock instead. now() is called from any thread.
class clock {
public:
    virtual ~clock() = default;
    virtual domain::instant now() const = 0;
};

// The system's wall clock, to the millisecond.
class system_clock final : public clock {
public:
    domain::instant now() const override;
};

} // namespace mend::app
