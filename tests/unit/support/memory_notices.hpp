// An in-memory outbox (app::notice_store), the notice store of memory_unit, for unit tests of the notice
// rules.
#pragma once

#include "app/notices/notices.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace mend::test {

struct memory_outbox {
    std::map<domain::id_t, app::contact> contacts; // filled from users on first sight
    std::map<domain::id_t, std::vector<std::string>> job_channels;
    std::vector<app::webhook_endpoint> endpoints;
    std::vector<app::notice_record> notices;
    std::vector<app::attempt_record> attempts;
    std::vector<app::alert_record> alerts;
};

class memory_notice_store final : public app::notice_store {
public:
    memory_notice_store(memory_outbox& o, const std::map<domain::id_t, app::user_record>& users,
                        const std::vector<domain::event>& events)
        : o_(o)
        , users_(users)
        , events_(events) {}

    std::optional<app::contact> contact_of(domain::id_t id) override {
        auto u = users_.find(id);
        if (u == users_.end()) {
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
        for (const auto& e : events_) {
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
        for (const auto& [id, u] : users_) {
            if (u.role == r && (!firm || u.contractor_id == firm)) {
                out.push_back(*contact_of(id));
            }
        }
        return out;
    }

    memory_outbox& o_;
    const std::map<domain::id_t, app::user_record>& users_;
    const std::vector<domain::event>& events_;
};

} // namespace mend::test
