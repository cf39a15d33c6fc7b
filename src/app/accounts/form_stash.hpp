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
    struct file {
        std::string name;     // the form input's
        std::string filename; // as the browser sent it
        std::string bytes;
    };
    struct entry {
        std::string path; // the page the form is on: it is filled in there, nowhere else
        std::vector<std::pair<std::string, std::string>> fields; // the text inputs, by name
        std::vector<file> files{};   // only with an owner: the files of a post whose session had lapsed
        std::optional<id_t> owner{}; // whose lapsed session posted it: only they get it back
    };

    static constexpr std::chrono::minutes lifetime{30};
    static constexpr std::size_t capacity = 2000; // entries; the oldest is forgotten first
    static constexpr std::size_t max_entry_bytes = std::size_t{64} * 1024; // of names and values
    // Of every entry's files together; the oldest entries are forgotten first to make room.
    static constexpr std::size_t max_file_bytes = std::size_t{128} * 1024 * 1024;

    // Keeps `e` under a new unguessable id, which is returned; nothing when it is too large to keep.
    std::optional<std::string> keep(entry e, domain::instant now);
    // Whether `id` names an entry still kept.
    bool has(std::string_view id, domain::instant now);
    // The entry `id` names if it is for `path`, for `user` (when it has an owner) and still kept, taken out;
    // else nothing, and it stays.
    std::optional<entry> take(std::string_view id, std::string_view path, id_t user, domain::instant now);
    std::size_t size();

private:
    struct kept {
        std::string id;
        domain::instant at;
        entry what;
        std::size_t file_bytes = 0;
    };
    void forget_old(domain::instant now);                                     // mutex_ held
    void forget_front();                                                      // mutex_ held
    std::list<kept>::iterator find(std::string_view id, domain::instant now); // mutex_ held

    std::mutex mutex_;           // handlers on any HTTP thread
    std::list<kept> kept_;       // oldest first
    std::size_t file_bytes_ = 0; // of kept_'s files
};

} // namespace mend::app
