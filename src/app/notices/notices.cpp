// The outbox's rows as people manage them: contact preferences, webhook endpoints, and the reads of notices
// for a job, for the outbox and for one notice.
#include "app/notices/notices.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/jobs.hpp"
#include "app/paging.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"

#include <algorithm>

namespace mend::app {

namespace {

using domain::role;

constexpr std::size_t max_channels = 8;

} // namespace

std::string_view to_string(audience a) {
    switch (a) {
    case audience::tenant:
        return "tenant";
    case audience::firm:
        return "firm";
    case audience::officer:
        return "officer";
    case audience::integration:
        return "integration";
    }
    return "tenant";
}

std::optional<problem> check_channel_names(std::string_view field, const std::vector<std::string>& names) {
    if (names.size() > max_channels) {
        return invalid(std::string(field), std::string(field) + " may name at most 8 channels");
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& n = names[i];
        if (n.empty() || n.size() > 32 ||
            n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
            return invalid(std::string(field),
                           std::string(field) + " must be channel names such as email, sms, file or letter");
        }
        if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), n) !=
            names.begin() + static_cast<std::ptrdiff_t>(i)) {
            return invalid(std::string(field), std::string(field) + " names " + n + " twice");
        }
    }
    return std::nullopt;
}

outcome<contact> set_contact_preferences(unit_of_work& uow, id_t user_id,
                                         const std::optional<std::string>& handle,
                                         const std::vector<std::string>& channels) {
    if (auto p = check_channel_names("channels", channels)) {
        return *p;
    }
    auto& store = uow.notices();
    if (!store.contact_of(user_id)) {
        return invalid("user", "no user has id " + std::to_string(user_id));
    }
    store.set_contact(user_id, handle, channels);
    return *store.contact_of(user_id);
}

outcome<webhook_endpoint> add_webhook_endpoint(unit_of_work& uow, std::optional<id_t> contractor_id,
                                               const std::string& name, const std::string& url,
                                               const std::optional<std::string>& secret,
                                               domain::instant now) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return invalid("url", "url must start with https:// (or http:// for a receiver on this machine)");
    }
    if (contractor_id && !uow.accounts().contractor_by_id(*contractor_id)) {
        return invalid("contractor", "no contractor firm has id " + std::to_string(*contractor_id));
    }
    webhook_endpoint e;
    e.contractor_id = contractor_id;
    e.name = name.empty() ? url : name;
    e.url = url;
    if (secret) {
        if (secret->rfind("whsec_", 0) != 0 || secret->size() < 6 + 24) {
            return invalid("secret",
                           "secret must be whsec_ followed by the base64 of at least 18 random bytes");
        }
        e.secret = *secret;
    } else {
        std::string bytes;
        for (int i = 0; i < 4; ++i) {
            const std::uint64_t r = random_u64();
            for (int b = 0; b < 8; ++b) {
                bytes += static_cast<char>((r >> (8U * static_cast<unsigned>(b))) & 0xFFU);
            }
        }
        e.secret = "whsec_" + domain::base64(bytes);
    }
    return uow.notices().insert_webhook_endpoint(std::move(e), now);
}

outcome<job_notices> notices_of_job(read_store& store, notice_reads& notices, const domain::actor& who,
                                    std::string_view reference) {
    if (who.role == role::contractor) {
        return problem{errc::forbidden, "contractors do not see the tenant's notices", "", {}};
    }
    auto job = get_job(store, who, reference);
    if (!job) {
        return job.error();
    }
    job_notices out;
    notice_filter filter;
    filter.job_id = job->id;
    filter.limit = 1000;
    for (auto& n : notices.notices(filter)) {
        // A tenant sees what was sent to them, not the fallbacks that were never needed.
        if (who.role == role::tenant && (n.user_id != who.user_id || n.state == notice_state::standby ||
                                         n.state == notice_state::skipped)) {
            continue;
        }
        out.items.push_back(std::move(n));
    }
    if (domain::is_staff(who.role)) {
        out.alerts = notices.alerts_of(job->id);
    }
    return out;
}

outcome<notice_page> list_notices(notice_reads& notices, const domain::actor& who,
                                  const notice_query& query) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers see the outbox", "", {}};
    }
    notice_filter filter;
    if (query.state) {
        filter.state = parse_notice_state(*query.state);
        if (!filter.state) {
            return invalid("state",
                           "state must be one of pending, sent, delivered, failed, dead, standby or skipped");
        }
    }
    if (query.channel) {
        filter.channel = *query.channel;
    }
    if (auto p = read_paging(query.limit, query.cursor, filter.limit, filter.after_id)) {
        return *p;
    }
    notice_page page;
    page.items = notices.notices(filter);
    page.next_cursor = cut_page(page.items, filter.limit, [](const auto& item) { return item.id; });
    return page;
}

outcome<std::pair<notice_record, std::vector<attempt_record>>>
notice_detail(notice_reads& notices, const domain::actor& who, id_t id) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers see the outbox", "", {}};
    }
    auto n = notices.notice(id);
    if (!n) {
        return problem{errc::not_found, "no such notice", "", {}};
    }
    return std::pair{std::move(*n), notices.attempts_of(id)};
}

} // namespace mend::app
