#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reonomy::mock {

// A UUID as its 16 bytes: 16 bytes a property id instead of a 36-char string matters at
// 1,000,000 ids a job.
using Uuid = std::array<std::uint8_t, 16>;

// Random (version 4), from OpenSSL's CSPRNG: job ids, as the real API's look.
Uuid uuid_v4();

// Name-based (version 5, SHA-1) in `ns`: deterministic ids for properties, users and groups.
Uuid uuid_v5(const Uuid& ns, std::string_view name);

// Lower-case canonical form 8-4-4-4-12.
std::string to_string(const Uuid& id);

// 32 lower-case hex digits without dashes (the form of `group_path`).
std::string to_hex(const Uuid& id);

// Canonical 8-4-4-4-12 form, hex digits in either case; nullopt for anything else.
std::optional<Uuid> parse_uuid(std::string_view text);

// The project's namespace for name-based ids (itself a v5 id of "reonomy-mock" in the URL
// namespace), so ids never collide with another tool's.
const Uuid& mock_namespace();

} // namespace reonomy::mock
