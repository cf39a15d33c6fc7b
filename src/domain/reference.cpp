#include "domain/reference.hpp"

namespace mend::domain {

namespace {
// Crockford's base32 without 0/1, so nothing reads as O, I or L.
constexpr std::string_view alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
static_assert(alphabet.size() == 30);
} // namespace

std::string make_reference(std::uint64_t random_bits) {
    std::string out;
    for (int i = 0; i < 8; ++i) {
        if (i == 4) {
            out += '-';
        }
        out += alphabet[random_bits % alphabet.size()];
        random_bits /= alphabet.size();
    }
    return out;
}

std::string normalise_reference(std::string_view text) {
    if (text.size() != 9 || text[4] != '-') {
        return {};
    }
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (i == 4) {
            continue;
        }
        char c = out[i];
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
        if (alphabet.find(c) == std::string_view::npos) {
            return {};
        }
        out[i] = c;
    }
    return out;
}

} // namespace mend::domain
