# A short run of every fuzzer (tests/fuzz) so that they cannot rot and
# what they once found stays fixed; `make fuzz` runs them for real.
FUZZ_SMOKE=1 . tests/fuzz/fuzz.sh
