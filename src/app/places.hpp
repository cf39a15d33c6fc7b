// Blocks and estates, the places homes belong to: adding them, finding the place a home goes in, and listing
// the homes of one. The store is a unit of work's places(); the reads never wait for the writer.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

enum class place_kind { block, estate };

std::string_view to_string(place_kind kind);
std::optional<place_kind> parse_place_kind(std::string_view text);

struct place_record {
    id_t id = 0;
    place_kind kind = place_kind::block;
    std::string name;
    std::string address;
    std::optional<std::string> uprn{};
    std::optional<id_t> estate_id{}; // a block's estate; none for an estate
};

// The unit of work's part: reads see the unit's own writes.
class place_store {
public:
    virtual ~place_store() = default;
    virtual std::optional<place_record> place_by_id(id_t id) = 0;
    virtual std::optional<place_record> place_by_name(place_kind kind, std::string_view name) = 0;
    virtual std::optional<place_record> place_by_uprn(std::string_view uprn) = 0;
    // Gives the place its id.
    virtual place_record insert_place(place_record place) = 0;
    // A home with its block and estate.
    virtual std::optional<property_record> home_by_id(id_t property_id) = 0;
    // Whether the user holds a home in the place.
    virtual bool lives_in(id_t user_id, id_t place_id) = 0;
    // Whether a home in the place is held by a leaseholder or a shared owner (app/leasehold.hpp).
    virtual bool has_leaseholders(id_t place_id) = 0;
    // The place's "communal areas" home (app/communal.hpp), if made yet.
    virtual std::optional<property_record> communal_home(id_t place_id) = 0;
    // Makes it, with the postcode of the place's first home (in UPRN order; empty when it has none).
    virtual property_record insert_communal_home(id_t place_id, const std::string& uprn,
                                                 const std::string& address) = 0;
};

// Reads for the API and pages; safe to call from any thread.
class place_reads {
public:
    virtual ~place_reads() = default;
    // In name order.
    virtual std::vector<place_record> places(place_kind kind) = 0;
    virtual std::optional<place_record> place_by_id(id_t id) = 0;
    // The homes whose block (or estate) the place is, in UPRN order.
    virtual std::vector<property_record> homes_in(const place_record& place) = 0;
    // The blocks and estates with a home at the postcode (spaces and case ignored), blocks first, by name.
    virtual std::vector<place_record> places_at_postcode(std::string_view postcode) = 0;
    // The communal jobs of the places that are open, or were fixed (completed, resolved, closed) at or after
    // `fixed_since`; the latest update first.
    virtual std::vector<domain::job> communal_jobs(const std::vector<id_t>& place_ids,
                                                   domain::instant fixed_since) = 0;
};

// The place `id` names, when it is of `kind`; else a problem naming the field of that kind ("block",
// "estate").
outcome<place_record> place_of_kind(place_store& places, place_kind kind, id_t id);

struct new_place {
    std::string kind; // "block" or "estate"
    std::string name;
    std::string address;
    std::string uprn{};              // empty: none
    std::optional<id_t> estate_id{}; // a block's estate
};

constexpr std::size_t max_place_name = 200; // bytes

// Refuses a blank name or address, a name its kind has already, a UPRN that is not up to 12 digits or that
// another place has, and an estate for anything but a block (or an estate id that names no estate).
outcome<place_record> add_place(unit_of_work& uow, const new_place& input);
// The same for a signed-in caller: admins only (forbidden otherwise), as for homes.
outcome<place_record> add_place_as(unit_of_work& uow, const domain::actor& who, const new_place& input);

// Where a home goes: its block and estate ids, checked. A block's estate is the home's estate unless another
// one is named, which is refused (field "estate"); an id that names no place of that kind is refused naming
// the field ("block", "estate").
struct home_places {
    std::optional<id_t> block_id;
    std::optional<id_t> estate_id;
};
outcome<home_places> places_for_home(place_store& places, std::optional<id_t> block_id,
                                     std::optional<id_t> estate_id);
// The same by the places' names, as the homes CSV names them (empty: none).
outcome<home_places> places_for_home_by_name(place_store& places, const std::string& block,
                                             const std::string& estate);

struct place_homes {
    place_record place;
    std::vector<property_record> homes;
};

// Staff only (forbidden otherwise); not_found when `id` is not a place of that kind.
outcome<place_homes> homes_of_place(place_reads& reads, const domain::actor& who, place_kind kind, id_t id);
outcome<std::vector<place_record>> list_places(place_reads& reads, const domain::actor& who, place_kind kind);

} // namespace mend::app
