#include "api/json_notices.hpp"

namespace mend::api {

namespace json = boost::json;

json::value iso_or_null(std::optional<domain::instant> t) {
    if (!t) {
        return nullptr;
    }
    return json::value(domain::format_iso(*t));
}

json::object notice_to_json(const app::notice_record& n, bool staff) {
    json::object out{{"id", n.id},
                     {"reference", n.reference},
                     {"event", n.event},
                     {"audience", app::to_string(n.to)},
                     {"channel", n.channel},
                     {"address", n.address},
                     {"recipient_name", n.recipient_name},
                     {"subject", n.subject},
                     {"body", n.body},
                     {"state", app::to_string(n.state)},
                     {"created_at", iso_or_null(n.created_at)},
                     {"updated_at", iso_or_null(n.updated_at)}};
    if (staff) {
        out["user_id"] = n.user_id ? json::value(*n.user_id) : json::value(nullptr);
        out["attempts"] = n.attempts;
        out["next_attempt_at"] = iso_or_null(n.next_attempt_at);
        out["provider_id"] = n.provider_id;
        out["last_error"] = n.last_error;
        out["idempotency_key"] = app::notice_key(n.reference, n.id, n.channel);
    }
    return out;
}

json::object attempt_to_json(const app::attempt_record& a) {
    return {{"at", iso_or_null(a.at)}, {"at_ms", domain::to_unix_millis(a.at)},
            {"outcome", a.outcome},    {"provider_id", a.provider_id},
            {"error", a.error},        {"retry_at", iso_or_null(a.retry_at)}};
}

json::object alert_to_json(const app::alert_record& a) {
    return {{"kind", a.kind}, {"detail", a.detail}, {"at", iso_or_null(a.at)}};
}

} // namespace mend::api
