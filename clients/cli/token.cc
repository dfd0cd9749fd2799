#include "clients/cli/token.h"

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/flags.h"

namespace jiamei::cli {
namespace {

// Turns the terminal's echo off while it lives, if standard input is a
// terminal.
class EchoOff {
 public:
  EchoOff()
      : terminal_(isatty(STDIN_FILENO) == 1 &&
                  tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!terminal_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  ~EchoOff() {
    if (!terminal_) return;
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    std::cerr << "\n";  // the Enter the person typed was not echoed
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

  bool terminal() const { return terminal_; }

 private:
  termios saved_{};
  const bool terminal_;
};

// The token in `path`, or "" if there is none.
std::string ReadTokenFile(const std::string& path) {
  std::ifstream file(path);
  std::string token;
  std::getline(file, token);
  return std::string(absl::StripAsciiWhitespace(token));
}

// Makes the folder of `path` (and the ones above it) if missing, the new
// folder readable by its owner only. Returns why it could not, or "".
std::string MakeFolderOf(const std::string& path) {
  const std::filesystem::path folder =
      std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!folder.empty() && std::filesystem::create_directories(folder, error)) {
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                                 error);
  }
  return error ? absl::StrCat(folder.string(), ": ", error.message()) : "";
}

}  // namespace

std::string TokenFile() {
  const char* file = std::getenv("JIAMEI_TOKEN_FILE");
  if (file != nullptr && *file != '\0') return file;
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return absl::StrCat(home, "/.config/jiamei/token");
}

std::string Token() {
  const std::string token = absl::GetFlag(FLAGS_token);
  if (!token.empty()) return token;
  const char* env = std::getenv("JIAMEI_TOKEN");
  if (env != nullptr && *env != '\0') return env;
  return ReadTokenFile(TokenFile());
}

std::string SaveToken(const std::string& path, const std::string& token) {
  if (path.empty()) return "neither $JIAMEI_TOKEN_FILE nor $HOME is set";
  if (std::string why = MakeFolderOf(path); !why.empty()) return why;
  std::string temp = path + ".XXXXXX";
  const int fd = mkstemp(temp.data());  // mode 0600
  if (fd < 0) return absl::StrCat(temp, ": ", std::strerror(errno));
  const std::string line = token + "\n";
  bool done = fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
              write(fd, line.data(), line.size()) ==
                  static_cast<ssize_t>(line.size()) &&
              fsync(fd) == 0;
  done = close(fd) == 0 && done;
  if (done && std::rename(temp.c_str(), path.c_str()) == 0) return "";
  const std::string why = std::strerror(errno);
  unlink(temp.c_str());
  return absl::StrCat(path, ": ", why);
}

void ForgetToken(const std::string& token) {
  const std::string path = TokenFile();
  if (token.empty() || ReadTokenFile(path) != token) return;
  if (std::remove(path.c_str()) == 0) {
    std::cerr << "removed the token file " << path << "\n";
  } else {
    std::cerr << "warning: cannot remove " << path << ": "
              << std::strerror(errno) << "\n";
  }
}

std::optional<std::string> ReadPassword(absl::string_view prompt) {
  std::string line;
  {
    EchoOff echo_off;
    if (echo_off.terminal()) std::cerr << prompt << std::flush;
    if (!std::getline(std::cin, line)) return std::nullopt;
  }
  if (absl::EndsWith(line, "\r")) line.pop_back();
  return line;
}

}  // namespace jiamei::cli
