#include "data/search_match.hpp"

#include <stdexcept>

#include "data/detail/json_out.hpp"
#include "data/detail/table_reader.hpp"
#include "data/detail/timeline.hpp"

namespace reonomy::mock {

namespace {
bool any_equal(const std::vector<std::string>& values, std::string_view text) {
  for (const auto& v : values) {
    if (detail::iequals(v, text))
      return true;
  }
  return false;
}

bool within(const std::optional<RangeFilter>& range, double value) {
  if (!range)
    return true;
  return (!range->min || value >= *range->min) && (!range->max || value <= *range->max);
}
} // namespace

SearchFilter::SearchFilter(const Corpus& corpus, const SearchSpec& spec) : corpus_(&corpus) {
  const Gazetteer& g = corpus.gazetteer();
  const std::vector<std::string>* cities = nullptr;
  const std::vector<std::string>* states = nullptr;
  const std::vector<std::string>* zips = nullptr;
  for (const auto& [name, values] : spec.list_filters) {
    if (name == "city") {
      cities = &values;
    } else if (name == "state") {
      states = &values;
    } else if (name == "zip_codes") {
      zips = &values;
    } else if (name == "asset_category") {
      category_mask_ = 0;
      for (std::size_t i = 0; i < g.categories().size() && i < 64; ++i) {
        if (any_equal(values, g.categories()[i].name))
          category_mask_ |= 1ULL << i;
      }
    } else {
      throw std::invalid_argument("unknown list filter " + name);
    }
  }
  if (cities || states || zips) {
    zip_ok_.resize(g.zips().size());
    for (std::size_t i = 0; i < g.zips().size(); ++i) {
      const ZipCode& z = g.zips()[i];
      zip_ok_[i] = (!cities || any_equal(*cities, g.city_of(z))) &&
                   (!states || any_equal(*states, g.state_of(z))) &&
                   (!zips || any_equal(*zips, z.zip5()));
    }
  }
  for (const auto& [name, range] : spec.range_filters) {
    if (name == "building_area")
      building_area_ = range;
    else if (name == "year_built")
      year_built_ = range;
    else if (name == "lot_size_sqft")
      lot_size_sqft_ = range;
    else if (name == "total_units")
      total_units_ = range;
    else if (name == "sales_price")
      sales_price_ = range;
    else
      throw std::invalid_argument("unknown range filter " + name);
  }
  for (const auto& [name, range] : spec.date_filters) {
    if (name == "mortgage_origination_date")
      mortgage_origination_ = range;
    else
      throw std::invalid_argument("unknown date filter " + name);
  }
}

bool SearchFilter::matches(const PropertyEntry& e) const {
  if (e.kind != PropertyKind::commercial)
    return false;
  if (!zip_ok_.empty() && !zip_ok_[e.zip])
    return false;
  if (e.category >= 64 || !(category_mask_ >> e.category & 1))
    return false;
  if (year_built_ && e.year_built == 0)
    return false;
  if (sales_price_ && !e.has_sale())
    return false;
  if (!(within(building_area_, e.building_area) && within(year_built_, e.year_built) &&
        within(lot_size_sqft_, e.lot_size_sqft) && within(total_units_, e.total_units) &&
        within(sales_price_, e.last_sale_amount)))
    return false;
  if (mortgage_origination_) {
    // Last: the only test that derives part of the record (cheap, but more than a lookup).
    const auto t = detail::make_timeline(corpus_->seed_of(e), e, corpus_->known(e));
    if (t.mortgage_count == 0)
      return false;
    const std::chrono::sys_days day{std::chrono::days{t.mortgage_originated[0]}};
    const auto& [min, max] = *mortgage_origination_;
    return (!min || day >= *min) && (!max || day <= *max);
  }
  return true;
}

bool matches(const Corpus& corpus, const PropertyEntry& e, const SearchSpec& spec) {
  return SearchFilter(corpus, spec).matches(e);
}

void write_search_line(std::string& out, const Corpus& corpus, const PropertyEntry& e) {
  const auto days = detail::make_timeline(corpus.seed_of(e), e, corpus.known(e)).updates;
  detail::JsonOut json(out);
  json.begin_object();
  json.key("id").uuid(e.id);
  for (std::size_t i = 0; i < kUpdateTimeCount; ++i)
    json.field_date(kUpdateTimeNames[i], days[i]);
  json.end_object();
}

} // namespace reonomy::mock
