#pragma once

#include <span>
#include <string>

#include "core/ids.hpp"
#include "data/corpus.hpp"
#include "specs/property_details_spec.hpp"

namespace reonomy::mock {

// Appends the property record of `id` to `out` as one line of JSON (no trailing newline; the
// caller adds '\n' between NDJSON lines), exactly as a property-details result file carries it.
//
// The record is a pure function of (corpus seed, id, types, filter_pii): the same arguments
// always give the same bytes, also for ids outside the corpus (they get the commercial property
// their id derives to), and documented ids read the same whatever the seed.
//
// Shape:
//   - `property_id` first, always (ours: a line must say which id it answers, whatever types
//     were asked for; search items call the same id `id`).
//   - the `basic` fields at the top level, when basic is requested (the documentation: basic
//     attributes such as `active` and `municipality` sit at the top level, not under `basic`),
//     including the seven `*_update_time` dates;
//   - every other requested type under its own key, in the documentation's order whatever the
//     request's order: `mortgages` (array), `ownership` ({contacts: [...]}), `reported_owner`
//     (object), `sales` (array), `taxes` (array), `tenants` (array of {name, contacts}).
//   Unrequested types are absent; duplicates in `types` are written once.
// filter_pii leaves out exactly the fields of kPiiFields (pii_filter.hpp) and changes nothing
// else. Records of sfr and condo entries are written the same way (the match feature decides
// whether to hand them out).
void write_record(std::string& out, const Corpus& corpus, const Uuid& id,
                  std::span<const DetailType> types, bool filter_pii);

} // namespace reonomy::mock
