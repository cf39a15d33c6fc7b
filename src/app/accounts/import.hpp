// Importing homes and their tenants from CSV, row by row, with a report of the rows that were refused.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

// The header the file must start with, in this order; the block and estate columns (by name: each must be
// added first) may follow it, and then the tenure column (tenant, leaseholder or shared_owner; empty:
// tenant).
constexpr std::string_view import_header = "uprn,address,postcode,tenant_name,tenant_email,tenant_phone";
constexpr std::string_view import_place_columns = ",block,estate";
constexpr std::string_view import_tenure_column = ",tenure";
constexpr std::size_t import_columns = 6;
constexpr std::size_t max_import_rows = 20000;

struct import_row {
    std::size_t line = 0; // 1-based line of the file, for the report
    std::vector<std::string> cells;
    std::size_t columns = import_columns; // the header's, which every row must have
    bool places = false;                  // the header has the block and estate columns
    bool tenure = false;                  // the header ends with the tenure column
};

struct row_error {
    std::size_t line = 0;
    std::string message;
};

// RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks), every row including the first, after a
// byte-order mark. A problem for the whole file (field "file"): a quoted cell that never ends, no rows, or
// more than max_import_rows.
outcome<std::vector<import_row>> parse_csv(std::string_view csv);

// The homes file: parse_csv, and a problem when the header is not import_header (with or without
// import_place_columns, and then with or without import_tenure_column). The rows after the header, each
// knowing how many columns the header has.
outcome<std::vector<import_row>> parse_import(std::string_view csv);

// Adds one home and, when named, its tenant. Checks everything before writing, so a refused row writes
// nothing. Returns the problem for the report.
std::optional<problem> import_home(unit_of_work& uow, const import_row& row);

// Imports each row with import_home in one unit of work: a refused row writes nothing, and the others of the
// unit still land. Returns the refused rows.
std::vector<row_error> import_homes(unit_of_work& uow, const std::vector<import_row>& rows);

} // namespace mend::app
