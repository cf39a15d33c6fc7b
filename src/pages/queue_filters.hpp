// The officer's work queue filters: from the page's query string to the list use case's query, and back into
// the link to the next page.
#pragma once

#include "app/jobs.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace mend::pages {

// A query parameter's value, decoded; empty when absent.
using query_lookup = std::function<std::string(std::string_view)>;

constexpr int queue_page_size = 50;

// Status, priority, type of repair, contractor, overdue and the cursor. The checkbox sends overdue=true; any
// other value given is passed on, for the use case to refuse with its field named.
app::list_query queue_query(const query_lookup& value_of);

// "/queue?cursor=C&status=...&overdue=true": the next page with the same filters, values percent-encoded.
std::string queue_link(const query_lookup& value_of, const std::string& cursor);

} // namespace mend::pages
