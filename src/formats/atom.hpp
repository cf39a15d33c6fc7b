// Atom 1.0 feeds (RFC 4287): the known-problems feed of a block or an estate.
#pragma once

#include "domain/time.hpp"

#include <string>
#include <vector>

namespace mend::formats {

struct atom_entry {
    std::string id; // an IRI that never changes for the entry
    std::string title;
    domain::instant updated{};
    std::string content; // plain text
    std::string link{};  // the entry's page; empty: none
};

struct atom_feed {
    std::string id;
    std::string title;
    std::string author;
    std::string self;      // the feed's own address
    std::string alternate; // the page it belongs to (HTML)
    domain::instant updated{};
    std::vector<atom_entry> entries;
};

// The document, in UTF-8; every text escaped for XML.
std::string write_atom(const atom_feed& feed);

} // namespace mend::formats
