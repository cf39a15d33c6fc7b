#include "domain/privacy.hpp"

#include <cctype>
#include <vector>

namespace mend::domain {

namespace {

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Lower case; every run of characters that are not letters or digits becomes one space; a space at each end
// so that a whole-word search is a plain substring search of " word ". Bytes of UTF-8 beyond ASCII are kept.
std::string words_of(std::string_view text) {
    std::string out = " ";
    for (char c : text) {
        const bool keep = is_alnum(c) || (static_cast<unsigned char>(c) & 0x80U) != 0;
        if (keep) {
            out += lower(c);
        } else if (out.back() != ' ') {
            out += ' ';
        }
    }
    if (out.back() != ' ') {
        out += ' ';
    }
    return out;
}

std::string alnum_only(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (is_alnum(c)) {
            out += lower(c);
        }
    }
    return out;
}

std::string digits_only(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            out += c;
        }
    }
    return out;
}

// The national significant number: "+44 7700 900123", "0044 7700 900123" and "07700 900123" all give
// "7700900123".
std::string national_number(std::string_view phone) {
    std::string d = digits_only(phone);
    if (d.rfind("0044", 0) == 0) {
        d.erase(0, 4);
    } else if (d.rfind("44", 0) == 0 && phone.find('+') != std::string_view::npos) {
        d.erase(0, 2);
    }
    while (!d.empty() && d.front() == '0') {
        d.erase(0, 1);
    }
    return d;
}

bool contains_words(const std::string& haystack_words, std::string_view needle) {
    const std::string n = words_of(needle);
    return n.size() > 2 && haystack_words.find(n) != std::string::npos;
}

// Every run of digits in the text read as one number, also across the separators people put in phone numbers.
std::vector<std::string> digit_runs(std::string_view text) {
    std::vector<std::string> out;
    std::string run;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            run += c;
        } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || (c == '+' && run.empty())) {
            continue;
        } else if (!run.empty()) {
            out.push_back(std::move(run));
            run.clear();
        }
    }
    if (!run.empty()) {
        out.push_back(std::move(run));
    }
    return out;
}

} // namespace

std::string_view to_string(personal_fact f) {
    switch (f) {
    case personal_fact::name:
        return "name";
    case personal_fact::address:
        return "address";
    case personal_fact::postcode:
        return "postcode";
    case personal_fact::phone:
        return "phone";
    case personal_fact::email:
        return "email";
    }
    return "name";
}

std::optional<leak> find_leak(std::string_view text, const personal_facts& facts) {
    const std::string text_words = words_of(text);
    const auto found = [](personal_fact f, std::string why) {
        return leak{f, std::move(why)};
    };

    if (!facts.email.empty()) {
        const std::string email = alnum_only(facts.email);
        if (!email.empty() && alnum_only(text).find(email) != std::string::npos) {
            return found(personal_fact::email, "the text contains the tenant's email address");
        }
    }
    if (!facts.phone.empty()) {
        const std::string wanted = national_number(facts.phone);
        if (wanted.size() >= 6) {
            for (const auto& run : digit_runs(text)) {
                if (run.find(wanted) != std::string::npos) {
                    return found(personal_fact::phone, "the text contains the tenant's phone number");
                }
            }
        }
    }
    if (!facts.postcode.empty()) {
        const std::string wanted = alnum_only(facts.postcode);
        // Postcodes are written with or without their space: compare with every space taken out.
        if (wanted.size() >= 4 && alnum_only(text).find(wanted) != std::string::npos) {
            return found(personal_fact::postcode, "the text contains the home's postcode");
        }
    }
    if (!facts.address.empty()) {
        const auto comma = facts.address.find(',');
        const std::string_view first_line = std::string_view(facts.address).substr(0, comma);
        if (contains_words(text_words, facts.address) || contains_words(text_words, first_line)) {
            return found(personal_fact::address, "the text contains the home's address");
        }
    }
    if (!facts.name.empty()) {
        if (contains_words(text_words, facts.name)) {
            return found(personal_fact::name, "the text contains the tenant's name");
        }
        const std::string name_words = words_of(facts.name);
        const auto last_start = name_words.find_last_of(' ', name_words.size() - 2);
        const std::string surname = name_words.substr(last_start + 1, name_words.size() - last_start - 2);
        if (last_start != 0 && surname.size() >= 4 &&
            text_words.find(" " + surname + " ") != std::string::npos) {
            return found(personal_fact::name, "the text contains the tenant's surname");
        }
    }
    return std::nullopt;
}

} // namespace mend::domain
