// An in-memory outbox (app::notice_store) over the in-memory store, for unit tests of the notice rules.
#pragma once

#include "app/notices/notices.hpp"
#include "support/memory_store.hpp"

namespace mend::test {

struct memory_outbox {
    std::map<domain::id_t, app::contact> contacts; // filled from users on first sight
    std::map<domain::id_t, std::vector<std::string>> job_channels;
    std::vector<app::webhook_endpoint> endpoints;
    std::vector<app::notice_record> notices;
    std::vector<app::attempt_record> attempts;
    std::vector<app::alert_record> alerts;
};

class memory_notice_tx final : public app::write_tx, public app::notice_store {
public:
    memory_notice_tx(memory_state& s, memory_outbox& o)
        : tx_(s)
        , s_(s)
        , o_(o) {}

    // app::write_tx, by the plain in-memory store
    std::optional<app::property_record> property_by_uprn(std::string_view u) override {
        return tx_.property_by_uprn(u);
    }
    std::optional<app::user_record> user_by_id(domain::id_t id) override { return tx_.user_by_id(id); }
    std::optional<app::contractor_record> contractor_by_id(domain::id_t id) override {
        return tx_.contractor_by_id(id);
    }
    std::optional<domain::job> job_by_reference(std::string_view r) override {
        return tx_.job_by_reference(r);
    }
    bool holds_home(domain::id_t u, domain::id_t p) override { return tx_.holds_home(u, p); }
    domain::job insert_job(domain::job job) override { return tx_.insert_job(std::move(job)); }
    void update_job(const domain::job& job) override { tx_.update_job(job); }
    domain::event append_event(domain::event e) override { return tx_.append_event(std::move(e)); }
    app::user_record insert_user(app::user_record u, const std::string& h) override {
        return tx_.insert_user(std::move(u), h);
    }
    app::contractor_record insert_contractor(app::contractor_record f) override {
        return tx_.insert_contractor(std::move(f));
    }
    app::property_record insert_property(app::property_record p) override {
        return tx_.insert_property(std::move(p));
    }
    void add_tenancy(domain::id_t p, domain::id_t u) override { tx_.add_tenancy(p, u); }

    // app::notice_store
    std::optional<app::contact> contact_of(domain::id_t id) override {
        auto u = s_.users.find(id);
        if (u == s_.users.end()) {
            return std::nullopt;
        }
        app::contact c{
            u->second.id, u->second.role, u->second.name, u->second.email, u->second.phone, std::nullopt, {}};
        if (auto it = o_.contacts.find(id); it != o_.contacts.end()) {
            c.handle = it->second.handle;
            c.channels = it->second.channels;
        }
        return c;
    }
    void set_contact(domain::id_t id, const std::optional<std::string>& handle,
                     const std::vector<std::string>& channels) override {
        auto& c = o_.contacts[id];
        c.handle = handle;
        c.channels = channels;
    }
    std::vector<app::contact> officers() override { return with_role(domain::role::officer, std::nullopt); }
    std::vector<app::contact> firm_users(domain::id_t firm) override {
        return with_role(domain::role::contractor, firm);
    }
    std::optional<std::vector<std::string>> job_channels(domain::id_t id) override {
        auto it = o_.job_channels.find(id);
        return it == o_.job_channels.end() ? std::nullopt : std::optional(it->second);
    }
    void set_job_channels(domain::id_t id, const std::vector<std::string>& c) override {
        o_.job_channels[id] = c;
    }
    domain::id_t last_event_of(domain::id_t job_id) override {
        domain::id_t last = 0;
        for (const auto& e : s_.events) {
            if (e.job_id == job_id) {
                last = std::max(last, e.id);
            }
        }
        return last;
    }
    std::vector<app::webhook_endpoint> webhook_endpoints(std::optional<domain::id_t> firm) override {
        std::vector<app::webhook_endpoint> out;
        for (const auto& e : o_.endpoints) {
            if (e.contractor_id == firm && !e.disabled) {
                out.push_back(e);
            }
        }
        return out;
    }
    app::webhook_endpoint insert_webhook_endpoint(app::webhook_endpoint e, domain::instant) override {
        e.id = static_cast<domain::id_t>(o_.endpoints.size()) + 1;
        o_.endpoints.push_back(e);
        return e;
    }
    void disable_webhook_endpoint(domain::id_t id, const std::string&, domain::instant) override {
        o_.endpoints.at(static_cast<std::size_t>(id - 1)).disabled = true;
    }
    app::notice_record insert_notice(app::notice_record n) override {
        n.id = static_cast<domain::id_t>(o_.notices.size()) + 1;
        if (n.chain == 0) {
            n.chain = n.id;
        }
        o_.notices.push_back(n);
        return n;
    }
    std::optional<app::notice_record> notice_by_id(domain::id_t id) override {
        if (id < 1 || id > static_cast<domain::id_t>(o_.notices.size())) {
            return std::nullopt;
        }
        return o_.notices[static_cast<std::size_t>(id - 1)];
    }
    std::optional<app::notice_record> notice_by_provider_id(std::string_view p) override {
        for (const auto& n : o_.notices) {
            if (!p.empty() && n.provider_id == p) {
                return n;
            }
        }
        return std::nullopt;
    }
    void update_notice(const app::notice_record& n) override {
        o_.notices.at(static_cast<std::size_t>(n.id - 1)) = n;
    }
    std::vector<app::notice_record> chain_of(domain::id_t chain) override {
        std::vector<app::notice_record> out;
        for (const auto& n : o_.notices) {
            if (n.chain == chain) {
                out.push_back(n);
            }
        }
        return out;
    }
    void skip_standby_after(domain::id_t chain, int pos, domain::instant now) override {
        for (auto& n : o_.notices) {
            if (n.chain == chain && n.chain_pos > pos && n.state == app::notice_state::standby) {
                n.state = app::notice_state::skipped;
                n.updated_at = now;
            }
        }
    }
    std::vector<domain::id_t> trying_since_before(std::string_view channel, domain::instant cutoff,
                                                  std::size_t limit) override {
        std::vector<domain::id_t> out;
        for (const auto& n : o_.notices) {
            if (out.size() < limit && n.state == app::notice_state::pending && n.channel == channel &&
                n.trying_since.value_or(n.created_at) <= cutoff) {
                out.push_back(n.id);
            }
        }
        return out;
    }
    void insert_attempt(const app::attempt_record& a) override { o_.attempts.push_back(a); }
    void raise_alert(const app::alert_record& a) override {
        for (const auto& existing : o_.alerts) {
            if (existing.job_id == a.job_id && existing.kind == a.kind) {
                return;
            }
        }
        o_.alerts.push_back(a);
    }

private:
    std::vector<app::contact> with_role(domain::role r, std::optional<domain::id_t> firm) {
        std::vector<app::contact> out;
        for (const auto& [id, u] : s_.users) {
            if (u.role == r && (!firm || u.contractor_id == firm)) {
                out.push_back(*contact_of(id));
            }
        }
        return out;
    }

    memory_tx tx_;
    memory_state& s_;
    memory_outbox& o_;
};

} // namespace mend::test
