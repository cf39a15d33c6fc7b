// An in-memory implementation of the app ports, for unit tests of use cases and handlers without I/O.
#pragma once

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/complaints.hpp"
#include "app/followers.hpp"
#include "app/jobs.hpp"
#include "app/open311.hpp"
#include "app/places.hpp"
#include "app/ports.hpp"
#include "app/surveys.hpp"
#include "app/unit_of_work.hpp"
#include "domain/reference.hpp"
#include "support/memory_clocks.hpp"
#include "support/memory_notices.hpp"
#include "support/memory_social.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

namespace mend::test {

struct memory_state {
    std::map<domain::id_t, app::user_record> users;
    std::map<std::string, domain::id_t> tokens;
    std::map<domain::id_t, app::contractor_record> firms;
    std::map<domain::id_t, app::property_record> homes;
    std::set<std::pair<domain::id_t, domain::id_t>> tenancies;                    // (user, property)
    std::map<std::pair<domain::id_t, domain::id_t>, domain::home_tenure> tenures; // when not a tenant's
    std::map<domain::id_t, std::string> passwords;                                // hashes, by user
    std::map<std::string, domain::id_t> sessions; // users, by the session's id hash
    std::map<std::string, domain::id_t> tracking; // jobs, by tracking token
    std::vector<app::photo_record> photos;
    std::map<domain::id_t, domain::job> jobs;
    std::vector<domain::event> events;
    domain::id_t next_id = 1;
    memory_clock_state clocks;
    memory_outbox outbox;
    memory_inbox inbox;
    std::vector<domain::survey_response> surveys; // one per respondent and day
    std::map<domain::id_t, app::place_record> places;
    std::map<domain::id_t, domain::id_t> communal_homes; // the "communal areas" home of each place
    std::vector<app::follower_record> followers;
};

// Whether the user holds a home in the block or estate.
inline bool lives_in(const memory_state& s, domain::id_t user_id, domain::id_t place_id) {
    return std::any_of(s.tenancies.begin(), s.tenancies.end(), [&](const auto& t) {
        if (t.first != user_id || !s.homes.contains(t.second)) {
            return false;
        }
        const auto& home = s.homes.at(t.second);
        return home.block_id == place_id || home.estate_id == place_id;
    });
}

template <typename M> std::optional<typename M::mapped_type> find_in(const M& m, domain::id_t id) {
    auto it = m.find(id);
    return it == m.end() ? std::nullopt : std::optional(it->second);
}

class memory_jobs final : public app::job_store {
public:
    explicit memory_jobs(memory_state& s)
        : s_(s) {}

    std::optional<domain::job> job_by_reference(std::string_view ref) override {
        for (const auto& [id, j] : s_.jobs) {
            if (j.reference == ref) {
                return j;
            }
        }
        return std::nullopt;
    }
    domain::job insert_job(domain::job job) override {
        job.id = s_.next_id++;
        job.reference = domain::make_reference(static_cast<std::uint64_t>(job.id) * 7919U + 12345U);
        s_.jobs[job.id] = job;
        return job;
    }
    void update_job(const domain::job& job) override { s_.jobs.at(job.id) = job; }
    domain::event append_event(domain::event e) override {
        e.id = s_.next_id++;
        e.seq = 1 + std::count_if(s_.events.begin(), s_.events.end(),
                                  [&](const domain::event& x) { return x.job_id == e.job_id; });
        if (auto u = find_in(s_.users, e.actor_id)) {
            e.actor_name = u->name;
        }
        s_.events.push_back(e);
        return e;
    }

private:
    memory_state& s_;
};

class memory_accounts final : public app::account_store {
public:
    explicit memory_accounts(memory_state& s)
        : s_(s) {}

