// The officer's work queue filters: from the page's query string to the work queue's query, and back into the
// links to the other pages.
#pragma once

#include "app/jobs.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace mend::pages {

// A query parameter's value, decoded; empty when absent.
using query_lookup = std::function<std::string(std::string_view)>;

constexpr int queue_page_size = 50;

// Status, priority, type of repair, contractor, overdue, the search ("q"), the page and where it starts
// ("after" or "before" a job's id). The checkbox sends overdue=true; any other value given is passed on, for
// the use case to refuse with its field named.
app::queue_query queue_query(const query_lookup& value_of);

// "/queue?page=N&after=ID&status=...&overdue=true": another page with the same filters, values
// percent-encoded; `cursor` ("after=ID" or "before=ID", or empty) says where it starts.
std::string queue_link(const query_lookup& value_of, std::int64_t page, std::string_view cursor = {});

// "/queue.csv?status=...": the whole queue as filtered, as CSV (pages/queue_export.cpp).
std::string queue_csv_link(const query_lookup& value_of);

} // namespace mend::pages
