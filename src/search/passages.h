// Blocks -> passages: the unit the knowledge base indexes and returns. A block no longer than
// max_bytes is one passage; a longer one is cut at the last sentence end (". ", "? ", "! ",
// "। ", "。" ...) or else the last space before the limit, or else at a code point boundary.
#ifndef LOKA_SEARCH_PASSAGES_H_
#define LOKA_SEARCH_PASSAGES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "search/extract.h"

namespace loka::search {

struct PassageOptions {
  // Longest passage in bytes. 1200 bytes hold a long paragraph of Latin text (about 200 words)
  // or about 400 characters of a three-byte script; longer passages dilute BM25 and make
  // snippets hunt for the match.
  size_t max_bytes = 1200;
};

struct Passage {
  std::string heading;  // the block's heading path
  std::string text;
};

// REQUIRES: each block's text is valid UTF-8 (as Extract gives).
std::vector<Passage> SplitPassages(const std::vector<Block>& blocks,
                                   const PassageOptions& options = {});

}  // namespace loka::search

#endif  // LOKA_SEARCH_PASSAGES_H_
