// Text helpers used across the layers: trimming, comma-separated lists, ASCII case, UTF-8 cuts and base64.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::domain {

// Spaces, tabs and line ends: what people leave around what they type.
inline constexpr std::string_view blanks = " \t\r\n";

// `text` without the characters of `set` at either end (trim) or at its end (trim_end).
std::string_view trim(std::string_view text, std::string_view set = blanks);
std::string_view trim_end(std::string_view text, std::string_view set = blanks);

// True when `text` has nothing but blanks.
bool is_blank(std::string_view text);

// A Unique Property Reference Number: 1 to 12 digits.
bool is_uprn(std::string_view text);

// Shaped like an email address: something before an '@', a dot after it and not at the end, no space or
// control character (it reaches a mail's headers), at most 254 bytes. Not proof it reaches anyone.
bool is_email_address(std::string_view text);

// "nw1 9aa" -> "NW1 9AA"; nothing unless it is shaped like a UK postcode (outward code, inward code).
std::optional<std::string> uk_postcode(std::string_view typed);

// "a,b,,c" -> {"a", "b", "c"}: the items of a comma-separated list, empty ones left out.
std::vector<std::string> split_list(std::string_view text);
// {"a", "b"} -> "a,b".
std::string join_list(const std::vector<std::string>& items, std::string_view separator = ",");

// ASCII letters only: wire names, header names and postcodes, never people's names.
std::string lower_case(std::string_view text);
bool equals_ignoring_case(std::string_view a, std::string_view b);

// "on_hold" -> "on hold": a wire name as words.
std::string wire_words(std::string_view wire_name);

// `text` cut at or below `max_bytes`, never inside a code point nor, as far as the common cases go, inside a
// grapheme: combining marks, variation selectors, skin tones, emoji tag sequences, the joiners of emoji
// sequences and flag pairs stay with what they belong to.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes);
// `text` cut the same way at or below `max_code_points` code points.
std::string_view cut_code_points(std::string_view text, std::size_t max_code_points);
// The byte offset after the first `n` code points.
std::size_t bytes_of_first(std::string_view text, std::size_t n);
std::size_t code_points(std::string_view text);
// User-perceived characters as far as the cuts above tell them apart: code points less those that stay with
// the one before them (combining marks, variation selectors, skin tones, emoji tags, the code point after a
// zero-width joiner and the joiner itself, the second of a flag's pair). Bluesky's 300-grapheme limit.
std::size_t graphemes(std::string_view text);

// RFC 4648 base64 with padding.
std::string base64(std::string_view bytes);

} // namespace mend::domain
