// The privacy check of public text: does a message about a job give away who or where the tenant is?
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mend::domain {

// What must never appear in a public post. Empty fields are not checked.
struct personal_facts {
    std::string name;
    std::string address; // the home's address; its first line is what identifies it
    std::string postcode;
    std::string phone;
    std::string email;
};

enum class personal_fact { name, address, postcode, phone, email };

std::string_view to_string(personal_fact f);

struct leak {
    personal_fact fact;
    std::string why; // for officers, e.g. "the text contains the tenant's postcode"; never quotes the fact
};

// The first fact that `text` gives away, after normalising both sides: case; spaces in postcodes; spaces,
// dashes, brackets and a +44 or 0 prefix in phone numbers; punctuation and runs of spaces in names and
// addresses. A name also leaks through its last part alone (a surname of four letters or more), and an
// address through its first line (up to the first comma). Errs towards refusing: a false alarm costs an
// officer a look, a leak cannot be taken back.
//
// `answered` is the handle the text answers ("@tara.okonkwo@social.example"): its reader chose it and reads
// it anyway, so its occurrences are not a leak, though the name elsewhere in the text still is.
std::optional<leak> find_leak(std::string_view text, const personal_facts& facts,
                              std::string_view answered = {});

// Whoever's they are: the first thing in `text` shaped like a personal detail (an email address, a UK phone
// number, a UK postcode, or a house number and a street such as "14 Agar Grove"). Links and the handle
// answered are left out (a link's token is no detail).
std::optional<leak> find_details(std::string_view text, std::string_view answered = {});

// What public text must pass: find_leak, then find_details.
std::optional<leak> find_public_leak(std::string_view text, const personal_facts& facts,
                                     std::string_view answered = {});

} // namespace mend::domain
