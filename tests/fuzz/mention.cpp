// Fuzzes the reading of social-media posts (domain/mention): the HTML-to-text of a post's content and the job
// references found in text.
#include "domain/mention.hpp"

#include "domain/reference.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    const std::string_view html(reinterpret_cast<const char*>(data), size);
    const auto text = domain::plain_text(html);
    // Tags and entities only ever shrink: what comes out is never longer than what went in.
    if (text.size() > html.size()) {
        std::abort();
    }
    for (const auto& source : {std::string_view(text), html}) {
        for (const auto& reference : domain::references_in(source)) {
            if (domain::normalise_reference(reference) != reference) {
                std::abort(); // each reference found is already in its normal form
            }
        }
    }
    return 0;
}