    std::optional<app::user_record> user_by_id(domain::id_t id) override { return find_in(s_.users, id); }
    std::optional<app::contractor_record> contractor_by_id(domain::id_t id) override {
        return find_in(s_.firms, id);
    }
    std::optional<app::property_record> property_by_uprn(std::string_view uprn) override {
        for (const auto& [id, h] : s_.homes) {
            if (h.uprn == uprn) {
                return h;
            }
        }
        return std::nullopt;
    }
    bool holds_home(domain::id_t user, domain::id_t property) override {
        return s_.tenancies.contains({user, property});
    }
    std::optional<domain::home_tenure> tenure_of(domain::id_t user, domain::id_t property) override {
        if (!s_.tenancies.contains({user, property})) {
            return std::nullopt;
        }
        const auto it = s_.tenures.find({user, property});
        return it == s_.tenures.end() ? domain::home_tenure::tenant : it->second;
    }
    std::optional<domain::id_t> tenant_of_property(domain::id_t property) override {
        for (const auto& [user, home] : s_.tenancies) {
            if (home == property && s_.users.at(user).role == domain::role::tenant) {
                return user;
            }
        }
        return std::nullopt;
    }
    app::user_record insert_user(app::user_record user, const std::string& hash) override {
        user.id = s_.next_id++;
        s_.users[user.id] = user;
        s_.tokens[hash] = user.id;
        return user;
    }
    app::contractor_record insert_contractor(app::contractor_record firm) override {
        firm.id = s_.next_id++;
        s_.firms[firm.id] = firm;
        return firm;
    }
    app::property_record insert_property(app::property_record home) override {
        home.id = s_.next_id++;
        s_.homes[home.id] = home;
        return home;
    }
    void add_tenancy(domain::id_t property, domain::id_t user, domain::home_tenure tenure) override {
        s_.tenancies.insert({user, property});
        if (tenure != domain::home_tenure::tenant) {
            s_.tenures.insert({{user, property}, tenure});
        }
    }
    bool set_access_notes(domain::id_t property, const std::string& notes, domain::id_t,
                          domain::instant) override {
        const auto it = s_.homes.find(property);
        if (it == s_.homes.end()) {
            return false;
        }
        it->second.access_notes = notes;
        return true;
    }
    void set_password_hash(domain::id_t user, const std::string& hash) override { s_.passwords[user] = hash; }
    void insert_session(const std::string& id_hash, domain::id_t user, const std::string&, domain::instant,
                        domain::instant) override {
        s_.sessions[id_hash] = user;
    }
    void delete_session(const std::string& id_hash) override { s_.sessions.erase(id_hash); }
    void delete_sessions_of(domain::id_t user) override {
        std::erase_if(s_.sessions, [user](const auto& session) { return session.second == user; });
    }
    void insert_tracking_token(domain::id_t job_id, const std::string& token) override {
        s_.tracking[token] = job_id;
    }
    std::optional<std::string> tracking_token_of(domain::id_t job_id) override {
        for (const auto& [token, id] : s_.tracking) {
            if (id == job_id) {
                return token;
            }
        }
        return std::nullopt;
    }
    void insert_photo(const app::photo_record& photo, domain::id_t, domain::instant) override {
        s_.photos.push_back(photo);
    }

private:
    memory_state& s_;
};

class memory_survey_store final : public app::survey_store {
public:
    explicit memory_survey_store(std::vector<domain::survey_response>& kept)
        : kept_(kept) {}

    bool save_response(const domain::survey_response& r, domain::id_t, domain::instant) override {
        for (auto& k : kept_) {
            if (k.respondent == r.respondent && k.responded_on == r.responded_on) {
                k = r;
                return false;
            }
        }
        kept_.push_back(r);
        return true;
    }

private:
    std::vector<domain::survey_response>& kept_;
};

// Open311's store is tested on SQLite (tests/e2e/test_open311.py); the use cases tested in memory never reach
// it, but for converting an intake item, which links the Open311 request it came from (there is none here).
class no_open311_store final : public app::open311_store {
public:
    app::integration insert_integration(const app::new_integration&, const std::string&,
                                        domain::instant) override {
        fail();
    }
    std::vector<app::integration> integrations() override { fail(); }
    std::optional<app::integration> integration_by_id(app::id_t) override { fail(); }
    void revoke_integration(app::id_t, domain::instant) override { fail(); }
    std::optional<app::open311_request> request_by_sender(app::id_t, std::string_view) override { fail(); }
    std::optional<app::open311_request> request_by_service_id(std::string_view) override { fail(); }
    app::open311_request insert_request(app::open311_request) override { fail(); }
    void link_converted(app::id_t, app::id_t) override {}
    std::vector<app::property_record> homes_with_postcode(std::string_view) override { fail(); }
    std::optional<app::id_t> comment_event(app::id_t, std::string_view) override { fail(); }
    void insert_comment(app::id_t, const std::string&, app::id_t) override { fail(); }

private:
    [[noreturn]] static void fail() {
        throw std::logic_error("the in-memory unit of work has no Open311 store");
    }
};

// Complaints' store is tested on SQLite (tests/e2e/test_complaints.py); the use cases tested in memory never
// reach it.
class no_complaint_store final : public app::complaint_store {
public:
    std::optional<domain::complaint> complaint_by_reference(std::string_view) override { fail(); }
    domain::complaint insert_complaint(domain::complaint) override { fail(); }
    void update_complaint(const domain::complaint&) override { fail(); }
    std::vector<domain::complaint_clock> clocks_of(app::id_t) override { fail(); }
    domain::complaint_clock save_clock(domain::complaint_clock) override { fail(); }
    domain::complaint_event append_event(domain::complaint_event) override { fail(); }
    bool link_job(app::id_t, app::id_t, app::id_t, domain::instant) override { fail(); }
    std::vector<std::pair<domain::complaint, domain::complaint_clock>>
    clocks_to_escalate(domain::instant, double, int) override {
        fail();
    }

private:
    [[noreturn]] static void fail() {
        throw std::logic_error("the in-memory unit of work has no complaint store");
    }
};

// Blocks and estates, in the same id sequence as everything else.
class memory_place_store final : public app::place_store {
public:
    explicit memory_place_store(memory_state& s)
        : s_(s) {}

