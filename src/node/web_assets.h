// The dashboard's static files (web/), embedded into the binary at build time by
// cmake/embed_web.cmake so an installed `loka` needs no files beside it.
#ifndef LOKA_NODE_WEB_ASSETS_H_
#define LOKA_NODE_WEB_ASSETS_H_

#include <string_view>

namespace loka::node {

struct WebAsset {
  std::string_view path;          // "/index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view bytes;
};

// The embedded asset served at `path` ("/" is "/index.html"), or null.
const WebAsset* FindWebAsset(std::string_view path);

// Content type by file extension, for files served from NodeOptions::web_dir.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace loka::node

#endif  // LOKA_NODE_WEB_ASSETS_H_
