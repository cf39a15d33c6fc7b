#include "http/proxies.hpp"

#include <charconv>

namespace mend::http {

namespace {

namespace ip = boost::asio::ip;

std::array<unsigned char, 16> bytes_of(const ip::address& address) {
    if (address.is_v4()) {
        return ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes();
    }
    return address.to_v6().to_bytes();
}

std::optional<ip::address> address_of(std::string_view text) {
    boost::system::error_code ec;
    const auto address = ip::make_address(text, ec);
    if (ec) {
        return std::nullopt;
    }
    return address;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

std::optional<trusted_proxies> trusted_proxies::parse(const std::vector<std::string>& entries) {
    trusted_proxies out;
    for (const auto& entry : entries) {
        const auto slash = entry.find('/');
        const auto address = address_of(std::string_view(entry).substr(0, slash));
        if (!address) {
            return std::nullopt;
        }
        const unsigned bits = address->is_v4() ? 32 : 128;
        unsigned prefix = bits;
        if (slash != std::string::npos) {
            const char* first = entry.data() + slash + 1;
            const char* last = entry.data() + entry.size();
            const auto [end, ec] = std::from_chars(first, last, prefix);
            if (ec != std::errc{} || end != last || first == last || prefix > bits) {
                return std::nullopt;
            }
        }
        out.networks_.push_back({bytes_of(*address), prefix + (128 - bits)});
    }
    return out;
}

bool trusted_proxies::contains(const ip::address& address) const {
    const auto bytes = bytes_of(address);
    for (const auto& net : networks_) {
        bool inside = true;
        for (unsigned bit = 0; bit < net.prefix && inside; ++bit) {
            const unsigned mask = 0x80U >> (bit % 8);
            inside = (bytes[bit / 8] & mask) == (net.bytes[bit / 8] & mask);
        }
        if (inside) {
            return true;
        }
    }
    return false;
}

ip::address trusted_proxies::client_of(const ip::address& peer, std::string_view forwarded_for) const {
    ip::address client = peer;
    while (contains(client) && !forwarded_for.empty()) {
        const auto comma = forwarded_for.rfind(',');
        const auto entry =
            trimmed(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
        const auto address = address_of(entry);
        if (!address) {
            break;
        }
        client = *address;
    }
    return client;
}

} // namespace mend::http
