#include "app/places.hpp"

#include "domain/text.hpp"
#include "domain/workflow.hpp"

namespace mend::app {

namespace {

std::string named(place_kind kind) {
    return std::string(to_string(kind));
}

outcome<std::optional<id_t>> estate_of_new_place(place_store& places, place_kind kind,
                                                 std::optional<id_t> estate_id) {
    if (!estate_id) {
        return std::optional<id_t>{};
    }
    if (kind != place_kind::block) {
        return invalid("estate", "only a block lies on an estate");
    }
    auto estate = place_of_kind(places, place_kind::estate, *estate_id);
    if (!estate) {
        return estate.error();
    }
    return std::optional<id_t>{estate->id};
}

} // namespace

outcome<place_record> place_of_kind(place_store& places, place_kind kind, id_t id) {
    auto found = places.place_by_id(id);
    if (!found || found->kind != kind) {
        return invalid(named(kind), "no " + named(kind) + " has id " + std::to_string(id));
    }
    return *found;
}

std::string_view to_string(place_kind kind) {
    return kind == place_kind::block ? "block" : "estate";
}

std::optional<place_kind> parse_place_kind(std::string_view text) {
    if (text == "block") {
        return place_kind::block;
    }
    if (text == "estate") {
        return place_kind::estate;
    }
    return std::nullopt;
}

outcome<place_record> add_place(unit_of_work& uow, const new_place& input) {
    const auto kind = parse_place_kind(input.kind);
    if (!kind) {
        return invalid("kind", "kind must be block or estate");
    }
    const std::string name(domain::trim(input.name));
    if (name.empty() || name.size() > max_place_name) {
        return invalid("name", "name is required, at most " + std::to_string(max_place_name) + " characters");
    }
    if (domain::is_blank(input.address)) {
        return invalid("address", "address is required");
    }
    std::optional<std::string> uprn;
    if (!domain::is_blank(input.uprn)) {
        if (!domain::is_uprn(input.uprn)) {
            return invalid("uprn", "uprn must be the " + named(*kind) + "'s UPRN: up to 12 digits");
        }
        if (uow.places().place_by_uprn(input.uprn)) {
            return problem{
                errc::conflict, "a block or estate with UPRN " + input.uprn + " already exists", "uprn", {}};
        }
        uprn = input.uprn;
    }
    if (uow.places().place_by_name(*kind, name)) {
        return problem{
            errc::conflict, "a " + named(*kind) + " named " + name + " already exists", "name", {}};
    }
    auto estate = estate_of_new_place(uow.places(), *kind, input.estate_id);
    if (!estate) {
        return estate.error();
    }
    return uow.places().insert_place(
        {0, *kind, name, std::string(domain::trim(input.address)), uprn, *estate});
}

outcome<place_record> add_place_as(unit_of_work& uow, const domain::actor& who, const new_place& input) {
    if (who.role != domain::role::admin) {
        return problem{errc::forbidden, "only admins may add blocks and estates", {}, {}};
    }
    return add_place(uow, input);
}

outcome<home_places> places_for_home(place_store& places, std::optional<id_t> block_id,
                                     std::optional<id_t> estate_id) {
    home_places out{std::nullopt, estate_id};
    if (estate_id) {
        auto estate = place_of_kind(places, place_kind::estate, *estate_id);
        if (!estate) {
            return estate.error();
        }
    }
    if (block_id) {
        auto block = place_of_kind(places, place_kind::block, *block_id);
        if (!block) {
            return block.error();
        }
        if (block->estate_id && estate_id && *block->estate_id != *estate_id) {
            return invalid("estate", "block " + block->name + " lies on another estate");
        }
        out.block_id = block->id;
        if (!out.estate_id) {
            out.estate_id = block->estate_id;
        }
    }
    return out;
}

outcome<home_places> places_for_home_by_name(place_store& places, const std::string& block,
                                             const std::string& estate) {
    std::optional<id_t> block_id;
    std::optional<id_t> estate_id;
    if (!domain::is_blank(block)) {
        const auto found = places.place_by_name(place_kind::block, domain::trim(block));
        if (!found) {
            return invalid("block", "no block is named " + block);
        }
        block_id = found->id;
    }
    if (!domain::is_blank(estate)) {
        const auto found = places.place_by_name(place_kind::estate, domain::trim(estate));
        if (!found) {
            return invalid("estate", "no estate is named " + estate);
        }
        estate_id = found->id;
    }
    return places_for_home(places, block_id, estate_id);
}

outcome<std::vector<place_record>> list_places(place_reads& reads, const domain::actor& who,
                                               place_kind kind) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only staff may list blocks and estates", {}, {}};
    }
    return reads.places(kind);
}

outcome<place_homes> homes_of_place(place_reads& reads, const domain::actor& who, place_kind kind, id_t id) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only staff may list the homes of a block or estate", {}, {}};
    }
    auto place = reads.place_by_id(id);
    if (!place || place->kind != kind) {
        return problem{errc::not_found, "no " + named(kind) + " has id " + std::to_string(id), {}, {}};
    }
    auto homes = reads.homes_in(*place);
    return place_homes{std::move(*place), std::move(homes)};
}

} // namespace mend::app
