#include "app/accounts/tokens.hpp"

#include <array>
#include <sodium.h>
#include <stdexcept>

namespace mend::app {

namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw std::runtime_error("libsodium failed to initialise");
    }
}

template <std::size_t N> std::string hex(const std::array<unsigned char, N>& bytes) {
    std::string out(N * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

} // namespace

std::string new_token() {
    ensure_sodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return "mend_" + hex(bytes);
}

std::string token_hash(std::string_view token) {
    ensure_sodium();
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    return hex(digest);
}

std::uint64_t random_u64() {
    ensure_sodium();
    std::uint64_t value = 0;
    randombytes_buf(&value, sizeof value);
    return value;
}

} // namespace mend::app
