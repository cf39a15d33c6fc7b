#include "app/accounts/import.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/admin.hpp"
#include "app/places.hpp"
#include "domain/text.hpp"

namespace mend::app {

namespace {

// RFC 4180 CSV, read a character at a time into rows that know their line in the file.
class csv_reader {
public:
    // A problem when a quoted cell never ends, or when the file has too many rows.
    std::optional<problem> read(std::string_view csv) {
        for (std::size_t i = 0; i < csv.size(); ++i) {
            if (quoted_) {
                i += in_quotes(csv, i);
            } else {
                outside_quotes(csv[i]);
            }
            if (rows_.size() > max_import_rows + 1) {
                return invalid("file",
                               "The file must have at most " + std::to_string(max_import_rows) + " rows");
            }
        }
        if (quoted_) {
            return invalid("file", "The file has a quoted cell that never ends (line " +
                                       std::to_string(row_.line) + ")");
        }
        if (!cell_.empty() || !row_.cells.empty()) {
            end_row();
        }
        return std::nullopt;
    }

    std::vector<import_row> take_rows() { return std::move(rows_); }

private:
    // Inside quotes "" is a quote and " ends the quotes. Returns how many more characters it used.
    std::size_t in_quotes(std::string_view csv, std::size_t i) {
        const char c = csv[i];
        if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
            cell_ += '"';
            return 1;
        }
        if (c == '"') {
            quoted_ = false;
            return 0;
        }
        if (c == '\n') {
            ++line_;
        }
        cell_ += c;
        return 0;
    }

    void outside_quotes(char c) {
        if (c == '"' && cell_.find_first_not_of(" \t") == std::string::npos) {
            quoted_ = true;
            cell_was_quoted_ = true;
            cell_.clear();
        } else if (c == ',') {
            end_cell();
        } else if (c == '\n') {
            end_row();
            ++line_;
            row_.line = line_;
        } else if (c != '\r') {
            cell_ += c;
        }
    }

    void end_cell() {
        row_.cells.push_back(cell_was_quoted_ ? cell_ : std::string(domain::trim(cell_, " \t")));
        cell_.clear();
        cell_was_quoted_ = false;
    }

    void end_row() {
        end_cell();
        const bool blank = row_.cells.size() == 1 && row_.cells[0].empty();
        if (!blank) {
            rows_.push_back(std::move(row_));
        }
        row_ = {line_ + 1, {}};
    }

    std::vector<import_row> rows_;
    import_row row_{1, {}};
    std::string cell_;
    bool quoted_ = false;
    bool cell_was_quoted_ = false;
    std::size_t line_ = 1;
};

} // namespace

outcome<std::vector<import_row>> parse_csv(std::string_view csv) {
    if (csv.substr(0, 3) == "\xEF\xBB\xBF") {
        csv.remove_prefix(3); // the byte-order mark spreadsheets put first
    }
    csv_reader reader;
    if (auto p = reader.read(csv)) {
        return *p;
    }
    auto rows = reader.take_rows();
    if (rows.empty()) {
        return invalid("file", "The selected file is empty");
    }
    return rows;
}

outcome<std::vector<import_row>> parse_import(std::string_view csv) {
    auto parsed = parse_csv(csv);
    if (!parsed) {
        return parsed;
    }
    auto& rows = *parsed;
    const std::string first_line = domain::join_list(rows.front().cells);
    std::string_view header = first_line;
    import_row shape;
    shape.tenure = header.ends_with(import_tenure_column);
    if (shape.tenure) {
        header.remove_suffix(import_tenure_column.size());
    }
    shape.places = header.ends_with(import_place_columns);
    if (shape.places) {
        header.remove_suffix(import_place_columns.size());
    }
    if (header != import_header) {
        return invalid("file", "The first line of the file must be: " + std::string(import_header) +
                                   " (and optionally " + std::string(import_place_columns.substr(1)) +
                                   ", then " + std::string(import_tenure_column.substr(1)) + ")");
    }
    shape.columns = import_columns + (shape.places ? 2 : 0) + (shape.tenure ? 1 : 0);
    rows.erase(rows.begin());
    for (auto& row : rows) {
        row.columns = shape.columns;
        row.places = shape.places;
        row.tenure = shape.tenure;
    }
    return rows;
}

std::optional<problem> import_home(unit_of_work& uow, const import_row& row) {
    if (row.cells.size() != row.columns) {
        return invalid("row", "The row must have " + std::to_string(row.columns) + " cells, not " +
                                  std::to_string(row.cells.size()));
    }
    const auto& c = row.cells;
    // Checks the home before adding the tenant, so that nothing is written for a row that is refused.
    if (!domain::is_uprn(c[0])) {
        return invalid("uprn", "The UPRN must be up to 12 digits");
    }
    if (c[1].empty()) {
        return invalid("address", "Enter the address");
    }
    if (c[2].empty()) {
        return invalid("postcode", "Enter the postcode");
    }
    if (uow.accounts().property_by_uprn(c[0])) {
        return problem{errc::conflict, "A home with UPRN " + c[0] + " already exists", "uprn", {}};
    }
    const auto places =
        row.places ? places_for_home_by_name(uow.places(), c[6], c[7]) : outcome<home_places>(home_places{});
    if (!places) {
        return places.error();
    }
    const std::string tenure = row.tenure ? c.back() : std::string();
    if (!tenure.empty() && !domain::parse<domain::home_tenure>(tenure)) {
        return invalid("tenure",
                       "The tenure must be tenant, leaseholder or shared_owner, not \"" + tenure + "\"");
    }
    if (!tenure.empty() && c[3].empty()) {
        return invalid("tenure", "Enter the tenant's name for a tenure, or leave the tenure empty");
    }
    std::optional<id_t> tenant;
    if (!c[3].empty()) {
        new_user u{"tenant", c[3], std::nullopt, std::nullopt, std::nullopt};
        if (!c[4].empty()) {
            u.email = c[4];
        }
        if (!c[5].empty()) {
            u.phone = c[5];
        }
        auto added = add_user(uow, u);
        if (!added) {
            return added.error();
        }
        tenant = added->user.id;
    } else if (!c[4].empty() || !c[5].empty()) {
        return invalid("tenant_name", "Enter the tenant's name, or leave their email and phone empty");
    }
    auto home =
        add_property(uow, {c[0], c[1], c[2], tenant, {}, places->block_id, places->estate_id, tenure});
    if (!home) {
        return home.error();
    }
    return std::nullopt;
}

std::vector<row_error> import_homes(unit_of_work& uow, const std::vector<import_row>& rows) {
    std::vector<row_error> refused;
    for (const auto& row : rows) {
        if (auto p = import_home(uow, row)) {
            refused.push_back({row.line, p->message});
        }
    }
    return refused;
}

} // namespace mend::app
