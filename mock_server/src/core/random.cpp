#include "core/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace reonomy::mock {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

} // namespace reonomy::mock