    std::optional<app::place_record> place_by_id(domain::id_t id) override { return find_in(s_.places, id); }
    std::optional<app::place_record> place_by_name(app::place_kind kind, std::string_view name) override {
        return first([&](const app::place_record& p) { return p.kind == kind && p.name == name; });
    }
    std::optional<app::place_record> place_by_uprn(std::string_view uprn) override {
        return first([&](const app::place_record& p) { return p.uprn == uprn; });
    }
    app::place_record insert_place(app::place_record place) override {
        place.id = s_.next_id++;
        s_.places[place.id] = place;
        return place;
    }
    std::optional<app::property_record> home_by_id(domain::id_t id) override { return find_in(s_.homes, id); }
    bool lives_in(domain::id_t user_id, domain::id_t place_id) override {
        return test::lives_in(s_, user_id, place_id);
    }
    bool has_leaseholders(domain::id_t place_id) override {
        return std::any_of(s_.tenures.begin(), s_.tenures.end(), [&](const auto& t) {
            const auto& home = s_.homes.at(t.first.second);
            return home.block_id == place_id || home.estate_id == place_id;
        });
    }
    std::optional<app::property_record> communal_home(domain::id_t place_id) override {
        auto it = s_.communal_homes.find(place_id);
        return it == s_.communal_homes.end() ? std::nullopt : find_in(s_.homes, it->second);
    }
    app::property_record insert_communal_home(domain::id_t place_id, const std::string& uprn,
                                              const std::string& address) override {
        app::property_record home{s_.next_id++, uprn, address, ""};
        s_.homes[home.id] = home;
        s_.communal_homes[place_id] = home.id;
        return home;
    }

private:
    template <typename Pred> std::optional<app::place_record> first(Pred match) const {
        for (const auto& [id, p] : s_.places) {
            if (match(p)) {
                return p;
            }
        }
        return std::nullopt;
    }

    memory_state& s_;
};

// Followers, in the same id sequence as everything else; one per tenant, thread, or contact channel and
// address.
class memory_follower_store final : public app::follower_store {
public:
    explicit memory_follower_store(memory_state& s)
        : s_(s) {}

    std::vector<app::follower_record> followers_of(domain::id_t job_id) override {
        std::vector<app::follower_record> out;
        std::copy_if(s_.followers.begin(), s_.followers.end(), std::back_inserter(out),
                     [job_id](const app::follower_record& f) { return f.job_id == job_id; });
        return out;
    }
    std::optional<app::follower_record> follower_by_id(domain::id_t id) override {
        const auto it = std::find_if(s_.followers.begin(), s_.followers.end(),
                                     [id](const app::follower_record& f) { return f.id == id; });
        return it == s_.followers.end() ? std::nullopt : std::optional(*it);
    }
    std::optional<app::follower_record> insert_follower(app::follower_record f) override {
        const bool known = std::any_of(s_.followers.begin(), s_.followers.end(), [&f](const auto& g) {
            return g.job_id == f.job_id && g.kind == f.kind && g.user_id == f.user_id &&
                   g.mention_id == f.mention_id && g.channel == f.channel && g.address == f.address;
        });
        if (known) {
            return std::nullopt;
        }
        f.id = s_.next_id++;
        s_.followers.push_back(f);
        return f;
    }
    void delete_follower(domain::id_t id) override {
        std::erase_if(s_.followers, [id](const app::follower_record& f) { return f.id == id; });
    }

private:
    memory_state& s_;
};

// Every store on the one in-memory state, with the listeners a writer would carry.
class memory_unit final : public app::unit_of_work {
public:
    explicit memory_unit(memory_state& s, app::listeners hear = {})
        : jobs_(s)
        , accounts_(s)
        , notices_(s.outbox, s.users, s.events)
        , social_(s.inbox, s.outbox)
        , clocks_(s.clocks, s.events, s.jobs)
        , surveys_(s.surveys)
        , places_(s)
        , followers_(s) {
        set_listeners(std::move(hear));
    }

