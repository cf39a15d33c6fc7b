// Phone numbers as people type them, and the one form mend keeps them in: E.164 ("+447700900456").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mend::domain {

// A UK number in any common form ("07700 900456", "+44 7700 900456", "447700900456", "(07700) 900456",
// "+44 (0)7700 900456", "0044 7700 900456") as E.164; another country's number written with its "+" code
// (8 to 15 digits) as it is. Spaces, hyphens, dots and brackets are ignored; anything else, or a number of
// the wrong length, gives nothing.
std::optional<std::string> phone_e164(std::string_view typed);

// A number as people in the UK read it: "+447700900456" -> "07700 900456", "+442079460018" -> "020 7946 0018"
// (other UK numbers and other countries' as they are kept).
std::string phone_words(std::string_view e164);

// What a form or the command line says when a phone number is refused.
inline constexpr std::string_view phone_format_message =
    "Enter a phone number, like 07700 900456 or +44 7700 900456";

} // namespace mend::domain
