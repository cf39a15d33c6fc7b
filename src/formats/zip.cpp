#include "formats/zip.hpp"

#include <memory>
#include <stdexcept>
#include <zip.h>

namespace mend::formats {

namespace {

struct source_release {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using source_ptr = std::unique_ptr<zip_source_t, source_release>;

[[noreturn]] void fail(const std::string& what, zip_error_t* error) {
    const std::string message = what + ": " + zip_error_strerror(error);
    zip_error_fini(error);
    throw std::runtime_error(message);
}

// Everything the in-memory source holds once the archive is closed.
std::string read_all(zip_source_t* src) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_open(src) < 0) {
        fail("cannot read the archive", zip_source_error(src));
    }
    std::string out;
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0) {
        out.resize(st.size);
        const auto n = zip_source_read(src, out.data(), st.size);
        out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
    }
    zip_source_close(src);
    return out;
}

} // namespace

std::string make_zip(const std::vector<zip_entry>& entries) {
    zip_error_t error;
    zip_error_init(&error);
    source_ptr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer) {
        fail("cannot make an archive", &error);
    }
    zip_source_keep(buffer.get()); // the archive takes one reference, the read after closing it another
    zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    if (archive == nullptr) {
        fail("cannot open an archive", &error);
    }
    for (const auto& e : entries) {
        zip_source_t* data = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
        if (data == nullptr || zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8) < 0) {
            if (data != nullptr) {
                zip_source_free(data);
            }
            const std::string message = "cannot add " + e.name + ": " + zip_strerror(archive);
            zip_discard(archive);
            throw std::runtime_error(message);
        }
    }
    if (zip_close(archive) < 0) {
        const std::string message = std::string("cannot write the archive: ") + zip_strerror(archive);
        zip_discard(archive);
        throw std::runtime_error(message);
    }
    zip_error_fini(&error);
    return read_all(buffer.get());
}

} // namespace mend::formats
