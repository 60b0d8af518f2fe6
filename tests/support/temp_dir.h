#pragma once
// A fresh folder under the system temp dir, removed with everything in it when the test ends.

#include <filesystem>
#include <string>
#include <vector>

namespace afterglow::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  // Writes `text` to `name` (parents created) and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

// Files below `root`, relative, sorted: to assert that nothing (or exactly something) was written.
std::vector<std::string> list_files(const std::filesystem::path& root);

}  // namespace afterglow::test
