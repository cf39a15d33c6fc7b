// Replays fuzz inputs through a target's LLVMFuzzerTestOneInput without libFuzzer, so that the seeds and
// every regression input run as ctest tests in the ordinary trees (release, asan). Arguments are files or
// directories (read recursively, in name order). Exits 1 when an input throws out of the target, or when
// there is no input.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(int argc, char** argv) {
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg = argv[i];
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
                if (entry.is_regular_file() && entry.path().filename().string().front() != '.') {
                    files.push_back(entry.path());
                }
            }
        } else {
            files.push_back(arg);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// False, with the reason printed, when the input throws out of the target (a crash under libFuzzer).
bool replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    try {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        return true;
    } catch (const std::exception& e) {
        std::cerr << file.string() << ": uncaught exception: " << e.what() << '\n';
    } catch (...) {
        std::cerr << file.string() << ": uncaught exception\n";
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    const auto files = inputs_of(argc, argv);
    if (files.empty()) {
        std::cerr << "no fuzz inputs given\n";
        return 1;
    }
    std::size_t failed = 0;
    for (const auto& file : files) {
        failed += replay(file) ? 0 : 1;
    }
    std::cout << "replayed " << files.size() << " input(s), " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
