#include "data/known_properties.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "core/time_format.hpp"
#include "data/detail/table_reader.hpp"
#include "data/gazetteer.hpp"

namespace reonomy::mock {

namespace {
const nlohmann::json* member(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

template <class T> std::optional<T> whole(const nlohmann::json& p, const char* name) {
  const auto* v = member(p, name);
  if (!v)
    return std::nullopt;
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() > std::numeric_limits<T>::max()) {
    throw std::invalid_argument(std::string(name) + " must be a whole number in range");
  }
  return static_cast<T>(v->get<std::uint64_t>());
}

std::optional<std::string> text(const nlohmann::json& p, const char* name) {
  const auto* v = member(p, name);
  if (!v)
    return std::nullopt;
  if (!v->is_string())
    throw std::invalid_argument(std::string(name) + " must be a string");
  return v->get<std::string>();
}
} // namespace

void Gazetteer::load_known(const std::filesystem::path& file) {
  const auto doc = nlohmann::json::parse(detail::read_file(file));
  for (const auto& p : doc.at("properties")) {
    KnownProperty k;
    const std::string id_text = p.at("id").get<std::string>();
    try {
      const auto id = parse_uuid(id_text);
      if (!id)
        throw std::invalid_argument("id is not a UUID");
      k.id = *id;
      k.source = text(p, "source").value_or("");
      k.house_number = whole<std::uint32_t>(p, "house_nbr");
      if (const auto d = text(p, "direction_left")) {
        k.direction_left = find_direction(*d);
        if (!k.direction_left)
          throw std::invalid_argument("bad direction_left");
      }
      if (const auto d = text(p, "direction_right")) {
        k.direction_right = find_direction(*d);
        if (!k.direction_right)
          throw std::invalid_argument("bad direction_right");
      }
      if (const auto s = text(p, "street"))
        k.street = intern_street(detail::to_upper(*s));
      if (const auto m = text(p, "mode")) {
        k.mode = find_suffix(*m);
        if (!k.mode)
          throw std::invalid_argument("unknown mode " + *m);
      }
      if (const auto z = text(p, "zip5")) {
        k.zip = find_zip(*z);
        if (!k.zip)
          throw std::invalid_argument("zip5 " + *z + " is not in zipcodes.csv");
      }
      if (const auto* loc = member(p, "location")) {
        k.latitude = loc->at("lat").get<double>();
        k.longitude = loc->at("lon").get<double>();
      }
      if (const auto c = text(p, "asset_category")) {
        k.category = find_category(*c);
        if (!k.category)
          throw std::invalid_argument("unknown asset_category " + *c);
      }
      k.apn = text(p, "apn");
      k.building_area = whole<std::uint32_t>(p, "building_area");
      k.lot_size_sqft = whole<std::uint32_t>(p, "lot_size_sqft");
      k.year_built = whole<std::uint16_t>(p, "year_built");
      k.total_units = whole<std::uint16_t>(p, "total_units");
      if (const auto* times = member(p, "update_times")) {
        UpdateDays days{};
        for (std::size_t i = 0; i < kUpdateTimeCount; ++i) {
          const auto date =
              parse_date(times->at(std::string(kUpdateTimeNames[i])).get<std::string>());
          if (!date)
            throw std::invalid_argument("update_times need YYYY-MM-DD dates");
          days[i] =
              static_cast<std::int32_t>(std::chrono::sys_days{*date}.time_since_epoch().count());
        }
        k.update_days = days;
      }
    } catch (const std::exception& e) {
      throw std::runtime_error(file.string() + ": property " + id_text + ": " + e.what());
    }
    known_.push_back(std::move(k));
  }
  if (known_.size() >= kNotKnown)
    throw std::runtime_error(file.string() + ": too many properties");
}

} // namespace reonomy::mock
