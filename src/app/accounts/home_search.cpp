#include "app/accounts/home_search.hpp"

#include "domain/workflow.hpp"

#include <algorithm>
#include <charconv>

namespace mend::app {

namespace {

constexpr std::size_t max_words = 8;

bool is_word_byte(unsigned char c) {
    // Bytes of non-ASCII UTF-8 characters stay inside words ("Zoë"); the search folds their case itself.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

std::optional<id_t> parse_id(std::string_view text) {
    id_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

problem forbidden_search() {
    return {errc::forbidden, "only housing officers take reports by phone", "q", {}};
}

} // namespace

std::vector<std::string> search_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    const auto flush = [&] {
        if (!word.empty() && words.size() < max_words) {
            words.push_back(word);
        }
        word.clear();
    };
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (!is_word_byte(c)) {
            flush();
        } else {
            word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
        }
    }
    flush();
    return words;
}

outcome<std::vector<home_match>> find_homes(web_read_store& store, const domain::actor& who,
                                            std::string_view text) {
    if (!domain::is_staff(who.role)) {
        return forbidden_search();
    }
    if (text.size() > max_search_text) {
        return invalid("q", "Search must be " + std::to_string(max_search_text) + " characters or fewer");
    }
    const auto words = search_words(text);
    if (words.empty()) {
        return invalid("q", "Enter a postcode, part of the address or the tenant's name");
    }
    return store.find_homes(words, max_home_matches);
}

outcome<intake_choice> choose_home(web_read_store& store, const domain::actor& who, std::string_view home_id,
                                   std::string_view tenant_id) {
    if (!domain::is_staff(who.role)) {
        return forbidden_search();
    }
    const auto home_number = parse_id(home_id);
    std::optional<property_record> home;
    if (home_number) {
        home = store.property_by_id(*home_number);
    }
    if (!home) {
        return invalid("home", "Search for the tenant's home and choose it from the results");
    }
    intake_choice out{*home, std::nullopt};
    if (tenant_id.empty()) {
        return out;
    }
    const auto tenant_number = parse_id(tenant_id);
    if (tenant_number) {
        const auto held = store.homes_of(*tenant_number);
        const bool holds =
            std::any_of(held.begin(), held.end(), [&](const auto& h) { return h.id == home->id; });
        if (holds) {
            out.tenant = store.user_by_id(*tenant_number);
        }
    }
    if (!out.tenant) {
        return invalid("tenant",
                       "The tenant chosen does not live at this home: search again and choose them");
    }
    return out;
}

} // namespace mend::app
