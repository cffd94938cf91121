-- wrk prints latency with changing units; this adds one line in fixed ones for run.sh to read:
-- RESULT <requests/s> <p50 ms> <p99 ms> <errors, including non-2xx answers>
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.3f %.3f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
