#include "core/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <system_error>

namespace reonomy::mock {

// The kernel's CSPRNG (getrandom(2)) rather than OpenSSL's RAND_bytes: the same quality for a
// few bytes, and no DRBG to instantiate on the start-up path (1 to 3 ms, measured).
std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t done = 0; done < n;) {
    const ssize_t got = ::getrandom(out.data() + done, n - done, 0);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    done += static_cast<std::size_t>(got);
  }
  return out;
}

} // namespace reonomy::mock
