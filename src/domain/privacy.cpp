#include "domain/privacy.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
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

bool has_email(std::string_view text, const std::string& email) {
    const std::string wanted = alnum_only(email);
    return !wanted.empty() && alnum_only(text).find(wanted) != std::string::npos;
}

bool has_phone(std::string_view text, const std::string& phone) {
    if (phone.empty()) {
        return false;
    }
    const std::string wanted = national_number(phone);
    if (wanted.size() < 6) {
        return false;
    }
    const auto runs = digit_runs(text);
    return std::any_of(runs.begin(), runs.end(),
                       [&wanted](const std::string& run) { return run.find(wanted) != std::string::npos; });
}

// Postcodes are written with or without their space: compare with every space taken out.
bool has_postcode(std::string_view text, const std::string& postcode) {
    const std::string wanted = alnum_only(postcode);
    return wanted.size() >= 4 && alnum_only(text).find(wanted) != std::string::npos;
}

// The whole address, or its first line.
bool has_address(const std::string& text_words, const std::string& address) {
    if (address.empty()) {
        return false;
    }
    const std::string_view first_line = std::string_view(address).substr(0, address.find(','));
    return contains_words(text_words, address) || contains_words(text_words, first_line);
}

// The last word of a name of more than one word, when it is long enough to mean someone.
bool has_surname(const std::string& text_words, const std::string& name) {
    if (name.empty()) {
        return false;
    }
    const std::string name_words = words_of(name);
    const auto last_start = name_words.find_last_of(' ', name_words.size() - 2);
    const std::string surname = name_words.substr(last_start + 1, name_words.size() - last_start - 2);
    return last_start != 0 && surname.size() >= 4 &&
           text_words.find(" " + surname + " ") != std::string::npos;
}

// `text` with every occurrence of `handle` (as a whole word) taken out, and every link when `links`.
std::string without(std::string_view text, std::string_view handle, bool links) {
    std::string out;
    std::size_t at = 0;
    const auto word_end = [&text](std::size_t from) {
        const auto end = text.find_first_of(" \n\t", from);
        return end == std::string_view::npos ? text.size() : end;
    };
    while (at < text.size()) {
        const bool word_start = at == 0 || std::isspace(static_cast<unsigned char>(text[at - 1])) != 0;
        const auto rest = text.substr(at);
        const bool is_handle = !handle.empty() && rest.substr(0, handle.size()) == handle &&
                               (rest.size() == handle.size() || !is_alnum(rest[handle.size()]));
        if (word_start && is_handle) {
            at += handle.size();
            out += ' ';
            continue;
        }
        if (links && word_start && (rest.rfind("http://", 0) == 0 || rest.rfind("https://", 0) == 0)) {
            at = word_end(at);
            out += ' ';
            continue;
        }
        out += text[at++];
    }
    return out;
}

// The shapes of personal details, whoever they belong to.
const std::regex& email_shape() {
    static const std::regex r(R"((^|[^@\w.])[\w.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)");
    return r;
}

const std::regex& postcode_shape() {
    static const std::regex r(R"(\b[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}\b)");
    return r;
}

// A house number, one to three words and a street: capitalised as addresses are written ("14 Agar Grove"), or
// in lower case with an unmistakable street word ("14 agar grove"), so that "on 4 December the park" is no
// address.
const std::regex& street_shape() {
    static const std::regex r(
        R"(\b[0-9]{1,4}[A-Za-z]?,? +(([A-Z][A-Za-z'-]* +){1,3}(Road|Rd|Street|St|Grove|Avenue|Ave|Lane|Close|)"
        R"(Court|Drive|Way|Place|Gardens|Crescent|Terrace|Square|Hill|Walk|Mews|Row|Rise|Parade|Green|Park|View|)"
        R"(Vale|Yard|Estate|House|Tower|Towers|Wharf)|([a-z'-]+ +){1,3}(road|street|grove|avenue|lane|crescent|)"
        R"(terrace|gardens|mews))\b)");
    return r;
}

// A run of digits (read across the separators of phone numbers) that is a UK number: 0 or 44 and then nine
// or ten digits.
bool has_phone_shape(std::string_view text) {
    const auto runs = digit_runs(text);
    return std::any_of(runs.begin(), runs.end(), [](const std::string& run) {
        std::string rest = run;
        if (rest.rfind("0044", 0) == 0) {
            rest.erase(0, 4);
        } else if (rest.rfind("44", 0) == 0) {
            rest.erase(0, 2);
        } else if (rest.rfind('0', 0) == 0) {
            rest.erase(0, 1);
        } else {
            return false;
        }
        return rest.size() >= 9 && rest.size() <= 10 && rest.front() != '0';
    });
}

std::optional<leak> find_shape(const std::string& text) {
    if (std::regex_search(text, email_shape())) {
        return leak{personal_fact::email, "the text contains an email address"};
    }
    if (has_phone_shape(text)) {
        return leak{personal_fact::phone, "the text contains a phone number"};
    }
    if (std::regex_search(text, postcode_shape())) {
        return leak{personal_fact::postcode, "the text contains a postcode"};
    }
    if (std::regex_search(text, street_shape())) {
        return leak{personal_fact::address, "the text contains a house number and street"};
    }
    return std::nullopt;
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

std::optional<leak> find_leak(std::string_view whole_text, const personal_facts& facts,
                              std::string_view answered) {
    // Links stay: a fact in a link's query is still given away.
    const std::string cleaned = without(whole_text, answered, false);
    const std::string_view text = cleaned;
    const std::string text_words = words_of(text);
    if (has_email(text, facts.email)) {
        return leak{personal_fact::email, "the text contains the tenant's email address"};
    }
    if (has_phone(text, facts.phone)) {
        return leak{personal_fact::phone, "the text contains the tenant's phone number"};
    }
    if (has_postcode(text, facts.postcode)) {
        return leak{personal_fact::postcode, "the text contains the home's postcode"};
    }
    if (has_address(text_words, facts.address)) {
        return leak{personal_fact::address, "the text contains the home's address"};
    }
    if (!facts.name.empty() && contains_words(text_words, facts.name)) {
        return leak{personal_fact::name, "the text contains the tenant's name"};
    }
    if (has_surname(text_words, facts.name)) {
        return leak{personal_fact::name, "the text contains the tenant's surname"};
    }
    return std::nullopt;
}

std::optional<leak> find_details(std::string_view text, std::string_view answered) {
    return find_shape(without(text, answered, true));
}

std::optional<leak> find_public_leak(std::string_view text, const personal_facts& facts,
                                     std::string_view answered) {
    if (auto found = find_leak(text, facts, answered)) {
        return found;
    }
    return find_details(text, answered);
}

} // namespace mend::domain
