// Reading a social-media post: its plain text, and the job references it names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mend::domain {

// The text of a post's HTML content (as Mastodon sends it): tags dropped, <br> and </p> as line breaks, the
// common entities decoded.
std::string plain_text(std::string_view html);

// The well-formed job references in `text` ("k7qd-9xpt" or "K7QD-9XPT"), normalised, first seen first, each
// once. A reference must stand on its own: "AK7QD-9XPT" names none.
std::vector<std::string> references_in(std::string_view text);

} // namespace mend::domain
