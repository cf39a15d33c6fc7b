// The text of an email as every standard server accepts it: bodies in 7bit, quoted-printable or base64,
// display names quoted or encoded (RFC 5322, RFC 2047), and no line over 998 octets.
#pragma once

#include <string>
#include <string_view>

namespace mend::notify {

// Lines end in "\n" in every result below; the message's sender turns them into CRLF.

// A display name as a header may carry it: as it is when it is only atoms and spaces, in quotes when it has
// RFC 5322 specials ("Smith, Jo" would otherwise be two recipients), as RFC 2047 encoded words when it is not
// ASCII. Line ends and other control characters become spaces.
std::string display_name(std::string_view name);

// "Name <address>", or the address alone when the name is empty.
std::string mailbox(std::string_view name, std::string_view address);

// An unstructured header's value (Subject), for a header whose name and ": " take `used` characters: ASCII
// folded at spaces to lines of at most 78 characters, or RFC 2047 encoded words when it is not ASCII or a
// word is too long to fold.
std::string unstructured(std::string_view text, std::size_t used);

// RFC 2047 "B" encoded words of at most 75 characters, cut between code points, one per line after the first.
std::string encoded_words(std::string_view text);

struct mime_body {
    std::string transfer_encoding; // "7bit", "quoted-printable" or "base64"
    std::string text;              // encoded, lines ending in "\n"
};

// 7bit when the text is ASCII with lines of at most 998 octets; otherwise quoted-printable, or base64 when
// most of it is not ASCII. Line ends in the text ("\n" or "\r\n") are kept as line ends.
mime_body encode_body(std::string_view text);

// RFC 2045 quoted-printable of text whose line ends are "\n" or "\r\n": encoded lines of at most 76
// characters.
std::string quoted_printable(std::string_view text);

} // namespace mend::notify
