#include "core/strict_json.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/api_error.hpp"

namespace reonomy::mock {

namespace {

using Json = nlohmann::json;

// Each open object or array is a frame; a key belongs to the innermost open object.
class DuplicateKeyFinder {
public:
  static constexpr std::size_t kMaxDepth = 32;

  bool operator()(int, Json::parse_event_t event, Json& parsed) {
    using E = Json::parse_event_t;
    if (event == E::object_start || event == E::array_start) {
      // Past kMaxDepth no path is built: paths grow with depth, and building one per level made a
      // 100,000-deep body cost gigabytes (found by the abuse tests).
      if (frames_.size() >= kMaxDepth) {
        if (!error_)
          error_ =
              validation_error(frames_.back().path,
                               "nested more than " + std::to_string(kMaxDepth) + " levels deep");
        frames_.push_back({event == E::object_start, frames_.back().path, {}, {}});
        return true;
      }
      std::string path = "(body)";
      if (!frames_.empty()) {
        const Frame& parent = frames_.back();
        const std::string child =
            parent.is_object ? parent.last_key : "[" + std::to_string(parent.items) + "]";
        path = parent.path == "(body)" ? child
               : parent.is_object      ? parent.path + "." + child
                                       : parent.path + child;
      }
      frames_.push_back({event == E::object_start, std::move(path), {}, {}});
    } else if (event == E::object_end || event == E::array_end) {
      if (!frames_.empty())
        frames_.pop_back();
      count_item();
    } else if (event == E::key && !frames_.empty()) {
      Frame& frame = frames_.back();
      frame.last_key = parsed.get<std::string>();
      if (!frame.keys.insert(frame.last_key).second && !error_) {
        const std::string field =
            frame.path == "(body)" ? frame.last_key : frame.path + "." + frame.last_key;
        error_ = validation_error(field, "duplicate key; give each key once");
      }
    } else if (event == E::value) {
      count_item();
    }
    return true;
  }

  const std::optional<ApiError>& error() const { return error_; }

private:
  struct Frame {
    bool is_object;
    std::string path;
    std::string last_key;
    std::set<std::string> keys;
    std::size_t items = 0; // of an array: the index of the next element
  };

  void count_item() {
    if (!frames_.empty() && !frames_.back().is_object)
      ++frames_.back().items;
  }

  std::vector<Frame> frames_;
  std::optional<ApiError> error_;
};

} // namespace

nlohmann::json parse_json_refusing_duplicates(std::string_view text) {
  DuplicateKeyFinder finder;
  Json doc = Json::parse(text.begin(), text.end(), std::ref(finder), false);
  if (doc.is_discarded())
    return doc;
  if (finder.error())
    throw *finder.error();
  return doc;
}

} // namespace reonomy::mock
