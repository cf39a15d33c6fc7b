// Expected failures of use cases: a code registered as an error category, and a problem that names the field.
#pragma once

#include "domain/enums.hpp"

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <type_traits>
#include <vector>

namespace mend::app {

enum class errc {
    unauthorized = 1,
    forbidden,
    not_found,
    invalid_transition,
    stale_version,
    validation,
    conflict,
};

const boost::system::error_category& error_category();

inline boost::system::error_code make_error_code(errc e) {
    return {static_cast<int>(e), error_category()};
}

struct problem {
    errc code = errc::validation;
    std::string message;
    std::string field;                // the input at fault, when there is one
    std::vector<std::string> allowed; // with invalid_transition: what the caller may do instead
};

[[noreturn]] void throw_exception_from_error(const problem& p, const boost::source_location& loc);

template <typename T> using outcome = boost::system::result<T, problem>;

inline problem invalid(std::string field, std::string message) {
    return {errc::validation, std::move(message), std::move(field), {}};
}

// An enum from its wire name, or a problem naming the field and the names it takes.
template <typename E> outcome<E> parse_field(std::string_view field, std::string_view text) {
    if (auto value = domain::parse<E>(text)) {
        return *value;
    }
    return invalid(std::string(field), std::string(field) + " must be one of " + domain::one_of<E>());
}

// The wire name of a code ("not_found", ...).
std::string_view code_name(errc e);

} // namespace mend::app

template <> struct boost::system::is_error_code_enum<mend::app::errc> : std::true_type {};
