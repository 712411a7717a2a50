#!/usr/bin/env bash
# Fails when a file under src/ includes a header from a higher layer (DESIGN.md "Layers").
set -euo pipefail
src="${1:-$(dirname "$0")/../src}"
# rank of each layer; a layer may include only layers of lower rank (or its own).
declare -A rank=([core]=0 [text]=1 [learn]=2 [store]=2 [channels]=2 [langid]=3 [agri]=3 [search]=4 [sense]=5 [helpline]=5 [node]=6 [fed]=6 [cli]=7)
bad=0
while IFS= read -r -d '' f; do
  layer="${f#"$src"/}"; layer="${layer%%/*}"
  [[ -n "${rank[$layer]:-}" ]] || { echo "unknown layer folder: $layer ($f)"; bad=1; continue; }
  while IFS= read -r inc; do
    dep="${inc%%/*}"
    [[ -n "${rank[$dep]:-}" ]] || continue
    if [[ "$dep" != "$layer" && ${rank[$dep]} -ge ${rank[$layer]} ]]; then
      echo "$f: $layer may not include $inc (layer $dep)"; bad=1
    fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done < <(find "$src" \( -name '*.h' -o -name '*.cc' \) -print0)
if ((bad)); then echo "layer check failed"; exit 1; fi
echo "layer check: ok"