    app::job_store& jobs() override { return jobs_; }
    app::account_store& accounts() override { return accounts_; }
    app::notice_store& notices() override { return notices_; }
    app::social_store& social() override { return social_; }
    app::clock_store& clocks() override { return clocks_; }
    app::survey_store& surveys() override { return surveys_; }
    app::open311_store& open311() override { return open311_; }
    app::complaint_store& complaints() override { return complaints_; }
    app::place_store& places() override { return places_; }
    app::follower_store& followers() override { return followers_; }

private:
    memory_jobs jobs_;
    memory_accounts accounts_;
    memory_notice_store notices_;
    memory_social_store social_;
    memory_clock_store clocks_;
    memory_survey_store surveys_;
    no_open311_store open311_;
    no_complaint_store complaints_;
    memory_place_store places_;
    memory_follower_store followers_;
};

class memory_store final : public app::read_store, public app::writer {
public:
    memory_state state;

    std::optional<domain::actor> actor_by_token_hash(std::string_view hash) override {
        auto it = state.tokens.find(std::string(hash));
        if (it == state.tokens.end()) {
            return std::nullopt;
        }
        const auto& u = state.users.at(it->second);
        return domain::actor{u.id, u.role, u.name, u.contractor_id};
    }
    std::optional<domain::job> job_by_reference(std::string_view ref) override {
        return memory_jobs(state).job_by_reference(ref);
    }
    bool holds_home(domain::id_t user, domain::id_t property) override {
        return state.tenancies.contains({user, property});
    }
    std::vector<domain::id_t> held_homes(domain::id_t user, const std::vector<domain::id_t>& homes) override {
        std::vector<domain::id_t> out;
        std::copy_if(homes.begin(), homes.end(), std::back_inserter(out),
                     [&](domain::id_t home) { return holds_home(user, home); });
        return out;
    }
    bool lives_in_place(domain::id_t user, domain::id_t place) override {
        return lives_in(state, user, place);
    }
    std::vector<domain::job> list_jobs(const app::job_filter& f,
                                       const domain::visibility& visibility) override {
        std::vector<domain::job> out;
        for (const auto& [id, j] : state.jobs) {
            if (f.after_id && id <= *f.after_id) {
                continue;
            }
            if ((f.state && j.state != *f.state) || (f.priority && j.priority != f.priority) ||
                (f.category && j.category != *f.category) ||
                (f.contractor_id && j.contractor_id != f.contractor_id) || (f.uprn && j.uprn != *f.uprn)) {
                continue;
            }
            if (f.overdue &&
                std::none_of(state.clocks.clocks.begin(), state.clocks.clocks.end(), [&](const auto& c) {
                    return c.second.job_id == j.id && c.second.open() && c.second.escalated >= 2;
                })) {
                continue;
            }
            if (!domain::visible(visibility, j, holds_home(visibility.id, j.property_id))) {
                continue;
            }
            out.push_back(j);
            if (static_cast<int>(out.size()) > f.limit) {
                break;
            }
        }
        return out;
    }
    std::vector<domain::id_t> job_ids(const app::job_filter& f,
                                      const domain::visibility& visibility) override {
        app::job_filter all = f;
        all.after_id.reset();
        all.limit = std::numeric_limits<int>::max() - 1;
        std::vector<domain::id_t> out;
        for (const auto& j : list_jobs(all, visibility)) {
            out.push_back(j.id);
        }
        return out;
    }
    std::vector<domain::job> jobs_by_ids(const std::vector<domain::id_t>& ids) override {
        std::vector<domain::job> out;
        for (const auto id : ids) {
            if (const auto it = state.jobs.find(id); it != state.jobs.end()) {
                out.push_back(it->second);
            }
        }
        return out;
    }
    std::vector<domain::event> events_of(domain::id_t job_id) override {
        std::vector<domain::event> out;
        for (const auto& e : state.events) {
            if (e.job_id == job_id) {
                out.push_back(e);
            }
        }
        return out;
    }

    // Runs at once; a unit that fails leaves the state as it was.
    void submit(work w, done d) override {
        const memory_state before = state;
        memory_unit uow(state, listeners_);
        std::exception_ptr failure;
        try {
            if (!w(uow)) {
                state = before;
            }
        } catch (...) {
            state = before;
            failure = std::current_exception();
        }
        d(failure);
    }

    void listen(app::change_listener& l) override { listeners_.push_back(&l); }

    // Adds a user and returns their API token.
    std::string add_user(domain::role r, const std::string& name,
                         std::optional<domain::id_t> firm = std::nullopt) {
        const std::string token = app::new_token();
        memory_accounts(state).insert_user({0, r, name, std::nullopt, std::nullopt, firm},
                                           app::token_hash(token));
        return token;
    }

private:
    app::listeners listeners_;
};

// The job of a use case's view, for tests about the job alone.
inline app::outcome<domain::job> job_of(app::outcome<app::job_view> view) {
    if (!view) {
        return view.error();
    }
    return std::move(view->job);
}

// A clock the test moves by hand.
class manual_clock final : public app::clock {
public:
    domain::instant t = domain::from_unix(1'800'000'000);
    domain::instant now() const override { return t; }
};

} // namespace mend::test
