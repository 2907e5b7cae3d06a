#!/usr/bin/env bash
# Run the date-sensitive tests (those marked `dates`) with the whole process's clock moved
# to each moment below by libfaketime. A test that reads the real date or time of day
# instead of freezing it fails on one of them. Used by `make test-dates` (and so by CI).
# Extra arguments go to pytest, e.g. `-m "not e2e and not faults"` to try everything.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is needed: sudo apt-get install faketime"; exit 1; }

# UTC. London is on GMT for all but the two summer-time moments.
moments=(
  "2027-01-13 10:00:00"  # a Wednesday in term
  "2026-12-05 12:00:00"  # a Saturday
  "2026-12-31 23:30:00"  # half an hour before the year turns
  "2028-02-29 12:00:00"  # a leap day
  "2027-03-28 00:30:00"  # the last Sunday of March: half an hour before the clocks go forward
  "2027-03-28 01:30:00"  # ... and half an hour after (02:30 BST)
  "2027-10-31 01:30:00"  # the last Sunday of October: the clocks have just gone back
  "2026-12-28 10:00:00"  # a substitute bank holiday (Boxing Day falls on a Saturday)
  "2026-12-08 16:59:00"  # a working day, a minute before working hours end
  "2026-12-08 17:01:00"  # ... and a minute after
)
selection=(-m "dates and not e2e and not faults")
[ "$#" -gt 0 ] && selection=("$@")

# The first run builds the test databases; the others reuse them.
create=--create-db
failed=()
for moment in "${moments[@]}"; do
  echo "== The clock at $moment UTC"
  TZ=UTC faketime -f "@$moment" .venv/bin/python -m pytest -n 2 --dist loadgroup -q \
    --no-header --reuse-db $create "${selection[@]}" || failed+=("$moment")
  create=
done
if ((${#failed[@]})); then
  printf 'Failed with the clock at: %s\n' "${failed[@]}"
  exit 1
fi
echo "Passed at all ${#moments[@]} moments."
