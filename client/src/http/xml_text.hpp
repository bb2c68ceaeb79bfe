#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace reonomy::client::detail {

// The text of the first <name>...</name> element of a small XML document such as an S3 error
// (<Error><Code>NoSuchKey</Code><Message>...</Message>...), with the five predefined entities
// and numeric character references decoded. nullopt when there is no such element. Not a
// general XML parser: S3 error bodies have no attributes, namespaces or CDATA on these elements.
std::optional<std::string> xml_element_text(std::string_view xml, std::string_view name);

} // namespace reonomy::client::detail
