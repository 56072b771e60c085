// run_in_input_sandbox: fork, run the reads in the child, send the outcome back through a pipe
// (one kind byte, then the text), and judge the child's end: a normal exit carries the outcome, a
// signal (or the CPU/wall limit) means the HDF5 library crashed or looped on the file.
#include "io/input_sandbox.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define NEXUS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NEXUS_ASAN 1
#endif
#endif

// Sanitizer runtimes (and libFuzzer through them) report through a death callback that would
// write fuzzer artifacts from the child; the child clears it. Null when not linked.
extern "C" void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

namespace nexus::io {
namespace {

constexpr std::uint64_t kChildMemoryHeadroom = 4ull << 30;  // on top of the inherited mappings

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w, n -= static_cast<std::size_t>(w);
  }
}

void limit_child(double cpu_seconds) {
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU, SIGTERM, SIGINT, SIGUSR1,
                  SIGUSR2, SIGPIPE})
    std::signal(sig, SIG_DFL);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_UNBLOCK, &all, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  const auto cpu = static_cast<rlim_t>(cpu_seconds + 0.999);
  rlimit r{cpu, cpu + 2};
  setrlimit(RLIMIT_CPU, &r);
  rlimit no_core{0, 0};  // a crash here is expected and reported: no core file
  setrlimit(RLIMIT_CORE, &no_core);
#ifndef NEXUS_ASAN  // ASan reserves terabytes of shadow address space: no address-space limit
  unsigned long pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%lu", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  if (pages > 0) {
    const auto bytes = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
    rlimit m{bytes + kChildMemoryHeadroom, bytes + kChildMemoryHeadroom};
    setrlimit(RLIMIT_AS, &m);
  }
#endif
}

[[noreturn]] void run_child(int fd, double cpu_seconds, const std::string& path,
                            const std::function<std::string()>& work) {
  limit_child(cpu_seconds);
  char kind = 'O';
  std::string text;
  try {
    text = work();
  } catch (const InputError& e) {
    kind = 'I', text = e.what();
  } catch (const UsageError& e) {
    kind = 'U', text = e.what();
  } catch (const std::bad_alloc&) {  // the address-space limit: a sane file needs far less
    kind = 'I',
    text = path + ": corrupt HDF5 file: reading its metadata needed more than 4 GiB of memory";
  } catch (const std::exception& e) {
    kind = 'S', text = e.what();
  } catch (...) {
    kind = 'S', text = "unknown exception";
  }
  write_all(fd, &kind, 1);
  write_all(fd, text.data(), text.size());
  ::close(fd);
  _exit(0);  // no atexit handlers, no stdio flush, no MPI: the parent owns all of that
}

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGABRT:
      return "SIGABRT";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGKILL:
      return "SIGKILL";
    default:
      return "signal " + std::to_string(sig);
  }
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", s);
  return buf;
}

}  // namespace

bool input_sandbox_enabled() {
  const char* v = std::getenv("NEXUS_INPUT_SANDBOX");
  if (!v) return true;
  const std::string s = v;
  return !(s == "0" || s == "off" || s == "no" || s == "false");
}

double input_sandbox_cpu_limit(const std::string& path) {
  if (const char* v = std::getenv("NEXUS_INPUT_SANDBOX_SECONDS")) {
    const double s = std::atof(v);
    if (s > 0) return s;
  }
  struct stat st {};
  const double bytes = ::stat(path.c_str(), &st) == 0 ? static_cast<double>(st.st_size) : 0;
  return std::min(120.0, 10.0 + bytes / (128.0 * 1024 * 1024));
}

std::string run_in_input_sandbox(const std::string& path,
                                 const std::function<std::string()>& work) {
  if (!input_sandbox_enabled()) return work();
  const double cpu = input_sandbox_cpu_limit(path);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw SystemError(path + ": pipe: " + std::strerror(errno));
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(fds[0]), ::close(fds[1]);
    std::fprintf(stderr,
                 "nexus: warning: %s: fork() failed (%s): reading it without the input "
                 "sandbox\n",
                 path.c_str(), std::strerror(e));
    return work();
  }
  if (pid == 0) {
    ::close(fds[0]);
    run_child(fds[1], cpu, path, work);
  }
  ::close(fds[1]);
  using Clock = std::chrono::steady_clock;
  const double wall = 3 * cpu + 10;
  const auto deadline = Clock::now() + std::chrono::duration<double>(wall);
  std::string got;
  bool timed_out = false;
  char buf[65536];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (rc < 0 && errno != EINTR) break;
    if (rc <= 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child ended (or closed the pipe)
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string corrupt = path + ": corrupt HDF5 file: the HDF5 library ";
  if (timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU))
    throw InputError(corrupt + "did not finish reading its metadata within " +
                     (timed_out ? seconds(wall) + " s" : seconds(cpu) + " s of CPU time") +
                     " (NEXUS_INPUT_SANDBOX_SECONDS raises the limit)");
  if (WIFSIGNALED(status))
    throw InputError(corrupt + "crashed (" + signal_name(WTERMSIG(status)) +
                     ") while reading its metadata");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got.empty())
    throw InputError(corrupt + "failed (exit code " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                     ") while reading its metadata");
  const std::string text = got.substr(1);
  switch (got[0]) {
    case 'O':
      return text;
    case 'I':
      throw InputError(text);
    case 'U':
      throw UsageError(text);
    default:
      throw SystemError(text);
  }
}

void check_in_input_sandbox(const std::string& path, const engine::Comm& comm,
                            const std::function<void()>& check) {
  std::exception_ptr err;
  if (comm.rank() == 0) {
    try {
      run_in_input_sandbox(path, [&] {
        check();
        return std::string();
      });
    } catch (...) {
      err = std::current_exception();
    }
  }
  h5::agree(comm, err, path + ": rank 0 found it unreadable");
}

}  // namespace nexus::io
