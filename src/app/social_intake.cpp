#include "app/social_intake.hpp"

#include "app/accounts/tokens.hpp"
#include "app/accounts/web.hpp"
#include "domain/phone.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <cctype>

namespace mend::app {

namespace {

constexpr std::size_t max_field = 200;

problem no_page() {
    return problem{errc::not_found, "no such intake link, or it has expired", "", {}};
}

// The page's token: "mend_" and 64 hex digits; anything else names no link and is not looked up.
bool token_shaped(std::string_view token) {
    return token.size() == 69 && token.substr(0, 5) == "mend_" &&
           token.substr(5).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The hashes a token may be kept under: SHA-256 now; BLAKE2b for links posted before schema 0014.
std::vector<std::string> hashes_of(std::string_view token) {
    return {intake_token_hash(token), "blake2b:" + token_hash(token)};
}

std::optional<intake_token> live_token(std::optional<intake_token> t, domain::instant now) {
    if (!t || now > t->issued_at + intake_link_lifetime) {
        return std::nullopt;
    }
    return t;
}

} // namespace

std::string intake_token_hash(std::string_view token) {
    return sha256_hex(token);
}

std::string issue_intake_token(unit_of_work& uow, id_t mention_id, domain::instant now) {
    std::string token = new_token();
    uow.social().insert_intake_token(mention_id, intake_token_hash(token), now);
    return token;
}

std::string with_intake_token(std::string body, std::string_view token) {
    if (const auto at = body.find(intake_token_placeholder); at != std::string::npos) {
        body.replace(at, intake_token_placeholder.size(), token);
    }
    return body;
}

outcome<intake_page> open_intake_page(social_reads& reads, std::string_view token, domain::instant now) {
    if (!token_shaped(token)) {
        return no_page();
    }
    const auto link = live_token(reads.intake_token_by_hash(hashes_of(token)), now);
    const auto m = link ? reads.mention(link->mention_id) : std::nullopt;
    if (!m || m->state == mention_state::dismissed) {
        return no_page();
    }
    return intake_page{m->id, m->reference, reads.intake_details_of(m->id)};
}

std::vector<problem> intake_form_problems(const intake_form& form) {
    std::vector<problem> out;
    if (domain::is_blank(form.address)) {
        out.push_back(invalid("address", "Enter your house or flat number and street"));
    } else if (form.address.size() > max_field) {
        out.push_back(invalid("address", "Your address must be 200 characters or fewer"));
    }
    if (domain::is_blank(form.postcode)) {
        out.push_back(invalid("postcode", "Enter your postcode"));
    } else if (!domain::uk_postcode(form.postcode)) {
        out.push_back(invalid("postcode", "Enter a real postcode, like NW1 9AA"));
    }
    if (form.name.size() > max_field) {
        out.push_back(invalid("name", "Your name must be 200 characters or fewer"));
    }
    const bool has_email = !domain::is_blank(form.email);
    const bool has_phone = !domain::is_blank(form.phone);
    if (has_email && !domain::is_email_address(domain::trim(form.email))) {
        out.push_back(
            invalid("email", "Enter an email address in the correct format, like name@example.com"));
    }
    if (has_phone && !domain::phone_e164(form.phone)) {
        out.push_back(invalid("phone", std::string(domain::phone_format_message)));
    }
    const auto preferred = domain::parse<contact_channel>(form.preferred);
    if (!preferred) {
        out.push_back(invalid("preferred", "Select how you would like us to contact you"));
    } else if (*preferred == contact_channel::email && !has_email) {
        out.push_back(invalid("email", "Enter your email address, or choose to be contacted by phone"));
    } else if (*preferred == contact_channel::phone && !has_phone) {
        out.push_back(invalid("phone", "Enter your phone number, or choose to be contacted by email"));
    }
    return out;
}

outcome<intake_details> give_intake_details(unit_of_work& uow, std::string_view token,
                                            const intake_form& form, domain::instant now) {
    if (!token_shaped(token)) {
        return no_page();
    }
    auto& store = uow.social();
    const auto link = live_token(store.intake_token_by_hash(hashes_of(token)), now);
    const auto m = link ? store.mention_by_id(link->mention_id) : std::nullopt;
    if (!m || m->state == mention_state::dismissed) {
        return no_page();
    }
    if (auto problems = intake_form_problems(form); !problems.empty()) {
        return problems.front();
    }
    intake_details d;
    d.mention_id = m->id;
    d.name = std::string(domain::trim(form.name));
    d.postcode = *domain::uk_postcode(form.postcode);
    d.address = std::string(domain::trim(form.address));
    d.email = std::string(domain::trim(form.email));
    d.phone = domain::is_blank(form.phone) ? std::string() : *domain::phone_e164(form.phone);
    d.preferred = *domain::parse<contact_channel>(form.preferred);
    d.given_at = now;
    store.save_intake_details(d);
    return d;
}

} // namespace mend::app
