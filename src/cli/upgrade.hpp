// What serve and migrate do before a new binary applies its migrations to an older database.
#pragma once

#include "cli/config.hpp"

namespace mend::cli {

// Unless [storage] backup_before_migrate is false: when DATA/mend.db has a schema and this mend has
// migrations it lacks, a backup of it in DATA/backups/ first, logged with its path.
void backup_before_migrating(const config& cfg);

} // namespace mend::cli
