// What a signed-in form posted after its session had ended, kept for a short while so that the form comes
// back filled in once its writer signs in again. In memory (a restart forgets), bounded, each entry read
// once.
#pragma once

#include "app/ports.hpp"

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mend::app {

class form_stash {
public:
    struct entry {
        std::string path; // the page the form is on: it is filled in there, nowhere else
        std::vector<std::pair<std::string, std::string>> fields; // the text inputs, by name
    };

    static constexpr std::chrono::minutes lifetime{30};
    static constexpr std::size_t capacity = 2000; // entries; the oldest is forgotten first
    static constexpr std::size_t max_entry_bytes = std::size_t{64} * 1024; // of names and values

    // Keeps `e` under a new unguessable id, which is returned; nothing when it is too large to keep.
    std::optional<std::string> keep(entry e, domain::instant now);
    // Whether `id` names an entry still kept.
    bool has(std::string_view id, domain::instant now);
    // The entry `id` names if it is for `path` and still kept, taken out; else nothing, and it stays.
    std::optional<entry> take(std::string_view id, std::string_view path, domain::instant now);
    std::size_t size();

private:
    struct kept {
        std::string id;
        domain::instant at;
        entry what;
    };
    void forget_old(domain::instant now);                                     // mutex_ held
    std::list<kept>::iterator find(std::string_view id, domain::instant now); // mutex_ held

    std::mutex mutex_;     // handlers on any HTTP thread
    std::list<kept> kept_; // oldest first
};

} // namespace mend::app
