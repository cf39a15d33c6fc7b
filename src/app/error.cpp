#include "app/error.hpp"

#include <stdexcept>

namespace mend::app {

namespace {

// Boost's error_category has a protected non-virtual destructor by design; categories are never deleted
// through a base pointer.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "mend"; }
    std::string message(int value) const override { return std::string(code_name(static_cast<errc>(value))); }
};
#pragma GCC diagnostic pop

} // namespace

const boost::system::error_category& error_category() {
    static const category_impl instance;
    return instance;
}

std::string_view code_name(errc e) {
    switch (e) {
    case errc::unauthorized:
        return "unauthorized";
    case errc::forbidden:
        return "forbidden";
    case errc::not_found:
        return "not_found";
    case errc::invalid_transition:
        return "invalid_transition";
    case errc::stale_version:
        return "stale_version";
    case errc::validation:
        return "invalid_field";
    case errc::conflict:
        return "conflict";
    }
    return "unknown";
}

void throw_exception_from_error(const problem& p, const boost::source_location&) {
    throw boost::system::system_error(make_error_code(p.code), p.message);
}

} // namespace mend::app
