// The private intake page: where a resident who posted about a repair gives their address and how to reach
// them, opened by a token that only they were sent (a direct message in their thread).
//
// The token is never stored: the reply that carries it keeps a placeholder, a fresh token is made each time
// the reply is posted (each attempt; only its SHA-256 is kept, with the item), and the placeholder is
// replaced in the text that goes out. A reply that waits through a restart so still goes out with a link that
// works; an attempt that landed although we never heard back keeps working too (its hash stays).
#pragma once

#include "app/social.hpp"

#include <chrono>

namespace mend::app {

// What the stored reply says where the token goes.
inline constexpr std::string_view intake_token_placeholder = "{token}";
// How long a link opens the page after it was posted.
inline constexpr std::chrono::days intake_link_lifetime{30};

// What the resident typed.
struct intake_form {
    std::string name, postcode, address, email, phone, preferred;
};

// What a token opens: the item, and what was given on it before.
struct intake_page {
    id_t mention_id = 0;
    std::string reference; // the item's "S-XXXX-XXXX"
    std::optional<intake_details> details;
};

// Hex SHA-256 of a token: the only form it is kept in.
std::string intake_token_hash(std::string_view token);

// Makes the token for one post of an intake reply about `mention_id` and keeps its hash; the reply's text
// with the token in place of the placeholder is what goes out.
std::string issue_intake_token(unit_of_work& uow, id_t mention_id, domain::instant now);
std::string with_intake_token(std::string body, std::string_view token);

// The page a token opens; not_found for a token nobody was sent, one older than intake_link_lifetime, or an
// item that was dismissed.
outcome<intake_page> open_intake_page(social_reads& reads, std::string_view token, domain::instant now);

// Every problem with the form, field by field (the page shows them all at once); none when it may be given.
std::vector<problem> intake_form_problems(const intake_form& form);

// Keeps what the resident gave (replacing what they gave before), for staff to match a home and convert.
outcome<intake_details> give_intake_details(unit_of_work& uow, std::string_view token,
                                            const intake_form& form, domain::instant now);

} // namespace mend::app
