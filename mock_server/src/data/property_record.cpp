#include "data/property_record.hpp"

#include "data/detail/record_parts.hpp"

namespace reonomy::mock {

void write_record(std::string& out, const Corpus& corpus, const Uuid& id,
                  std::span<const DetailType> types, bool filter_pii) {
  const PropertyEntry entry = corpus.entry_for(id);
  const Gazetteer& g = corpus.gazetteer();
  const ZipCode& zip = g.zips()[entry.zip];
  const KnownProperty* known = corpus.known(entry);
  const std::uint64_t seed = corpus.seed_of(entry);
  const detail::RecordContext c{g,
                                entry,
                                known,
                                seed,
                                filter_pii,
                                detail::make_timeline(seed, entry, known),
                                zip,
                                g.categories()[entry.category],
                                g.urbanity_classes()[zip.urbanity]};

  bool wanted[kDetailTypeCount] = {};
  for (const auto t : types)
    wanted[static_cast<std::size_t>(t)] = true;
  const auto has = [&](DetailType t) { return wanted[static_cast<std::size_t>(t)]; };

  detail::JsonOut json(out);
  json.begin_object();
  // ours: property_id on every line, so a line names its property whatever was requested.
  json.key("property_id").uuid(id);
  if (has(DetailType::basic))
    detail::write_basic_fields(json, c);
  if (has(DetailType::mortgages))
    detail::write_mortgages(json, c);
  if (has(DetailType::ownership))
    detail::write_ownership(json, c);
  if (has(DetailType::reported_owner))
    detail::write_reported_owner(json, c);
  if (has(DetailType::sales))
    detail::write_sales(json, c);
  if (has(DetailType::taxes))
    detail::write_taxes(json, c);
  if (has(DetailType::tenants))
    detail::write_tenants(json, c);
  json.end_object();
}

} // namespace reonomy::mock
