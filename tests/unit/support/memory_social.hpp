// An in-memory social inbox (app::social_store), the social store of memory_unit.
#pragma once

#include "app/social.hpp"
#include "support/memory_notices.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace mend::test {

struct memory_inbox {
    std::map<std::string, std::string> cursors; // by network
    std::vector<app::mention_record> mentions;  // a mention's id is its place in the list, from 1
    std::vector<app::reply_record> replies;     // likewise
    std::vector<app::social_update> updates;    // likewise
    std::vector<app::checklist> checklists;     // version n at n - 1
    std::vector<std::pair<domain::id_t, int>> completions;
    std::vector<app::approval_record> approvals;                // likewise
    std::map<std::string, app::intake_token> intake_tokens;     // by hash
    std::map<domain::id_t, app::intake_details> intake_details; // by mention
};

class memory_social_store final : public app::social_store {
public:
    memory_social_store(memory_inbox& in, const memory_outbox& outbox)
        : in_(in)
        , outbox_(outbox) {}

    std::optional<std::string> social_cursor(std::string_view network) override {
        auto it = in_.cursors.find(std::string(network));
        return it == in_.cursors.end() ? std::nullopt : std::optional(it->second);
    }
    void set_social_cursor(std::string_view network, const std::string& last_id, domain::instant) override {
        in_.cursors[std::string(network)] = last_id;
    }
    std::optional<app::mention_record> insert_mention(app::mention_record m) override {
        for (const auto& known : in_.mentions) {
            if (known.network == m.network && known.post.status_id == m.post.status_id) {
                return std::nullopt;
            }
        }
        m.id = static_cast<domain::id_t>(in_.mentions.size()) + 1;
        in_.mentions.push_back(m);
        return m;
    }
    std::optional<app::mention_record> mention_by_id(domain::id_t id) override {
        if (id < 1 || id > static_cast<domain::id_t>(in_.mentions.size())) {
            return std::nullopt;
        }
        return in_.mentions[static_cast<std::size_t>(id - 1)];
    }
    void update_mention(const app::mention_record& m) override {
        in_.mentions.at(static_cast<std::size_t>(m.id - 1)) = m;
    }
    bool intake_reference_taken(std::string_view reference) override {
        return std::any_of(in_.mentions.begin(), in_.mentions.end(),
                           [&](const app::mention_record& m) { return m.reference == reference; });
    }
    std::optional<app::mention_record> mention_by_reference(std::string_view reference) override {
        for (const auto& m : in_.mentions) {
            if (m.reference == reference) {
                return m;
            }
        }
        return std::nullopt;
    }
    std::optional<app::mention_record> mention_in_thread(std::string_view network,
                                                         std::string_view status_id) override {
        for (const auto& m : in_.mentions) {
            if (m.network == network && m.post.status_id == status_id) {
                return m;
            }
        }
        for (const auto& r : in_.replies) {
            if (r.network == network && !r.provider_id.empty() && r.provider_id == status_id) {
                return mention_by_id(r.mention_id);
            }
        }
        for (const auto& u : in_.updates) {
            if (u.network == network && u.status_id == status_id) {
                return mention_by_id(u.mention_id);
            }
        }
        return std::nullopt;
    }
    bool insert_update(const app::social_update& u) override {
        for (const auto& known : in_.updates) {
            if (known.network == u.network && known.status_id == u.status_id) {
                return false;
            }
        }
        in_.updates.push_back(u);
        in_.updates.back().id = static_cast<domain::id_t>(in_.updates.size());
        return true;
    }
    std::optional<app::checklist> current_checklist() override {
        return in_.checklists.empty() ? std::nullopt : std::optional(in_.checklists.back());
    }
    app::checklist add_checklist(app::checklist c) override {
        c.version = static_cast<int>(in_.checklists.size()) + 1;
        in_.checklists.push_back(c);
        return c;
    }
    bool completed_checklist(domain::id_t user_id, int version) override {
        return std::find(in_.completions.begin(), in_.completions.end(), std::pair{user_id, version}) !=
               in_.completions.end();
    }
    void complete_checklist(domain::id_t user_id, int version, domain::instant) override {
        in_.completions.emplace_back(user_id, version);
    }
    app::approval_record insert_approval(app::approval_record a) override {
        a.id = static_cast<domain::id_t>(in_.approvals.size()) + 1;
        in_.approvals.push_back(a);
        return a;
    }
    std::optional<app::approval_record> approval_by_id(domain::id_t id) override {
        if (id < 1 || id > static_cast<domain::id_t>(in_.approvals.size())) {
            return std::nullopt;
        }
        return in_.approvals[static_cast<std::size_t>(id - 1)];
    }
    void update_approval(const app::approval_record& a) override {
        in_.approvals.at(static_cast<std::size_t>(a.id - 1)) = a;
    }
    std::vector<app::mention_record> mentions_of_job(domain::id_t job_id) override {
        std::vector<app::mention_record> out;
        for (const auto& m : in_.mentions) {
            const bool threaded =
                m.state == app::mention_state::linked || m.state == app::mention_state::converted;
            if (threaded && m.job_id == job_id) {
                out.push_back(m);
            }
        }
        return out;
    }
    app::reply_record insert_reply(app::reply_record r) override {
        r.id = static_cast<domain::id_t>(in_.replies.size()) + 1;
        in_.replies.push_back(r);
        return r;
    }
    std::optional<app::reply_record> reply_by_id(domain::id_t id) override {
        if (id < 1 || id > static_cast<domain::id_t>(in_.replies.size())) {
            return std::nullopt;
        }
        return in_.replies[static_cast<std::size_t>(id - 1)];
    }
    void update_reply(const app::reply_record& r) override {
        in_.replies.at(static_cast<std::size_t>(r.id - 1)) = r;
    }
    std::vector<domain::id_t> pending_replies_made_before(std::string_view network, domain::instant cutoff,
                                                          std::size_t limit) override {
        std::vector<domain::id_t> out;
        for (const auto& r : in_.replies) {
            if (out.size() < limit && r.state == app::reply_state::pending && r.network == network &&
                r.created_at <= cutoff) {
                out.push_back(r.id);
            }
        }
        return out;
    }
    std::vector<domain::id_t> untried_notices(domain::id_t job_id, domain::id_t event_id,
                                              std::string_view channel) override {
        std::vector<domain::id_t> out;
        for (const auto& n : outbox_.notices) {
            const bool waiting =
                n.state == app::notice_state::pending || n.state == app::notice_state::standby;
            if (n.job_id == job_id && n.event_id == event_id && n.channel == channel && n.attempts == 0 &&
                waiting) {
                out.push_back(n.id);
            }
        }
        return out;
    }
    void insert_intake_token(domain::id_t mention_id, const std::string& token_hash,
                             domain::instant now) override {
        in_.intake_tokens[token_hash] = {mention_id, now};
    }
    std::optional<app::intake_token>
    intake_token_by_hash(const std::vector<std::string>& token_hashes) override {
        for (const auto& hash : token_hashes) {
            if (auto it = in_.intake_tokens.find(hash); it != in_.intake_tokens.end()) {
                return it->second;
            }
        }
        return std::nullopt;
    }
    void save_intake_details(const app::intake_details& d) override { in_.intake_details[d.mention_id] = d; }

private:
    memory_inbox& in_;
    const memory_outbox& outbox_;
};

} // namespace mend::test
