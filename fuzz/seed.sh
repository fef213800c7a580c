#!/usr/bin/env bash
# Seeds the fuzz corpora from the project's own files: the sample ledgers and the format
# fixtures for `file`, the sample template for `template`, a few cell texts for `cells`.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/file corpus/template corpus/cells corpus/sheet
find ../inputs ../tests/fixtures/formats -type f \( -name '*.xls*' -o -name '*.csv' -o -name '*.ods' -o -name '*.et' -o -name '*.txt' \) \
  | while read -r f; do cp "$f" "corpus/file/$(echo "$f" | md5sum | cut -c1-12)"; done
cp ../inputs/报告模板.txt corpus/template/sample
cp ../examples/正式发文/报告模板.txt corpus/template/formal
i=0
for t in "2024年3月5日" "12件" "应到11人实到9人" "调解不成功" "法院委派" "（共43人）" "2024.3.14" "45356" "三月" "5日"; do
  printf '%s' "$t" > "corpus/cells/$i"; i=$((i+1))
done
head -c 400 /dev/urandom > corpus/sheet/random
