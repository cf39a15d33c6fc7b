// social_writes' part for the private intake page: the hashes of the links posted, and what residents gave.
#include "storage/social/social_rows.hpp"
#include "storage/social/social_writes.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

void social_writes::insert_intake_token(app::id_t mention_id, const std::string& token_hash,
                                        domain::instant now) {
    auto q =
        c_.prepare("INSERT INTO social_intake_tokens (token_hash, mention_id, issued_at) VALUES (?, ?, ?)");
    q->bind(1, token_hash);
    q->bind(2, mention_id);
    bind_millis(*q, 3, now);
    q->exec();
}

std::optional<app::intake_token>
social_writes::intake_token_by_hash(const std::vector<std::string>& token_hashes) {
    auto q = c_.prepare(std::string(select_intake_token));
    bind_texts(*q, 1, token_hashes);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_intake_token(*q);
}

void social_writes::save_intake_details(const app::intake_details& d) {
    auto q = c_.prepare(
        "INSERT INTO social_intake_details (mention_id, name, postcode, address, email, phone, preferred, "
        "given_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mention_id) DO UPDATE SET name = excluded.name, "
        "postcode = excluded.postcode, address = excluded.address, email = excluded.email, "
        "phone = excluded.phone, preferred = excluded.preferred, given_at = excluded.given_at");
    q->bind(1, d.mention_id);
    q->bind(2, d.name);
    q->bind(3, d.postcode);
    q->bind(4, d.address);
    q->bind(5, d.email);
    q->bind(6, d.phone);
    q->bind(7, std::string(app::to_string(d.preferred)));
    bind_millis(*q, 8, d.given_at);
    q->exec();
}

} // namespace mend::storage
