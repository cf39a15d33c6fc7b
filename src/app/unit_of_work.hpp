// One unit of work on the single writer: a typed store per feature on one transaction, the change listeners
// registered at start-up, the writer that runs units, and a use case bound to its arguments as a unit.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace mend::app {

class account_store;   // app/accounts/account_store.hpp
class notice_store;    // app/notices/notices.hpp
class social_store;    // app/social.hpp
class clock_store;     // app/clocks.hpp
class survey_store;    // app/surveys.hpp
class open311_store;   // app/open311.hpp
class complaint_store; // app/complaints.hpp
class account_store;   // app/accounts/account_store.hpp
class notice_store;    // app/notices/notices.hpp
class social_store;    // app/social.hpp
class clock_store;     // app/clocks.hpp
class survey_store;    // app/surveys.hpp
class open311_store;   // app/open311.hpp
class place_store;     // app/places.hpp
class follower_store;  // app/followers.hpp
class unit_of_work;

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
    virtual std::optional<problem> before_change(unit_of_work& /*uow*/, const change& /*proposed*/,
                                                 domain::event_data& /*data*/) {
        return std::nullopt;
    }
    virtual void on_change(unit_of_work& uow, const change& c) = 0;
};

using listeners = std::vector<change_listener*>;

// One unit inside the writer's transaction: every store is on that transaction, and reads see the unit's own
// writes. Used on the writer thread only, while the unit runs.
class unit_of_work {
public:
    virtual ~unit_of_work() = default;
    virtual job_store& jobs() = 0;
    virtual account_store& accounts() = 0;
    virtual notice_store& notices() = 0;
    virtual social_store& social() = 0;
    virtual clock_store& clocks() = 0;
    virtual survey_store& surveys() = 0;
    virtual open311_store& open311() = 0;
    virtual complaint_store& complaints() = 0;
    virtual place_store& places() = 0;
    virtual follower_store& followers() = 0;

    // Lets each listener refuse the change `proposed` records, or add to its data, before anything of it is
    // written.
    std::optional<problem> vet(const domain::actor& who, const domain::job* before, const domain::job& after,
                               domain::event& proposed);
    // Tells each listener of a change just recorded.
    void changed(const change& c);

    // The listeners registered with the writer; it sets them between units, on its own thread.
    void set_listeners(listeners hear) { listeners_ = std::move(hear); }

private:
    listeners listeners_;
};

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
    using work = std::function<bool(unit_of_work&)>;
    // Called on the writer thread after the unit's commit is durable, or with the failure.
    using done = std::function<void(std::exception_ptr)>;

    virtual ~writer() = default;
    virtual void submit(work w, done d) = 0;
    // Adds a listener told of every change made by the units that start after this call. Main registers them
    // at start-up, in the order they are to hear; `l` outlives the writer. Thread-safe.
    virtual void listen(change_listener& l) = 0;
};

// Whether a use case's result lets its unit commit: a problem rolls the unit back.
template <typename T> bool keeps(const T& /*result*/) {
    return true;
}
template <typename T> bool keeps(const outcome<T>& result) {
    return result.has_value();
}

// A use case bound to its arguments, run by the writer as `use_case(uow, args...)`: keeps the result for its
// caller and rolls the unit back when the result is a problem.
template <typename UseCase, typename... Args> class bound_use_case {
public:
    using result_type = std::invoke_result_t<UseCase&, unit_of_work&, Args&...>;

    explicit bound_use_case(UseCase use_case, Args... args)
        : use_case_(std::move(use_case))
        , args_(std::move(args)...) {}

    bool operator()(unit_of_work& uow) {
        if constexpr (std::is_void_v<result_type>) {
            call(uow);
            return true;
        } else {
            result_.emplace(call(uow));
            return keeps(*result_);
        }
    }

    // The result, once the writer has run the unit.
    result_type take() {
        if constexpr (!std::is_void_v<result_type>) {
            return std::move(*result_);
        }
    }

private:
    result_type call(unit_of_work& uow) {
        return std::apply([this, &uow](Args&... args) { return std::invoke(use_case_, uow, args...); },
                          args_);
    }

    UseCase use_case_;
    std::tuple<Args...> args_;
    std::optional<std::conditional_t<std::is_void_v<result_type>, bool, result_type>> result_;
};

// Submits `work` and blocks the calling thread until its commit is durable; rethrows what the unit threw, or
// what submit() threw (a stopped writer). For the CLI, tests and the background loops' own threads, which
// hold up no one by waiting; never on the writer's thread or a thread that serves HTTP.
void run_and_wait(writer& w, const writer::work& work);

// Runs `use_case(uow, args...)` as one unit and blocks until it is durable; returns its result and rethrows
// what it threw. For the CLI and tests, never on a thread that serves HTTP.
template <typename UseCase, typename... Args> auto write_and_wait(writer& w, UseCase use_case, Args... args) {
    bound_use_case<UseCase, Args...> unit(std::move(use_case), std::move(args)...);
    run_and_wait(w, std::ref(unit));
    return unit.take();
}

} // namespace mend::app
